import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrivateRedis } from '../../helpers/private-redis.js';
import { SmtpSink } from '../../helpers/smtp-sink.js';
import type { TestApp } from '../../helpers/test-app.js';

// As in reminders-worker.int-spec.ts: a Redis and an SMTP sink of the test's own, in the environment before the app
// loads.
const redis = await PrivateRedis.start();
const sink = await SmtpSink.start();
const sharedEnv = {
  REDIS_URL: process.env.REDIS_URL,
  REDIS_PREFIX: process.env.REDIS_PREFIX,
  SMTP_URL: process.env.SMTP_URL,
};
process.env.REDIS_URL = redis.url;
process.env.REDIS_PREFIX = 'th-credit-notices-worker';
process.env.SMTP_URL = sink.url;
const { Module } = await import('@nestjs/common');
const { NestFactory } = await import('@nestjs/core');
const { MikroORM } = await import('@mikro-orm/postgresql');
const { CoreModule } = await import('../../../src/core.module.js');
const { WorkerModule } = await import('../../../src/worker.module.js');
const { BookingsService } = await import('../../../src/modules/bookings/bookings.service.js');
const { CreditExpiryService } = await import('../../../src/modules/packages/credit-expiry.service.js');
const { createTrainer } = await import('../../factories/accounts.factory.js');
const { createClient } = await import('../../factories/clients.factory.js');
const { createPackage, sellPackage } = await import('../../factories/packages.factory.js');
const { ensureMigrated, rawClient } = await import('../../helpers/database.js');
const { inContext } = await import('../../helpers/test-app.js');
for (const [key, value] of Object.entries(sharedEnv)) {
  if (value === undefined) Reflect.deleteProperty(process.env, key);
  else process.env[key] = value;
}

/** Polls in short steps (never one long sleep) until the check holds or about `ms` pass. */
async function eventually(check: () => boolean, ms = 8_000): Promise<void> {
  for (let waited = 0; waited < ms && !check(); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * The real worker: its start-up sweep finds the low balance, the emails processor dispatches the credit-notice job
 * to its handler (the worker refuses to start with a job name it cannot handle), and the email reaches the sink.
 * The balance falls to one through the nightly expiry write-off, which removes two purchases' credits in one
 * statement: one movement, one notice.
 */
describe('worker credit notices', () => {
  let setup: INestApplicationContext;
  let worker: INestApplicationContext | undefined;
  let t: TestApp;

  beforeAll(async () => {
    await ensureMigrated();
    class SetupModule {}
    Module({ imports: [CoreModule] })(SetupModule);
    setup = await NestFactory.createApplicationContext(SetupModule, { logger: false, abortOnError: false });
    t = { app: setup as unknown as NestFastifyApplication, orm: setup.get(MikroORM) } as TestApp;
  });
  afterAll(async () => {
    await worker?.close();
    await setup?.close();
    await sink.close();
    await redis.stop();
  }, 30_000);

  it('sends one "1 session left" email after the expiry write-off leaves one credit', async () => {
    const trainer = await createTrainer(t, { name: 'Ελένη Παπαδοπούλου' });
    const client = await createClient(t, trainer.actor, { name: 'Siobhán O’Brien', email: 'siobhan@example.test' });
    const keep = await createPackage(t, trainer.actor, { name: 'Single', sessionCount: 1, validityDays: 90 });
    const lapse = await createPackage(t, trainer.actor, { name: 'Trial', sessionCount: 3, validityDays: 30 });
    await sellPackage(t, trainer.actor, client.id, { packageId: keep.id });
    const lapsing = await sellPackage(t, trainer.actor, client.id, { packageId: lapse.id });
    const second = await sellPackage(t, trainer.actor, client.id, { packageId: lapse.id });
    const bookings = setup.get(BookingsService, { strict: false });
    // One credit of each trial used: four left in all, two on each trial purchase, which lapse together.
    for (const [i, purchase] of [lapsing, second].entries()) {
      await inContext(t, () =>
        bookings.create(trainer.actor, {
          clientId: client.id,
          startTime: new Date(Date.now() + (3 + i) * 24 * 3_600_000),
          durationMinutes: 60,
          clientPackageId: purchase.purchase.id,
        }),
      );
    }
    const db = await rawClient();
    try {
      // A notice found in quiet hours waits for the morning; this test must not depend on the hour it runs at.
      await db.query(`update trainers set quiet_hours_enabled = false where id = $1`, [trainer.actor.trainerId]);
      // Both trials expired a minute ago (the write-off reads the instant, whatever the clock says).
      await db.query(
        `update client_packages set expires_at = now() - interval '1 minute', purchased_at = now() - interval '40 days'
          where id = any($1)`,
        [[lapsing.purchase.id, second.purchase.id]],
      );
      expect(await setup.get(CreditExpiryService, { strict: false }).expireDueFor(trainer.actor.trainerId ?? '')).toBe(
        2,
      );

      worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false, abortOnError: false });
      await worker.init();
      const mine = () => sink.messages.filter((message) => message.to.includes('siobhan@example.test'));
      await eventually(() => mine().length > 0);
      expect(mine()).toHaveLength(1);
      expect(mine()[0]?.decodedHeader('subject')).toContain('1 session credit left');
      expect(mine()[0]?.part('text/plain')?.body).toContain('on your Single package');

      // The sink has the message a moment before the worker records the row as sent.
      const statuses = async () =>
        (
          await db.query<{ status: string }>(
            `select status from notifications where client_id = $1 and purpose = 'credits_low'`,
            [client.id],
          )
        ).rows;
      let rows = await statuses();
      for (let tries = 0; tries < 40 && rows[0]?.status === 'sending'; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        rows = await statuses();
      }
      expect(rows).toEqual([{ status: 'sent' }]);
    } finally {
      await db.end();
    }
  });
});
