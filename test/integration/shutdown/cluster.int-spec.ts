import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { type AppProcess, type ProcessExit, startAppProcess } from '../../helpers/app-process.js';
import { descendantsOf, killAll, waitUntilGone } from '../../helpers/process-tree.js';

const EXIT_WITHIN_MS = 10_000;
const BOOT_AND_BUILD_MS = 240_000;
const CONNECTIONS = 8;

/** The inode of the server side of a loopback TCP connection, from /proc/net/tcp (ports are hex there). */
function serverSocketInode(serverPort: number, clientPort: number): string | undefined {
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields[1]?.endsWith(`:${hex(serverPort)}`) && fields[2]?.endsWith(`:${hex(clientPort)}`)) return fields[9];
  }
  return undefined;
}

/** Which of `pids` holds the socket with this inode open: the process that accepted the connection. */
function socketOwner(inode: string, pids: number[]): number | undefined {
  return pids.find((pid) =>
    readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`;
      } catch {
        return false; // closed meanwhile
      }
    }),
  );
}

/** One keep-alive request on its own connection; resolves with the status and the still-open socket. */
function requestOn(port: number): Promise<{ status: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let text = '';
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\r\n\r\n')) resolve({ status: Number(text.split(' ')[1]), socket });
    });
    socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
  });
}

// The compiled web process with WEB_CONCURRENCY=2: a node:cluster primary and two web processes on one port.
describe('Web cluster (WEB_CONCURRENCY=2)', () => {
  let web: AppProcess;
  let workers: number[];
  let answeredBy: Set<number>;
  let statuses: number[];
  let exit: ProcessExit;
  let leftRunning: number[];

  beforeAll(async () => {
    web = await startAppProcess({ env: { WEB_CONCURRENCY: '2' } });
    // /health answers once the first web process listens; each prints its line when it does.
    for (let tries = 0; tries < 600; tries += 1) {
      if ((web.output().match(/TrainerHub web listening on .*\(web process \d+\)/g) ?? []).length >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    workers = descendantsOf(web.pid).map((info) => info.pid);
    const opened = await Promise.all(Array.from({ length: CONNECTIONS }, () => requestOn(web.port)));
    statuses = opened.map((connection) => connection.status);
    answeredBy = new Set();
    for (const { socket } of opened) {
      const inode = serverSocketInode(web.port, socket.localPort ?? 0);
      const owner = inode ? socketOwner(inode, workers) : undefined;
      if (owner) answeredBy.add(owner);
    }
    for (const { socket } of opened) socket.destroy();

    web.kill('SIGTERM');
    exit = await Promise.race([
      web.exited,
      new Promise<ProcessExit>((resolve) =>
        setTimeout(() => resolve({ code: null, signal: null, ms: Infinity }), EXIT_WITHIN_MS * 2),
      ),
    ]);
    leftRunning = await waitUntilGone([web.pid, ...workers], 2_000);
  }, BOOT_AND_BUILD_MS);

  afterAll(async () => {
    killAll(leftRunning ?? []);
    await web?.stop(2_000);
  });

  it('runs two web processes under the primary', () => {
    expect(workers).toHaveLength(2);
    expect(workers).not.toContain(web.pid);
  });

  it('answers on one port from both web processes', () => {
    expect(statuses).toEqual(Array.from({ length: CONNECTIONS }, () => 200));
    expect([...answeredBy].sort()).toEqual([...workers].sort());
  });

  it('stops the primary and every web process on SIGTERM, exit 0 within 10 s', () => {
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(exit.ms).toBeLessThan(EXIT_WITHIN_MS);
    expect(leftRunning).toEqual([]);
  });
});
