import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { findFreePort, hasExited, LogTail, sleep, stopChild } from './processes.js';
import { StartupError } from './startup-error.js';

export const PRIVATE_REDIS_FIRST_PORT = 63799;

/** True when a Redis at `url` answers PING within `timeoutMs`. One attempt, no retries, no reconnects. */
export async function probeRedis(url: string, timeoutMs = 1_500): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined); // the failed probe is the answer; don't print ioredis' complaint
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export interface PrivateRedis {
  url: string;
  pid: number;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * A redis-server of our own on 127.0.0.1:63799 (or the next free port), data in .data/redis. Its own port keeps
 * it apart from any system Redis; append-only persistence keeps queued jobs across restarts like production.
 */
export async function startPrivateRedis(redisServer: string, projectRoot: string): Promise<PrivateRedis> {
  const dataDir = join(projectRoot, '.data', 'redis');
  const logFile = join(projectRoot, '.data', 'redis.log');
  mkdirSync(dataDir, { recursive: true });
  const port = await findFreePort(PRIVATE_REDIS_FIRST_PORT);
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dataDir,
    '--save',
    '',
    '--appendonly',
    'yes',
    '--maxmemory-policy',
    'noeviction',
    '--daemonize',
    'no',
    '--logfile',
    logFile,
  ];
  // Detached: its own process group, so a Ctrl-C in the terminal reaches start.ts only and Redis stops last.
  const child = spawn(redisServer, args, { cwd: dataDir, detached: true, stdio: 'ignore' });
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));

  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (!(await probeRedis(url, 500))) {
    if (spawnError || hasExited(child) || Date.now() > deadline) {
      await stopChild(child, 2_000);
      const tail = new LogTail(15);
      if (existsSync(logFile)) tail.push(readFileSync(logFile, 'utf8'));
      throw new StartupError(
        `redis-server did not start (${spawnError?.message ?? 'no answer on ' + url}); fix what its log below says, or ` +
          `run a Redis yourself ("docker compose up -d redis") and set REDIS_URL:\n${tail.toString()}`,
      );
    }
    await sleep(100);
  }
  const { pid } = child;
  if (pid === undefined) throw new StartupError('redis-server started without a process id');
  return {
    url,
    pid,
    child,
    logFile,
    // SIGTERM: Redis flushes the append-only file and exits (well within start.ts's 10 s stop budget).
    stop: () => stopChild(child, 3_000, 'SIGTERM'),
  };
}
