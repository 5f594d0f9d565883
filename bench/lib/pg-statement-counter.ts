import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { LOOPBACK } from './urls.js';

/**
 * Counts the SQL statements a process sends, by reading the PostgreSQL wire protocol on a loopback proxy put
 * between it and the server. Counted, not assumed: every simple Query ('Q') and every Execute ('E') of the
 * extended protocol is one statement, whatever the ORM or driver. pg_stat_statements would need a server
 * restart (shared_preload_libraries), and pg_stat_database counts transactions, not statements.
 *
 * Bytes are forwarded untouched; parsing only reads a copy. Transaction control (BEGIN, COMMIT, SAVEPOINT, SET)
 * is counted apart, so "statements" means the ones that do work.
 */
export interface StatementCounts {
  statements: number;
  control: number;
}

export interface StatementCounter {
  readonly port: number;
  rewrite(url: string): string;
  counts(): StatementCounts;
  /** Starts keeping the SQL text of each statement (until takeRecorded()). */
  startRecording(): void;
  takeRecorded(): string[];
  close(): Promise<void>;
}

const CONTROL = /^\s*(begin|start\s+transaction|commit|end|rollback|savepoint|release|set\s|reset\s|discard\s)/i;
const SPECIAL_STARTUP_CODES = new Set([80877103, 80877104]); // SSLRequest, GSSENCRequest: a real startup follows.

function cString(buffer: Buffer, offset: number): { text: string; next: number } {
  const end = buffer.indexOf(0, offset);
  const stop = end === -1 ? buffer.length : end;
  return { text: buffer.toString('utf8', offset, stop), next: stop + 1 };
}

export async function startStatementCounter(target: { host: string; port: number }): Promise<StatementCounter> {
  const sockets = new Set<Socket>();
  const totals: StatementCounts = { statements: 0, control: 0 };
  let recorded: string[] | null = null;

  const count = (sql: string) => {
    if (CONTROL.test(sql)) totals.control += 1;
    else totals.statements += 1;
    recorded?.push(sql.replace(/\s+/g, ' ').trim());
  };

  const server: Server = createServer((client) => {
    const upstream = createConnection(target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
    upstream.pipe(client);

    let pending: Buffer = Buffer.alloc(0);
    let started = false;
    const prepared = new Map<string, string>();
    const portals = new Map<string, string>();
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (;;) {
        if (!started) {
          if (pending.length < 8) return;
          const length = pending.readInt32BE(0);
          if (pending.length < length) return;
          const code = pending.readInt32BE(4);
          started = !SPECIAL_STARTUP_CODES.has(code);
          pending = pending.subarray(length);
          continue;
        }
        if (pending.length < 5) return;
        const type = String.fromCharCode(pending[0] ?? 0);
        const length = pending.readInt32BE(1);
        if (pending.length < 1 + length) return;
        const body = pending.subarray(5, 1 + length);
        if (type === 'Q') {
          count(cString(body, 0).text);
        } else if (type === 'P') {
          const name = cString(body, 0);
          prepared.set(name.text, cString(body, name.next).text);
        } else if (type === 'B') {
          const portal = cString(body, 0);
          portals.set(portal.text, prepared.get(cString(body, portal.next).text) ?? '');
        } else if (type === 'E') {
          count(portals.get(cString(body, 0).text) ?? '');
        }
        pending = pending.subarray(1 + length);
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('statement counter has no port');
  const port = address.port;

  return {
    port,
    rewrite(url: string) {
      const parsed = new URL(url);
      parsed.hostname = LOOPBACK;
      parsed.port = String(port);
      return parsed.toString();
    },
    counts: () => ({ ...totals }),
    startRecording() {
      recorded = [];
    },
    takeRecorded() {
      const taken = recorded ?? [];
      recorded = null;
      return taken;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
