import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/common/paths.js';
import { WEB_HEAP_FLAGS } from '../../src/config/heap-flags.js';
import { type Child, freePort, rssOf, startChild, waitForHttp } from './processes.js';
import { LOOPBACK } from './urls.js';

/** Secrets and the Redis prefix of one bench run, shared by the app and the comparators (same JWT check). */
export interface RunSecrets {
  sessionSecret: string;
  jwtAccessSecret: string;
  jwtRefreshSecret: string;
  redisPrefix: string;
  redisUrl: string;
}

export interface AppProcess {
  readonly child: Child;
  readonly baseUrl: string;
  rss(): Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * The production build as operators run it: `node dist/src/main.js`, NODE_ENV=production, quiet logs, its own
 * Redis prefix. DEPLOY_TARGET=compose only lets the boot check accept the local superuser role.
 */
export async function startApp(databaseUrl: string, secrets: RunSecrets, logLevel = 'warn'): Promise<AppProcess> {
  const port = await freePort();
  const baseUrl = `http://${LOOPBACK}:${port}`;
  // The heap bounds production runs with (scripts/start.ts and the Dockerfile add them too).
  const child = startChild('app', [...WEB_HEAP_FLAGS, join(PROJECT_ROOT, 'dist', 'src', 'main.js')], {
    NODE_ENV: 'production',
    LOG_LEVEL: logLevel,
    DATABASE_URL: databaseUrl,
    REDIS_URL: secrets.redisUrl,
    REDIS_PREFIX: secrets.redisPrefix,
    HOST: LOOPBACK,
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    SESSION_SECRET: secrets.sessionSecret,
    JWT_ACCESS_SECRET: secrets.jwtAccessSecret,
    JWT_REFRESH_SECRET: secrets.jwtRefreshSecret,
    DEPLOY_TARGET: 'compose',
    WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? '1',
  });
  await waitForHttp(`${baseUrl}/health`, child);
  return { child, baseUrl, rss: () => rssOf(child.pid), stop: () => child.stop(10_000) };
}
