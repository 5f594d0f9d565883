import { Redis, type RedisOptions } from 'ioredis';

/** A command that waited this long is answered with an error (and the request with 503), not awaited further. */
export const REDIS_COMMAND_TIMEOUT_MS = 1_500;
/** Reconnect attempts back off to at most this, and never stop: Redis coming back is picked up within a second. */
export const REDIS_MAX_RECONNECT_DELAY_MS = 1_000;

/**
 * Options of the general-purpose client (sessions, login throttling, readiness). It must fail fast: a request
 * whose Redis call cannot be served answers 503 within about a second instead of waiting out an outage.
 *  - no offline queue: while disconnected a command fails at once instead of waiting for a reconnect (and
 *    then running late, after its request already answered); createRedis() waits for the first connect so
 *    boot does not race it;
 *  - commandTimeout: bounds a Redis that accepts connections but does not answer;
 *  - maxRetriesPerRequest 1: a command caught by a disconnect fails after one failed reconnect attempt;
 *  - the retry strategy keeps reconnecting in the background with a capped backoff.
 * BullMQ's connections are the opposite (maxRetriesPerRequest null): see queueConnectionOptions().
 */
export function redisOptions(extra: RedisOptions = {}): RedisOptions {
  return {
    maxRetriesPerRequest: 1,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: 2_000,
    enableOfflineQueue: false,
    retryStrategy: reconnectDelay,
    lazyConnect: false,
    ...extra,
  };
}

/** Exponential backoff from 50 ms, capped, with jitter so many processes do not reconnect in lockstep. */
export function reconnectDelay(attempt: number): number {
  return Math.min(50 * 2 ** Math.max(0, attempt - 1), REDIS_MAX_RECONNECT_DELAY_MS) + Math.floor(Math.random() * 100);
}

/**
 * BullMQ's own connections (queues in the web process, workers in the worker): BullMQ requires
 * maxRetriesPerRequest null, since its blocking commands must survive a reconnect, and it handles outages itself
 * (its own reconnect backoff included).
 */
export function queueConnectionOptions(url: string): {
  url: string;
  maxRetriesPerRequest: null;
  connectTimeout: number;
} {
  return { url, maxRetriesPerRequest: null, connectTimeout: 5_000 };
}

/** How long boot waits for Redis before going on without it (requests then answer 503 until it is back). */
export const REDIS_BOOT_WAIT_MS = 3_000;

export function createRedis(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, redisOptions(extra));
}

/**
 * Resolves once the client is ready, or after `waitMs` if Redis is unreachable: the app boots either way,
 * and the client keeps reconnecting in the background.
 */
export async function whenReady(redis: Redis, waitMs = REDIS_BOOT_WAIT_MS): Promise<boolean> {
  if (redis.status === 'ready') return true;
  return new Promise<boolean>((resolve) => {
    const done = (ready: boolean): void => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    };
    const onReady = (): void => done(true);
    const timer = setTimeout(() => done(false), waitMs);
    redis.on('ready', onReady);
  });
}

/** The message a newcomer sees when nothing answers at REDIS_URL. */
export function redisMissingMessage(url: string): string {
  return (
    `TrainerHub needs Redis and nothing answers at ${url}. ` +
    'Start one with "docker compose up -d redis" (or install redis-server and run "redis-server"), ' +
    'or point REDIS_URL at a running Redis, then run the command again.'
  );
}
