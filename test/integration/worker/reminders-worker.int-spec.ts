import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrivateRedis } from '../../helpers/private-redis.js';
import { SmtpSink } from '../../helpers/smtp-sink.js';
import type { TestApp } from '../../helpers/test-app.js';

// As in reminders.int-spec.ts: a Redis and an SMTP sink of the test's own, in the environment before the app loads.
const redis = await PrivateRedis.start();
const sink = await SmtpSink.start();
const sharedEnv = {
  REDIS_URL: process.env.REDIS_URL,
  REDIS_PREFIX: process.env.REDIS_PREFIX,
  SMTP_URL: process.env.SMTP_URL,
};
process.env.REDIS_URL = redis.url;
process.env.REDIS_PREFIX = 'th-reminders-worker';
process.env.SMTP_URL = sink.url;
const { NestFactory } = await import('@nestjs/core');
const { MikroORM } = await import('@mikro-orm/postgresql');
const { WorkerModule } = await import('../../../src/worker.module.js');
const { BookingsService } = await import('../../../src/modules/bookings/bookings.service.js');
const { createTrainer } = await import('../../factories/accounts.factory.js');
const { createClient } = await import('../../factories/clients.factory.js');
const { ensureMigrated } = await import('../../helpers/database.js');
const { inContext } = await import('../../helpers/test-app.js');
// Test files share the process: the next one must see the shared Redis again (the app kept its validated copy).
for (const [key, value] of Object.entries(sharedEnv)) {
  if (value === undefined) Reflect.deleteProperty(process.env, key);
  else process.env[key] = value;
}

/** Polls in short steps (never one long sleep) until the check holds or about `ms` pass. */
async function eventually(check: () => boolean, ms = 8_000): Promise<void> {
  for (let waited = 0; waited < ms && !check(); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * The real worker module, its timers and BullMQ processors running: a booking made through the service reaches the
 * SMTP sink as a confirmation with no hand in between (relay tick, emails queue, processor, transport).
 */
describe('worker reminder pipeline', () => {
  let worker: INestApplicationContext;
  let t: TestApp;

  beforeAll(async () => {
    await ensureMigrated();
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false, abortOnError: false });
    await worker.init();
    t = { app: worker as unknown as NestFastifyApplication, orm: worker.get(MikroORM) } as TestApp;
  });
  afterAll(async () => {
    await worker?.close();
    await sink.close();
    await redis.stop();
  }, 30_000);

  it('relays a new booking and sends its confirmation through the emails processor, once', async () => {
    const trainer = await createTrainer(t, { name: 'Ελένη Παπαδοπούλου' });
    const client = await createClient(t, trainer.actor, { name: 'Łukasz', email: 'lukasz@example.test' });
    const bookings = worker.get(BookingsService, { strict: false });
    await inContext(t, () =>
      bookings.create(trainer.actor, {
        clientId: client.id,
        startTime: new Date(Date.UTC(2031, 8, 2, 9)),
        durationMinutes: 60,
      }),
    );
    const mine = () => sink.messages.filter((message) => message.to.includes('lukasz@example.test'));
    await eventually(() => mine().length > 0);
    expect(mine()).toHaveLength(1);
    expect(mine()[0]?.decodedHeader('subject')).toMatch(/Tue 2 Sept|Tue 2 Sep/);
    // A later relay tick or reconcile makes no second copy.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(mine()).toHaveLength(1);
  });
});
