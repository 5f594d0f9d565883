import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { PrivateRedis } from '../../helpers/private-redis.js';

// A Redis of its own: the test adds jobs no worker should ever take. Set before core.module.ts is imported, as
// ConfigModule validates (and keeps) the environment then.
const redis = await PrivateRedis.start();
const sharedEnv = { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: process.env.REDIS_PREFIX };
process.env.REDIS_URL = redis.url;
process.env.REDIS_PREFIX = 'th-retention';
const { NestFactory } = await import('@nestjs/core');
const { getQueueToken } = await import('@nestjs/bullmq');
const { CoreModule } = await import('../../../src/core.module.js');
const { ALL_QUEUES } = await import('../../../src/common/queue/queues.js');
const { ensureMigrated } = await import('../../helpers/database.js');
for (const [key, value] of Object.entries(sharedEnv)) {
  if (value === undefined) Reflect.deleteProperty(process.env, key);
  else process.env[key] = value;
}

interface KeepJobs {
  age?: number;
  count?: number;
}

describe('job retention', () => {
  let context: INestApplicationContext;
  const queue = (name: string) => context.get<Queue>(getQueueToken(name), { strict: false });

  beforeAll(async () => {
    await ensureMigrated();
    context = await NestFactory.createApplicationContext(CoreModule, { logger: false, abortOnError: false });
  });

  afterAll(async () => {
    await context?.close();
    await redis.stop();
  }, 30_000);

  it.each(ALL_QUEUES)('bounds completed and failed jobs of the %s queue by age and count', (name) => {
    const { removeOnComplete, removeOnFail } = queue(name).defaultJobOptions;
    for (const keep of [removeOnComplete, removeOnFail] as KeepJobs[]) {
      expect(keep).toEqual({ age: expect.any(Number), count: expect.any(Number) });
      expect(keep.age).toBeGreaterThan(0);
      expect(keep.count).toBeGreaterThan(0);
    }
    // Failures stay longer than successes: they are what an admin comes to read and retry.
    expect((removeOnFail as KeepJobs).age).toBeGreaterThan((removeOnComplete as KeepJobs).age ?? Infinity);
  });

  it('stores the limits with a job added without options of its own, and lets a job override them', async () => {
    const maintenance = queue('maintenance');
    const plain = await maintenance.add('purge-idempotency-keys', {}, { jobId: 'retention.plain' });
    const own = await maintenance.add('purge-idempotency-keys', {}, { jobId: 'retention.own', removeOnComplete: 5 });
    try {
      const stored = await maintenance.getJob(plain.id ?? '');
      expect(stored?.opts.removeOnComplete).toEqual(maintenance.defaultJobOptions.removeOnComplete);
      expect(stored?.opts.removeOnFail).toEqual(maintenance.defaultJobOptions.removeOnFail);
      expect((await maintenance.getJob(own.id ?? ''))?.opts.removeOnComplete).toBe(5);
    } finally {
      await maintenance.obliterate({ force: true });
    }
  });
});
