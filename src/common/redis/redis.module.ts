import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import type { Env } from '../../config/env.schema.js';
import { createRedis, whenReady } from './redis-connection.js';

export const REDIS = Symbol('REDIS');

/** One warning when Redis goes away and one line when it is back, not an error per reconnect attempt. */
function reportOutages(redis: Redis, logger: Logger): void {
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn(`Redis is unreachable (${error.message}); requests that need it answer 503 until it is back`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.log('Redis is reachable again');
  });
}

/** The app's general-purpose Redis client (sessions, throttling, readiness). BullMQ opens its own. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [ConfigService],
      useFactory: async (config: ConfigService<Env, true>) => {
        const redis = createRedis(config.get('REDIS_URL', { infer: true }));
        reportOutages(redis, new Logger('Redis'));
        // Boot waits a moment for the first connect, then goes on: Redis being down must not stop the app.
        await whenReady(redis);
        return redis;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status !== 'ready') {
      this.redis.disconnect();
      return;
    }
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
