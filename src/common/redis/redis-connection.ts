import { Redis, type RedisOptions } from 'ioredis';

/**
 * Options every TrainerHub Redis client shares. BullMQ needs maxRetriesPerRequest=null on its blocking
 * connections; the short connect timeout makes a missing Redis fail fast at boot instead of hanging.
 */
export function redisOptions(extra: RedisOptions = {}): RedisOptions {
  return { maxRetriesPerRequest: null, connectTimeout: 5_000, lazyConnect: false, ...extra };
}

export function createRedis(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, redisOptions(extra));
}

/** The message a newcomer sees when nothing answers at REDIS_URL. */
export function redisMissingMessage(url: string): string {
  return (
    `TrainerHub needs Redis and nothing answers at ${url}. ` +
    'Start one with "docker compose up -d redis" (or install redis-server and run "redis-server"), ' +
    'or point REDIS_URL at a running Redis, then run the command again.'
  );
}
