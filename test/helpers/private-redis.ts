import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address !== 'string' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * A redis-server of the test's own on a loopback port, for what must not touch the shared one: FLUSHALL, or
 * stopping Redis to see the outbox survive. No persistence; killed by stop().
 */
export class PrivateRedis {
  private constructor(
    readonly port: number,
    private process: ChildProcess,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const port = await freePort();
    const redis = new PrivateRedis(port, PrivateRedis.spawn(port));
    await redis.waitUntilUp();
    return redis;
  }

  private static spawn(port: number): ChildProcess {
    return spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** A short-lived client for commands the test gives itself (FLUSHALL, KEYS). */
  async command<T>(work: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = new Redis(this.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    try {
      await redis.connect();
      return await work(redis);
    } finally {
      redis.disconnect();
    }
  }

  private async waitUntilUp(): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      try {
        if ((await this.command((redis) => redis.ping())) === 'PONG') return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    throw new Error(`redis-server on port ${this.port} did not start`);
  }

  /** Stops the server (an outage); restart() brings it back, empty, on the same port. */
  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.kill('SIGKILL');
    await exited;
  }

  async restart(): Promise<void> {
    this.process = PrivateRedis.spawn(this.port);
    await this.waitUntilUp();
  }
}
