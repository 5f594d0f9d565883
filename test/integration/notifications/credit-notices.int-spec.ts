import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import { PrivateRedis } from '../../helpers/private-redis.js';
import { SmtpSink } from '../../helpers/smtp-sink.js';
import type { TestApp } from '../../helpers/test-app.js';

// As in reminders.int-spec.ts: a Redis and an SMTP sink of the test's own, in the environment before the app loads
// (ConfigModule validates and keeps it on import).
const redis = await PrivateRedis.start();
const sink = await SmtpSink.start();
const sharedEnv = {
  REDIS_URL: process.env.REDIS_URL,
  REDIS_PREFIX: process.env.REDIS_PREFIX,
  SMTP_URL: process.env.SMTP_URL,
};
process.env.REDIS_URL = redis.url;
process.env.REDIS_PREFIX = 'th-credit-notices';
process.env.SMTP_URL = sink.url;
const { Module } = await import('@nestjs/common');
const { NestFactory } = await import('@nestjs/core');
const { getQueueToken } = await import('@nestjs/bullmq');
const { MikroORM } = await import('@mikro-orm/postgresql');
const { CoreModule } = await import('../../../src/core.module.js');
const { QueueName } = await import('../../../src/common/queue/queues.js');
const { zonedTimeToUtc, localDateOf, addDays } = await import('../../../src/common/time/zoned-time.js');
const { BookingsService } = await import('../../../src/modules/bookings/bookings.service.js');
const { CreditNoticesModule } = await import('../../../src/modules/notifications/credit-notices.module.js');
const { CreditNoticesService } = await import('../../../src/modules/notifications/credit-notices.service.js');
const { creditNoticeJobId } = await import('../../../src/modules/notifications/credit-notices.types.js');
const { ClientEmailKind } = await import('../../../src/modules/notifications/client-emails.types.js');
const { createTrainer } = await import('../../factories/accounts.factory.js');
const { localTimeOf } = await import('../../../src/common/time/zoned-time.js');
const { createClient } = await import('../../factories/clients.factory.js');
const { createPackage, sellPackage } = await import('../../factories/packages.factory.js');
const { ensureMigrated, rawClient } = await import('../../helpers/database.js');
const { inContext } = await import('../../helpers/test-app.js');
// Test files share the process: the next one must see the shared Redis again (the app kept its validated copy).
for (const [key, value] of Object.entries(sharedEnv)) {
  if (value === undefined) Reflect.deleteProperty(process.env, key);
  else process.env[key] = value;
}

type Notices = InstanceType<typeof CreditNoticesService>;
type Bookings = InstanceType<typeof BookingsService>;
type Payload = import('../../../src/modules/notifications/credit-notices.types.js').CreditNoticePayload;
type Trainer = Awaited<ReturnType<typeof createTrainer>>;
const HOUR = 3_600_000;

const DAY = 24 * 3_600_000;

async function sql<Row extends object>(text: string, params: unknown[] = []): Promise<Row[]> {
  const db = await rawClient();
  try {
    return (await db.query<Row>(text, params)).rows;
  } finally {
    await db.end();
  }
}

/**
 * The credit notices with the clock in the test's hands: credits move through the real services, the sweep plans
 * and enqueues deterministic jobs on the real emails queue, and the delivery (what the emails processor calls)
 * sends to a real SMTP sink at the time the test says it is. The sweep covers every trainer in the database, so
 * each test finds its own jobs by their ids and its own messages by address.
 */
describe(CreditNoticesService.name, () => {
  let context: INestApplicationContext;
  let t: TestApp;
  let notices: Notices;
  let bookings: Bookings;
  let emails: Queue;
  let trainer: Trainer;
  let slot = 0;

  beforeAll(async () => {
    await ensureMigrated();
    class NoticesTestModule {}
    Module({ imports: [CoreModule, CreditNoticesModule] })(NoticesTestModule);
    context = await NestFactory.createApplicationContext(NoticesTestModule, { logger: false, abortOnError: false });
    t = { app: context as unknown as NestFastifyApplication, orm: context.get(MikroORM) } as TestApp;
    notices = context.get(CreditNoticesService, { strict: false });
    bookings = context.get(BookingsService, { strict: false });
    emails = context.get<Queue>(getQueueToken(QueueName.Emails), { strict: false });
    trainer = await createTrainer(t, { name: 'Ελένη Παπαδοπούλου' });
  });
  afterAll(async () => {
    await context?.close();
    await sink.close();
    await redis.stop();
  }, 30_000);
  beforeEach(() => sink.clear());

  function address() {
    return `c-${Math.random().toString(36).slice(2)}@example.test`;
  }

  /** A client holding one purchase of `sessions` credits, valid `validityDays`. */
  async function clientWithCredits(
    name: string,
    sessions: number,
    options: { email?: string | null; validityDays?: number | null; owner?: Trainer } = {},
  ) {
    const owner = options.owner ?? trainer;
    const client = await createClient(t, owner.actor, {
      name,
      email: options.email === undefined ? address() : options.email,
    });
    const pkg = await createPackage(t, owner.actor, {
      name: 'Ten-pack',
      sessionCount: sessions,
      validityDays: options.validityDays === undefined ? 90 : options.validityDays,
    });
    const sale = await sellPackage(t, owner.actor, client.id, { packageId: pkg.id });
    return { client, owner, purchase: sale.purchase };
  }

  /** Books a session `daysAhead` (far enough to cancel with a refund), paid with a credit. */
  async function bookWithCredit(owner: Trainer, clientId: string, daysAhead = 20) {
    slot += 1;
    const startTime = new Date(Date.now() + daysAhead * DAY + slot * 3 * 3_600_000);
    const { booking } = await inContext(t, () =>
      bookings.create(owner.actor, { clientId, startTime, durationMinutes: 60, useCredit: true }),
    );
    return booking;
  }

  async function lowEventOf(clientId: string): Promise<string | undefined> {
    const rows = await sql<{ event_key: string }>(
      `select event_key from notifications where client_id = $1 and purpose = 'credits_low' order by created_at`,
      [clientId],
    );
    return rows.at(-1)?.event_key;
  }

  async function noticeRows(clientId: string) {
    return sql<{ purpose: string; event_key: string; status: string; attempts: number; last_error: string | null }>(
      `select purpose, event_key, status, attempts, last_error from notifications
        where client_id = $1 order by created_at, purpose`,
      [clientId],
    );
  }

  async function jobOf(kind: Payload['kind'], clientId: string, eventKey: string) {
    const job = await emails.getJob(creditNoticeJobId({ kind, clientId, eventKey }));
    return job ? (job.data as Payload) : undefined;
  }

  const to = (email: string | null | undefined) => sink.messages.filter((message) => message.to.includes(email ?? ''));

  describe('low credit', () => {
    it('sends one "1 session left" email when the balance falls to one credit', async () => {
      const { client } = await clientWithCredits('Siobhán O’Brien', 2);
      await bookWithCredit(trainer, client.id);

      const now = new Date();
      const swept = await notices.sweep(now);
      expect(swept.planned).toBeGreaterThanOrEqual(1);
      const eventKey = await lowEventOf(client.id);
      expect(eventKey).toBeDefined();
      const job = await jobOf(ClientEmailKind.CreditsLow, client.id, eventKey ?? '');
      expect(job).toEqual({ trainerId: trainer.actor.trainerId, clientId: client.id, kind: 'credits_low', eventKey });

      expect(await notices.deliver(job as Payload, now)).toEqual({ result: 'sent' });
      const mine = to(client.email);
      expect(mine).toHaveLength(1);
      const message = mine[0];
      expect(message?.decodedHeader('subject')).toBe('You have 1 session credit left with Ελένη Παπαδοπούλου Training');
      expect(message?.decodedHeader('from')).toContain('Ελένη Παπαδοπούλου Training via TrainerHub');
      const text = message?.part('text/plain')?.body ?? '';
      expect(text).toContain('Hello Siobhán O’Brien,');
      expect(text).toContain('1 session credit left on your Ten-pack package');
      expect(text).toContain(`write to Ελένη Παπαδοπούλου at ${trainer.email}`);
      expect(message?.header('reply-to')).toContain(trainer.email);
      expect(text).toMatch(/Unsubscribe: http\S+\/unsubscribe\/[A-Za-z0-9_-]{66}/);
      expect(message?.part('text/html')?.body).toContain('Hello Siobhán O’Brien,');
      expect(message?.header('list-unsubscribe')).toMatch(/^<http\S+\/unsubscribe\/[A-Za-z0-9_-]{66}>$/);
      expect(message?.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(await noticeRows(client.id)).toEqual([
        { purpose: 'credits_low', event_key: eventKey, status: 'sent', attempts: 1, last_error: null },
      ]);
    });

    it('holds a notice that falls due in the trainer’s quiet hours until they end', async () => {
      const owner = await createTrainer(t, { name: 'Łukasz Nowak' });
      const { client } = await clientWithCredits('Ελένη Γεωργίου', 2, { owner });
      // Quiet hours from an hour ago to two hours from now, on the trainer's clock, whatever the time of the run.
      const now = new Date();
      const zone = 'Europe/London';
      const start = localTimeOf(new Date(now.getTime() - HOUR), zone);
      const end = localTimeOf(new Date(now.getTime() + 2 * HOUR), zone);
      await sql(`update trainers set quiet_hours_start = $2, quiet_hours_end = $3, time_zone = $4 where id = $1`, [
        owner.actor.trainerId,
        start,
        end,
        zone,
      ]);
      await bookWithCredit(owner, client.id);
      await notices.sweep(now);
      const eventKey = (await lowEventOf(client.id)) ?? '';
      const job = await emails.getJob(
        creditNoticeJobId({ kind: ClientEmailKind.CreditsLow, clientId: client.id, eventKey }),
      );
      expect(await job?.getState()).toBe('delayed');
      const sendsAt = (job?.timestamp ?? 0) + (job?.delay ?? 0);
      // The window's end, to the minute (the local clock reading drops the seconds).
      expect(Math.abs(sendsAt - (now.getTime() + 2 * HOUR))).toBeLessThan(61_000);
    });

    it('sends one email however often the sweep runs and the job is processed, even at once', async () => {
      const { client } = await clientWithCredits('李小龍', 3);
      await bookWithCredit(trainer, client.id);
      await bookWithCredit(trainer, client.id);
      const now = new Date();

      await Promise.all([notices.sweep(now), notices.sweep(now)]);
      await notices.sweep(now);
      const eventKey = (await lowEventOf(client.id)) ?? '';
      expect((await noticeRows(client.id)).filter((row) => row.purpose === 'credits_low')).toHaveLength(1);
      const job = (await jobOf(ClientEmailKind.CreditsLow, client.id, eventKey)) as Payload;
      const outcomes = await Promise.all([notices.deliver(job, now), notices.deliver(job, now)]);
      expect(outcomes.map((outcome) => outcome.result).sort()).toEqual(['duplicate', 'sent']);
      // A job added again by hand, and a later sweep: still one.
      expect((await notices.deliver(job, now)).result).toBe('duplicate');
      expect((await notices.sweep(now)).planned).toBe(0);

      const mine = to(client.email);
      expect(mine).toHaveLength(1);
      expect(mine[0]?.part('text/plain')?.body).toContain('Hello 李小龍,');
      expect(mine[0]?.decodedHeader('subject')).toContain('1 session credit left');
    });

    it('treats a balance that rises and falls to one again as a new event', async () => {
      const { client } = await clientWithCredits('Łukasz Nowak', 2);
      const first = await bookWithCredit(trainer, client.id);
      await notices.sweep(new Date());
      const firstKey = (await lowEventOf(client.id)) ?? '';
      await notices.deliver((await jobOf(ClientEmailKind.CreditsLow, client.id, firstKey)) as Payload, new Date());

      await inContext(t, () => bookings.cancel(trainer.actor, first.id, { reason: 'Moved house' }));
      // Back at two credits: nothing is due.
      expect(await sql(`select 1 from notifications where client_id = $1 and status = 'planned'`, [client.id])).toEqual(
        [],
      );
      await notices.sweep(new Date());
      expect(await lowEventOf(client.id)).toBe(firstKey);

      await bookWithCredit(trainer, client.id);
      await notices.sweep(new Date());
      const secondKey = (await lowEventOf(client.id)) ?? '';
      expect(secondKey).not.toBe(firstKey);
      const second = await notices.deliver(
        (await jobOf(ClientEmailKind.CreditsLow, client.id, secondKey)) as Payload,
        new Date(),
      );
      expect(second).toEqual({ result: 'sent' });
      expect(to(client.email)).toHaveLength(2);
    });

    it('sends nothing when the balance moved on before the job ran', async () => {
      const { client } = await clientWithCredits('Ελένη Γεωργίου', 2);
      await bookWithCredit(trainer, client.id);
      await notices.sweep(new Date());
      const eventKey = (await lowEventOf(client.id)) ?? '';
      await bookWithCredit(trainer, client.id);

      const job = (await jobOf(ClientEmailKind.CreditsLow, client.id, eventKey)) as Payload;
      expect(await notices.deliver(job, new Date())).toEqual({ result: 'stale', reason: 'balance changed' });
      expect(to(client.email)).toHaveLength(0);
      expect(await noticeRows(client.id)).toEqual([expect.objectContaining({ status: 'cancelled' })]);
    });

    it('sends nothing to an opted-out client or one without an email, and records why', async () => {
      const optedOut = await clientWithCredits('Siobhán Murphy', 2);
      await sql(`update clients set email_opt_out_at = now() where id = $1`, [optedOut.client.id]);
      const noEmail = await clientWithCredits('Seán Ó Briain', 2, { email: null });
      await bookWithCredit(trainer, optedOut.client.id);
      await bookWithCredit(trainer, noEmail.client.id);

      await notices.sweep(new Date());
      expect(await noticeRows(optedOut.client.id)).toEqual([
        expect.objectContaining({ purpose: 'credits_low', status: 'skipped', last_error: 'opted_out' }),
      ]);
      expect(await noticeRows(noEmail.client.id)).toEqual([
        expect.objectContaining({ purpose: 'credits_low', status: 'skipped', last_error: 'no_email' }),
      ]);
      const optedOutKey = (await lowEventOf(optedOut.client.id)) ?? '';
      expect(await jobOf(ClientEmailKind.CreditsLow, optedOut.client.id, optedOutKey)).toBeUndefined();
      // A job made anyway (by hand) is skipped too.
      const forced = { trainerId: trainer.actor.trainerId ?? '', clientId: optedOut.client.id, eventKey: optedOutKey };
      expect(await notices.deliver({ ...forced, kind: ClientEmailKind.CreditsLow }, new Date())).toEqual({
        result: 'skipped',
        reason: 'opted_out',
      });
      expect(to(optedOut.client.email)).toHaveLength(0);
    });

    it('sends nothing when the trainer has turned credit notices off', async () => {
      const quiet = await createTrainer(t, { name: 'Łukasz Kowalski' });
      await sql(`update trainers set credit_notices_enabled = false where id = $1`, [quiet.actor.trainerId]);
      const { client } = await clientWithCredits('Siobhán O’Brien', 2, { owner: quiet });
      await bookWithCredit(quiet, client.id);

      await notices.sweep(new Date());
      expect(await noticeRows(client.id)).toEqual([]);
      expect(await emails.getJobs(['waiting', 'delayed', 'active'])).not.toContainEqual(
        expect.objectContaining({ data: expect.objectContaining({ clientId: client.id }) }),
      );
      expect(to(client.email)).toHaveLength(0);
    });

    it('skips a planned notice whose trainer turned the setting off before it was sent', async () => {
      const fickle = await createTrainer(t, { name: 'Ελένη Νικολάου' });
      const { client } = await clientWithCredits('李小龍', 2, { owner: fickle });
      await bookWithCredit(fickle, client.id);
      await notices.sweep(new Date());
      const eventKey = (await lowEventOf(client.id)) ?? '';
      await sql(`update trainers set credit_notices_enabled = false where id = $1`, [fickle.actor.trainerId]);

      const job = (await jobOf(ClientEmailKind.CreditsLow, client.id, eventKey)) as Payload;
      expect(await notices.deliver(job, new Date())).toEqual({ result: 'skipped', reason: 'notices_off' });
      expect(to(client.email)).toHaveLength(0);
    });
  });

  describe('credits expiring', () => {
    /** 09:00 on the trainer's clock, seven days before the purchase's last valid day. */
    function noticeTime(expiresAt: Date, zone = 'Europe/London'): Date {
      return zonedTimeToUtc(addDays(localDateOf(expiresAt, zone), -7), '09:00', zone);
    }

    it('sends one email per purchase seven days before its credits expire, at 09:00 local', async () => {
      const { client, purchase } = await clientWithCredits('Siobhán O’Brien', 5, { validityDays: 30 });
      const expiresAt = purchase.expiresAt as Date;
      const due = noticeTime(expiresAt);

      const before = new Date(due.getTime() - 60_000);
      await notices.sweep(before);
      expect(await noticeRows(client.id)).toEqual([]);

      const at = new Date(due.getTime() + 60_000);
      await Promise.all([notices.sweep(at), notices.sweep(at)]);
      expect(await noticeRows(client.id)).toEqual([
        expect.objectContaining({ purpose: 'credits_expiring', event_key: purchase.id, status: 'planned' }),
      ]);
      const job = (await jobOf(ClientEmailKind.CreditsExpiring, client.id, purchase.id)) as Payload;
      expect(await notices.deliver(job, at)).toEqual({ result: 'sent' });
      expect(await notices.deliver(job, at)).toEqual({ result: 'duplicate' });
      expect((await notices.sweep(new Date(at.getTime() + DAY))).planned).toBe(0);

      const mine = to(client.email);
      expect(mine).toHaveLength(1);
      const subject = mine[0]?.decodedHeader('subject') ?? '';
      expect(subject).toMatch(/^5 session credits with Ελένη Παπαδοπούλου Training expire on /);
      expect(mine[0]?.part('text/plain')?.body).toContain('Hello Siobhán O’Brien,');
      expect(mine[0]?.part('text/plain')?.body).toContain('on your Ten-pack package');
      expect(mine[0]?.header('list-unsubscribe')).toMatch(/\/unsubscribe\//);
      expect(await noticeRows(client.id)).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })]);
    });

    it('sends nothing once the credits are used up, nor after the purchase expired', async () => {
      const { client, purchase } = await clientWithCredits('李小龍', 1, { validityDays: 30 });
      const at = new Date(noticeTime(purchase.expiresAt as Date).getTime() + 60_000);
      await notices.sweep(at);
      const job = (await jobOf(ClientEmailKind.CreditsExpiring, client.id, purchase.id)) as Payload;
      await bookWithCredit(trainer, client.id, 2);

      expect(await notices.deliver(job, at)).toEqual({ result: 'stale', reason: 'credits used or expired' });
      expect(to(client.email)).toHaveLength(0);
      // Never planned for a purchase past its expiry.
      const late = await clientWithCredits('Łukasz', 2, { validityDays: 30 });
      await notices.sweep(new Date((late.purchase.expiresAt as Date).getTime() + 1));
      expect(await noticeRows(late.client.id)).toEqual([]);
    });

    it('gives a purchase bought inside the last week no notice', async () => {
      const { client, purchase } = await clientWithCredits('Ελένη', 3, { validityDays: 5 });
      await notices.sweep(new Date((purchase.expiresAt as Date).getTime() - DAY));
      expect(await noticeRows(client.id)).toEqual([]);
    });
  });
});
