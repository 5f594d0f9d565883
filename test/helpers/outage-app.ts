import { ConfigService } from '@nestjs/config';
import { DEFAULT_REDIS_URL } from '../../src/config/env.schema.js';
import { ensureMigrated } from './database.js';
import { startTcpProxy, targetOf, type TcpProxy } from './tcp-proxy.js';
import type { TestApp } from './test-app.js';

/**
 * The real app (in this test process) talking to PostgreSQL and Redis through loopback TCP proxies, so a test
 * can cut either store and watch the app answer.
 *
 * Why the dynamic import: @nestjs/config validates process.env once, when src/app.module.ts is first
 * evaluated, not when createApp() runs. So the proxy URLs must be in process.env before anything that imports
 * app.module (test-app.ts, the factories) is loaded. A file using this helper must therefore import those
 * modules only dynamically, after bootAppBehindProxies() returned (type-only imports are fine):
 *
 *   const outage = await bootAppBehindProxies();
 *   const { createTrainer } = await import('../../factories/accounts.factory.js');
 *
 * The environment is restored before this function returns, whatever happens, since every suite runs in one
 * process. Boot refuses (with a clear error) if the app did not pick up the proxies.
 */
export interface OutageApp {
  t: TestApp;
  /** Between the app and PostgreSQL. */
  database: TcpProxy;
  /** Between the app and Redis (the general-purpose client and BullMQ). */
  redis: TcpProxy;
  /** Restores both proxies, closes the app, then the proxies. */
  close(): Promise<void>;
}

export interface OutageBootOptions {
  /** Boot with PostgreSQL already unreachable. */
  databaseDown?: boolean;
  /** Boot with Redis already unreachable. */
  redisDown?: boolean;
}

export async function bootAppBehindProxies(options: OutageBootOptions = {}): Promise<OutageApp> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set; run tests through jest with test/setup');
  const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  // Migrate through the real URL first: bootTestApp() migrates too, and must find nothing left to do.
  await ensureMigrated();

  const database = await startTcpProxy(targetOf(databaseUrl));
  const redis = await startTcpProxy(targetOf(redisUrl));
  if (options.databaseDown) database.cut();
  if (options.redisDown) redis.cut();

  const saved = { DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL };
  const restoreEnv = (): void => {
    process.env.DATABASE_URL = saved.DATABASE_URL;
    if (saved.REDIS_URL === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = saved.REDIS_URL;
  };
  let t: TestApp;
  try {
    process.env.DATABASE_URL = database.rewrite(databaseUrl);
    process.env.REDIS_URL = redis.rewrite(redisUrl);
    const { bootTestApp } = await import('./test-app.js');
    t = await bootTestApp();
  } catch (error) {
    await Promise.all([database.close(), redis.close()]);
    throw error;
  } finally {
    restoreEnv();
  }

  const config = t.app.get(ConfigService);
  if (
    config.get('DATABASE_URL') !== database.rewrite(databaseUrl) ||
    config.get('REDIS_URL') !== redis.rewrite(redisUrl)
  ) {
    await t.close();
    await Promise.all([database.close(), redis.close()]);
    throw new Error(
      'The app did not pick up the proxy URLs: something imported src/app.module.ts before bootAppBehindProxies(). ' +
        'Import test-app.ts and the factories dynamically in this file.',
    );
  }

  return {
    t,
    database,
    redis,
    async close() {
      database.restore();
      redis.restore();
      await t.close();
      await Promise.all([database.close(), redis.close()]);
    },
  };
}

/** Polls `check` until it returns true (or `timeoutMs` passes): for waiting on recovery after restore(). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`Still not true after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
