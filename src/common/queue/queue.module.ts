import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../../config/env.schema.js';
import { queueConnectionOptions } from '../redis/redis-connection.js';
import { DEFAULT_JOB_RETENTION } from './job-retention.js';
import { QUEUE_ERROR_REPORTER } from './queue-error-reporter.js';
import { ALL_QUEUES } from './queues.js';

/** BullMQ wiring shared by the web process (which enqueues) and the worker (which also consumes). */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => ({
        prefix: `${config.get('REDIS_PREFIX', { infer: true })}:bull`,
        // BullMQ's connections keep maxRetriesPerRequest null (its blocking commands must outlive a reconnect);
        // the general-purpose client in src/common/redis fails fast instead.
        connection: queueConnectionOptions(config.get('REDIS_URL', { infer: true })),
      }),
    }),
    // Every queue keeps finished jobs for a bounded time and number; a job's own options override this.
    BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name, defaultJobOptions: DEFAULT_JOB_RETENTION }))),
  ],
  // Without an 'error' listener a Redis outage prints every queue reconnect failure as a stack trace.
  providers: [QUEUE_ERROR_REPORTER],
  exports: [BullModule],
})
export class QueueModule {}
