import type { DefaultJobOptions } from 'bullmq';

const DAY_SECONDS = 24 * 3600;

/**
 * How long finished jobs stay in Redis, for every queue (QueueModule passes it as each queue's defaultJobOptions).
 * Without a limit BullMQ keeps every completed and failed job for ever, and Redis, which must run with
 * `noeviction`, fills up with them. A job that sets its own removeOnComplete/removeOnFail (the send jobs, the
 * rollup refreshes, the schedulers' templates) overrides this; everything else gets it.
 *  - completed: a week, and at most 1,000 per queue: enough to see what ran recently, PostgreSQL keeps the record;
 *  - failed: a month, at most 5,000 per queue: long enough to find, read and retry through the ops API.
 * `age` is in seconds (BullMQ's KeepJobs).
 */
export const DEFAULT_JOB_RETENTION = {
  removeOnComplete: { age: 7 * DAY_SECONDS, count: 1_000 },
  removeOnFail: { age: 30 * DAY_SECONDS, count: 5_000 },
} as const satisfies DefaultJobOptions;
