import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import { PrivateRedis } from '../../helpers/private-redis.js';
import { SmtpSink } from '../../helpers/smtp-sink.js';
import type { TestApp } from '../../helpers/test-app.js';

// Redis of its own (FLUSHALL and an outage must not touch the shared one) and a real SMTP sink; both must be in the
// environment before core.module.ts is imported, as ConfigModule validates (and keeps) it then.
const redis = await PrivateRedis.start();
const sink = await SmtpSink.start();
const sharedEnv = {
  REDIS_URL: process.env.REDIS_URL,
  REDIS_PREFIX: process.env.REDIS_PREFIX,
  SMTP_URL: process.env.SMTP_URL,
};
process.env.REDIS_URL = redis.url;
process.env.REDIS_PREFIX = 'th-reminders';
process.env.SMTP_URL = sink.url;
const { Module } = await import('@nestjs/common');
const { NestFactory } = await import('@nestjs/core');
const { getQueueToken } = await import('@nestjs/bullmq');
const { MikroORM } = await import('@mikro-orm/postgresql');
const { CoreModule } = await import('../../../src/core.module.js');
const { RemindersModule } = await import('../../../src/modules/reminders/reminders.module.js');
const { OutboxRelayService } = await import('../../../src/modules/outbox/outbox-relay.service.js');
const { ReminderDeliveryService } = await import('../../../src/modules/reminders/reminder-delivery.service.js');
const { RemindersReconcilerService } = await import('../../../src/modules/reminders/reminders-reconciler.service.js');
const { BookingsService } = await import('../../../src/modules/bookings/bookings.service.js');
const { QueueName, reminderJobId, noticeJobId } = await import('../../../src/common/queue/queues.js');
const { parseCalendarFile } = await import('../../../src/modules/notifications/calendar-file.js');
const { createTrainer } = await import('../../factories/accounts.factory.js');
const { createClient } = await import('../../factories/clients.factory.js');
const { ensureMigrated, rawClient } = await import('../../helpers/database.js');
const { inContext } = await import('../../helpers/test-app.js');
// Test files share the process: the next one must see the shared Redis again (the app kept its validated copy).
for (const [key, value] of Object.entries(sharedEnv)) {
  if (value === undefined) Reflect.deleteProperty(process.env, key);
  else process.env[key] = value;
}

type Relay = InstanceType<typeof OutboxRelayService>;
type Delivery = InstanceType<typeof ReminderDeliveryService>;
type Reconciler = InstanceType<typeof RemindersReconcilerService>;
type Bookings = InstanceType<typeof BookingsService>;
type ReminderData = import('../../../src/common/queue/queues.js').ReminderPayload;
type NoticeData = import('../../../src/common/queue/queues.js').BookingNoticePayload;

const HOUR = 3_600_000;

function ics(message: { part(type: string): { body: string } | undefined } | undefined, name: string) {
  return parseCalendarFile(message?.part('text/calendar')?.body ?? '').find((line) => line.name === name)?.value;
}

/**
 * The reminder pipeline end to end, with the clock in the test's hands: a booking writes its outbox row, the relay
 * turns it into deterministic BullMQ jobs, and the delivery service (what the processors call) sends at the time the
 * test says it is. Jobs are taken from the real queue and run by hand, so nothing waits for a delay to pass.
 */
describe('reminder pipeline', () => {
  let context: INestApplicationContext;
  let t: TestApp;
  let relay: Relay;
  let delivery: Delivery;
  let reconciler: Reconciler;
  let bookings: Bookings;
  let reminders: Queue;
  let emails: Queue;
  let trainer: Awaited<ReturnType<typeof createTrainer>>;
  let day = 0;

  beforeAll(async () => {
    await ensureMigrated();
    // The worker's services without its processors and timers: the test, not BullMQ, decides when a job runs.
    class PipelineModule {}
    Module({ imports: [CoreModule, RemindersModule] })(PipelineModule);
    context = await NestFactory.createApplicationContext(PipelineModule, { logger: false, abortOnError: false });
    t = { app: context as unknown as NestFastifyApplication, orm: context.get(MikroORM) } as TestApp;
    relay = context.get(OutboxRelayService, { strict: false });
    delivery = context.get(ReminderDeliveryService, { strict: false });
    reconciler = context.get(RemindersReconcilerService, { strict: false });
    bookings = context.get(BookingsService, { strict: false });
    reminders = context.get<Queue>(getQueueToken(QueueName.Reminders), { strict: false });
    emails = context.get<Queue>(getQueueToken(QueueName.Emails), { strict: false });
    trainer = await createTrainer(t, { name: 'Ελένη Παπαδοπούλου' });
  });
  afterAll(async () => {
    await context?.close();
    await sink.close();
    await redis.stop();
  }, 30_000);
  beforeEach(() => {
    sink.clear();
    sink.refuseWith(null);
  });

  /**
   * A client and a one-hour session at 09:00 UTC (10:00 London summer time), two days after the previous test's:
   * the first on Thursday 5 June 2031.
   */
  async function book(
    name = 'Siobhán O’Brien',
    email: string | null = `c-${Math.random().toString(36).slice(2)}@example.test`,
  ) {
    day += 2;
    const client = await createClient(t, trainer.actor, { name, email });
    const startTime = new Date(Date.UTC(2031, 5, 3 + day, 9));
    const { booking } = await inContext(t, () =>
      bookings.create(trainer.actor, { clientId: client.id, startTime, durationMinutes: 60 }),
    );
    await relayAll();
    return { booking, client, startTime };
  }

  /** Relays until no row is left (another test file's rows may be in the way; they are relayed too). */
  async function relayAll(now = new Date()): Promise<void> {
    while ((await relay.relayBatch(now)) > 0);
  }

  async function reminderJob(bookingId: string, lead: number, version: number) {
    const job = await reminders.getJob(reminderJobId(bookingId, lead, version));
    return job ? { data: job.data as ReminderData, delay: job.opts.delay ?? 0 } : undefined;
  }

  async function noticeJob(bookingId: string, kind: NoticeData['kind'], version: number) {
    const job = await emails.getJob(noticeJobId(bookingId, kind, version));
    if (!job) throw new Error(`no ${kind} job`);
    return job.data as NoticeData;
  }

  async function notifications(bookingId: string) {
    const db = await rawClient();
    try {
      const { rows } = await db.query<{
        purpose: string;
        schedule_version: number;
        status: string;
        attempts: number;
        last_error: string | null;
        provider_message_id: string | null;
      }>(
        `select purpose, schedule_version, status, attempts, last_error, provider_message_id
           from notifications where booking_id = $1 order by purpose, schedule_version`,
        [bookingId],
      );
      return rows;
    } finally {
      await db.end();
    }
  }

  const reminderMessages = () => sink.messages.filter((m) => /^Reminder/.test(m.decodedHeader('subject') ?? ''));

  it('plans both reminders and sends one at its time, with the local time and the calendar file', async () => {
    const { booking, client, startTime } = await book();
    const dayBefore = await reminderJob(booking.id, 1440, 0);
    const twoHours = await reminderJob(booking.id, 120, 0);
    expect(dayBefore?.data.fireAt).toBe(new Date(startTime.getTime() - 24 * HOUR).toISOString());
    // 07:00 UTC is 08:00 in London: the end of quiet hours, so it stays.
    expect(twoHours?.data.fireAt).toBe(new Date(startTime.getTime() - 2 * HOUR).toISOString());

    const outcome = await delivery.deliverReminder(
      dayBefore?.data as ReminderData,
      new Date(dayBefore?.data.fireAt ?? 0),
    );
    expect(outcome).toEqual({ result: 'sent' });
    expect(sink.messages).toHaveLength(1);
    const message = sink.messages[0];
    expect(message?.to).toEqual([client.email]);
    expect(message?.decodedHeader('subject')).toContain('Thu 5 Jun, 10:00 (London time)');
    expect(message?.part('text/plain')?.body).toContain('Hello Siobhán O’Brien,');
    expect(ics(message, 'UID')).toBe(`booking-${booking.id}@trainerhub`);
    expect(ics(message, 'SEQUENCE')).toBe('0');
    expect(ics(message, 'METHOD')).toBe('REQUEST');
    expect(await notifications(booking.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ purpose: 'reminder:1440', status: 'sent', attempts: 1, last_error: null }),
        expect.objectContaining({ purpose: 'reminder:120', status: 'planned', attempts: 0 }),
        expect.objectContaining({ purpose: 'booking_confirmed', status: 'planned' }),
      ]),
    );
    const sent = (await notifications(booking.id)).find((row) => row.purpose === 'reminder:1440');
    expect(sent?.provider_message_id).toBe(message?.header('message-id'));
  });

  it('sends the booking confirmation through the emails queue', async () => {
    const { booking } = await book('Łukasz');
    const outcome = await delivery.deliverNotice(await noticeJob(booking.id, 'booking_confirmed', 0), new Date());
    expect(outcome).toEqual({ result: 'sent' });
    expect(sink.messages).toHaveLength(1);
    expect(ics(sink.messages[0], 'METHOD')).toBe('REQUEST');
  });

  it('sends no reminder after a cancel, even from a job that escaped removal', async () => {
    const { booking } = await book('李小龍');
    const planned = await reminderJob(booking.id, 1440, 0);
    await inContext(t, () => bookings.cancel(trainer.actor, booking.id, { reason: 'Injured' }));
    await relayAll();

    expect(await reminderJob(booking.id, 1440, 0)).toBeUndefined();
    expect(await reminderJob(booking.id, 120, 0)).toBeUndefined();
    const outcome = await delivery.deliverReminder(planned?.data as ReminderData, new Date(planned?.data.fireAt ?? 0));
    expect(outcome.result).toBe('stale');
    expect(reminderMessages()).toHaveLength(0);
    const rows = await notifications(booking.id);
    expect(rows.filter((row) => row.purpose.startsWith('reminder:')).map((row) => row.status)).toEqual([
      'cancelled',
      'cancelled',
    ]);

    // The cancellation notice goes out, and tells the calendar to drop the event.
    await delivery.deliverNotice(await noticeJob(booking.id, 'booking_cancelled', 0), new Date());
    expect(sink.messages).toHaveLength(1);
    expect(ics(sink.messages[0], 'METHOD')).toBe('CANCEL');
  });

  it('sends exactly one reminder after a reschedule, at the new time, with a higher SEQUENCE', async () => {
    const { booking, startTime } = await book('Ελένη');
    const old = await reminderJob(booking.id, 1440, 0);
    const moved = new Date(startTime.getTime() + 24 * HOUR);
    await inContext(t, () => bookings.reschedule(trainer.actor, booking.id, { startTime: moved }));
    await relayAll();

    expect(await reminderJob(booking.id, 1440, 0)).toBeUndefined();
    const fresh = await reminderJob(booking.id, 1440, 1);
    expect(fresh?.data.fireAt).toBe(new Date(moved.getTime() - 24 * HOUR).toISOString());
    // The old job, had it run anyway, finds the booking moved on.
    expect((await delivery.deliverReminder(old?.data as ReminderData, new Date(old?.data.fireAt ?? 0))).result).toBe(
      'stale',
    );
    expect(await delivery.deliverReminder(fresh?.data as ReminderData, new Date(fresh?.data.fireAt ?? 0))).toEqual({
      result: 'sent',
    });
    expect(reminderMessages()).toHaveLength(1);
    expect(ics(reminderMessages()[0], 'SEQUENCE')).toBe('1');
    expect(reminderMessages()[0]?.decodedHeader('subject')).toContain('Thu 12 Jun, 10:00 (London time)');

    await delivery.deliverNotice(await noticeJob(booking.id, 'booking_rescheduled', 1), new Date());
    expect(sink.messages).toHaveLength(2);
    expect(ics(sink.messages[1], 'SEQUENCE')).toBe('1');
  });

  it('sends one email when the same job is processed twice, even at once', async () => {
    const { booking } = await book();
    const job = await reminderJob(booking.id, 120, 0);
    const at = new Date(job?.data.fireAt ?? 0);
    const outcomes = await Promise.all([
      delivery.deliverReminder(job?.data as ReminderData, at),
      delivery.deliverReminder(job?.data as ReminderData, at),
    ]);
    const again = await delivery.deliverReminder(job?.data as ReminderData, at);
    expect(outcomes.map((outcome) => outcome.result).sort()).toEqual(['duplicate', 'sent']);
    expect(again.result).toBe('duplicate');
    expect(sink.messages).toHaveLength(1);
  });

  it('re-creates the jobs lost to FLUSHALL from PostgreSQL, and the reminder still goes once', async () => {
    const { booking } = await book();
    await redis.command((client) => client.flushall());
    expect(await reminderJob(booking.id, 1440, 0)).toBeUndefined();

    await reconciler.reconcile();
    await reconciler.reconcile();
    const job = await reminderJob(booking.id, 1440, 0);
    expect(job).toBeDefined();
    expect(await reminders.getJobCountByTypes('delayed', 'waiting')).toBeGreaterThanOrEqual(2);
    const at = new Date(job?.data.fireAt ?? 0);
    await delivery.deliverReminder(job?.data as ReminderData, at);
    await reconciler.reconcile();
    expect((await delivery.deliverReminder(job?.data as ReminderData, at)).result).toBe('duplicate');
    expect(reminderMessages()).toHaveLength(1);
  });

  it('keeps the outbox rows through a Redis outage and relays them when it is back', async () => {
    const client = await createClient(t, trainer.actor, { name: 'Siobhán', email: 'outage@example.test' });
    await redis.stop();
    day += 2;
    const { booking } = await inContext(t, () =>
      bookings.create(trainer.actor, {
        clientId: client.id,
        startTime: new Date(Date.UTC(2031, 5, 3 + day, 9)),
        durationMinutes: 60,
      }),
    );
    await expect(relay.relayBatch(new Date(), 300)).rejects.toThrow(/Redis did not answer/);
    const db = await rawClient();
    const pending = await db.query(
      `select attempts, last_error from outbox_messages where processed_at is null and payload->>'bookingId' = $1`,
      [booking.id],
    );
    await db.end();
    expect(pending.rows).toEqual([{ attempts: 1, last_error: expect.stringMatching(/Redis/) }]);

    await redis.restart();
    await relayAll();
    expect(await reminderJob(booking.id, 1440, 0)).toBeDefined();
  });

  it('skips a client who opted out, and one without an email, saying why', async () => {
    const { booking: optedOut, client } = await book('Opted Out');
    const db = await rawClient();
    await db.query('update clients set email_opt_out_at = now() where id = $1', [client.id]);
    await db.end();
    const job = await reminderJob(optedOut.id, 1440, 0);
    expect(await delivery.deliverReminder(job?.data as ReminderData, new Date(job?.data.fireAt ?? 0))).toEqual({
      result: 'skipped',
      reason: 'opted_out',
    });
    const { booking: noEmail } = await book('No Email', null);
    const other = await reminderJob(noEmail.id, 1440, 0);
    await delivery.deliverReminder(other?.data as ReminderData, new Date(other?.data.fireAt ?? 0));
    expect(sink.messages).toHaveLength(0);
    expect((await notifications(optedOut.id)).find((row) => row.purpose === 'reminder:1440')).toMatchObject({
      status: 'skipped',
      last_error: 'opted_out',
    });
    expect((await notifications(noEmail.id)).find((row) => row.purpose === 'reminder:1440')).toMatchObject({
      status: 'skipped',
      last_error: 'no_email',
    });
  });

  it('hands a transient SMTP refusal back for a retry, and records a permanent one', async () => {
    const { booking } = await book();
    const job = await reminderJob(booking.id, 1440, 0);
    const at = new Date(job?.data.fireAt ?? 0);
    sink.refuseWith(451);
    expect((await delivery.deliverReminder(job?.data as ReminderData, at, false)).result).toBe('retry');
    expect((await notifications(booking.id)).find((row) => row.purpose === 'reminder:1440')).toMatchObject({
      status: 'planned',
      attempts: 1,
    });
    sink.refuseWith(null);
    expect((await delivery.deliverReminder(job?.data as ReminderData, at, false)).result).toBe('sent');
    expect((await notifications(booking.id)).find((row) => row.purpose === 'reminder:1440')).toMatchObject({
      status: 'sent',
      attempts: 2,
      last_error: null,
    });

    const second = await reminderJob(booking.id, 120, 0);
    sink.refuseWith(550);
    expect((await delivery.deliverReminder(second?.data as ReminderData, at, false)).result).toBe('failed');
    expect((await notifications(booking.id)).find((row) => row.purpose === 'reminder:120')).toMatchObject({
      status: 'failed',
      last_error: expect.stringMatching(/550/),
    });
  });
});
