import { type ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './processes.js';
import { LOOPBACK } from './urls.js';

/**
 * A redis-server of the bench's own on a loopback port (no persistence, `noeviction` and the listpack limit like production), so the
 * reminders family can read `INFO memory` deltas that no other client disturbs and empty it between phases with
 * FLUSHALL. Stopped by PID: by stop(), and on the bench's exit.
 */
export class PrivateRedis {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
  ) {}

  /** Needs `redis-server` on PATH (the test suite's private Redis needs it too). */
  static async start(): Promise<PrivateRedis> {
    const port = await freePort();
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        LOOPBACK,
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
        // As docker-compose.yml and the README set it: BullMQ's job hashes (data and opts ~150 B each) then stay
        // in Redis's compact listpack encoding instead of a hashtable: ~490 B per job hash instead of ~880.
        '--hash-max-listpack-value',
        '512',
      ],
      { stdio: 'ignore' },
    );
    const failed = await new Promise<boolean>((resolve) => {
      child.once('error', () => resolve(true));
      child.once('spawn', () => resolve(false));
    });
    if (failed || child.pid === undefined) throw new Error('the reminders bench needs redis-server on PATH');
    const pid = child.pid;
    const killOnExit = () => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    process.once('exit', killOnExit);
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        process.removeListener('exit', killOnExit);
        resolve();
      }),
    );
    const redis = new PrivateRedis(`redis://${LOOPBACK}:${port}`, child, exited);
    for (let attempt = 0; attempt < 100; attempt += 1) {
      try {
        if ((await redis.command((client) => client.ping())) === 'PONG') return redis;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    await redis.stop();
    throw new Error(`redis-server on port ${port} did not start`);
  }

  /** A short-lived client for the bench's own commands (INFO, FLUSHALL, MEMORY USAGE). */
  async command<T>(work: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = new Redis(this.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    // A refused connect (the server still starting) rejects connect(); without a listener ioredis also prints it.
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      return await work(redis);
    } finally {
      redis.disconnect();
    }
  }

  async stop(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
