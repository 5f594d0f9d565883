import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import { PrivateRedis } from '../../helpers/private-redis.js';
import { SmtpSink } from '../../helpers/smtp-sink.js';
import type { TestApp } from '../../helpers/test-app.js';

// Redis of its own (the test reads the queues' jobs and must not meet another file's) and a real SMTP sink; both must
// be in the environment before core.module.ts is imported, as ConfigModule validates (and keeps) it then.
const redis = await PrivateRedis.start();
const sink = await SmtpSink.start();
const sharedEnv = {
  REDIS_URL: process.env.REDIS_URL,
  REDIS_PREFIX: process.env.REDIS_PREFIX,
  SMTP_URL: process.env.SMTP_URL,
};
process.env.REDIS_URL = redis.url;
process.env.REDIS_PREFIX = 'th-reminder-rules';
process.env.SMTP_URL = sink.url;
const { Module } = await import('@nestjs/common');
const { NestFactory } = await import('@nestjs/core');
const { getQueueToken } = await import('@nestjs/bullmq');
const { MikroORM } = await import('@mikro-orm/postgresql');
const { CoreModule } = await import('../../../src/core.module.js');
const { RemindersModule } = await import('../../../src/modules/reminders/reminders.module.js');
const { OutboxRelayService } = await import('../../../src/modules/outbox/outbox-relay.service.js');
const { TrainerCopyDeliveryService } = await import('../../../src/modules/reminders/trainer-copy-delivery.service.js');
const { BookingsService } = await import('../../../src/modules/bookings/bookings.service.js');
const { TrainersService } = await import('../../../src/modules/trainers/trainers.service.js');
const { PaymentsService } = await import('../../../src/modules/payments/payments.service.js');
const { PaymentMethod } = await import('../../../src/modules/payments/payment.entity.js');
const { RollupsService } = await import('../../../src/modules/analytics/rollups.service.js');
const { QueueName, reminderJobId, rollupDayJob } = await import('../../../src/common/queue/queues.js');
const { trainerCopyJobId } = await import('../../../src/modules/notifications/trainer-emails.types.js');
const { localDateOf, localTimeOf, zonedTimeToUtc } = await import('../../../src/common/time/zoned-time.js');
const { createTrainer } = await import('../../factories/accounts.factory.js');
const { createClient } = await import('../../factories/clients.factory.js');
const { createPackage, sellPackage } = await import('../../factories/packages.factory.js');
const { insertBookings } = await import('../../factories/bookings.factory.js');
const { ensureMigrated, rawClient } = await import('../../helpers/database.js');
const { inContext } = await import('../../helpers/test-app.js');
// Test files share the process: the next one must see the shared Redis again (the app kept its validated copy).
for (const [key, value] of Object.entries(sharedEnv)) {
  if (value === undefined) Reflect.deleteProperty(process.env, key);
  else process.env[key] = value;
}

type Trainer = Awaited<ReturnType<typeof createTrainer>>;
type ReminderData = import('../../../src/common/queue/queues.js').ReminderPayload;
type CopyData = import('../../../src/modules/notifications/trainer-emails.types.js').TrainerCopyPayload;
type UpdateTrainerInput = import('../../../src/modules/trainers/trainers.types.js').UpdateTrainerInput;

const LONDON = 'Europe/London';
const HOUR = 3_600_000;

async function query<T>(sql: string, params: unknown[]): Promise<T[]> {
  const db = await rawClient();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}

/**
 * The trainer's reminder settings as the worker's relay applies them (lead times, quiet hours, trainer copies), and
 * the rollup refreshes that payments, ledger rows and booking moves ask for through the outbox. The clock is the
 * test's; jobs are read from the real queues and run by hand, so nothing waits for a delay.
 */
describe('OutboxRelayService with the trainer’s settings', () => {
  let context: INestApplicationContext;
  let t: TestApp;
  let relay: InstanceType<typeof OutboxRelayService>;
  let copies: InstanceType<typeof TrainerCopyDeliveryService>;
  let bookings: InstanceType<typeof BookingsService>;
  let trainers: InstanceType<typeof TrainersService>;
  let payments: InstanceType<typeof PaymentsService>;
  let rollups: InstanceType<typeof RollupsService>;
  let reminders: Queue;
  let emails: Queue;
  let rollupQueue: Queue;

  beforeAll(async () => {
    await ensureMigrated();
    // The worker's services without its processors and timers: the test, not BullMQ, decides when a job runs.
    class PipelineModule {}
    Module({ imports: [CoreModule, RemindersModule] })(PipelineModule);
    context = await NestFactory.createApplicationContext(PipelineModule, { logger: false, abortOnError: false });
    t = { app: context as unknown as NestFastifyApplication, orm: context.get(MikroORM) } as TestApp;
    relay = context.get(OutboxRelayService, { strict: false });
    copies = context.get(TrainerCopyDeliveryService, { strict: false });
    bookings = context.get(BookingsService, { strict: false });
    trainers = context.get(TrainersService, { strict: false });
    payments = context.get(PaymentsService, { strict: false });
    rollups = context.get(RollupsService, { strict: false });
    reminders = context.get<Queue>(getQueueToken(QueueName.Reminders), { strict: false });
    emails = context.get<Queue>(getQueueToken(QueueName.Emails), { strict: false });
    rollupQueue = context.get<Queue>(getQueueToken(QueueName.Rollups), { strict: false });
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

  async function trainerWith(settings: UpdateTrainerInput, name = 'Ελένη Παπαδοπούλου'): Promise<Trainer> {
    const trainer = await createTrainer(t, { name });
    await inContext(t, () => trainers.update(trainer.actor, settings));
    return trainer;
  }

  async function relayAll(now = new Date()): Promise<void> {
    while ((await relay.relayBatch(now)) > 0);
  }

  async function book(trainer: Trainer, startTime: Date, origin?: 'api' | 'web') {
    const client = await createClient(t, trainer.actor, { name: 'Siobhán O’Brien' });
    const { booking } = await inContext(t, () =>
      bookings.create(trainer.actor, { clientId: client.id, startTime, durationMinutes: 60, origin }),
    );
    await relayAll();
    return { booking, client };
  }

  async function reminderFireAt(bookingId: string, lead: number): Promise<Date | undefined> {
    const job = await reminders.getJob(reminderJobId(bookingId, lead, 0));
    return job ? new Date((job.data as ReminderData).fireAt) : undefined;
  }

  describe('reminder planning', () => {
    it('plans at the trainer’s lead times and moves one out of their quiet hours, earlier', async () => {
      const trainer = await trainerWith({
        reminderLeadMinutes: [180, 30],
        quietHoursStart: '22:00',
        quietHoursEnd: '07:00',
      });
      // Tuesday 20 May 2031, 08:45 London: the 3-hour reminder falls at 05:45, inside 22:00–07:00.
      const start = zonedTimeToUtc('2031-05-20', '08:45', LONDON);
      const { booking } = await book(trainer, start);

      expect(await reminderFireAt(booking.id, 180)).toEqual(zonedTimeToUtc('2031-05-19', '22:00', LONDON));
      expect(await reminderFireAt(booking.id, 30)).toEqual(new Date(start.getTime() - 30 * 60_000));
      expect(await reminderFireAt(booking.id, 1440)).toBeUndefined();
      const rows = await query<{ purpose: string; scheduled_for: Date }>(
        `select purpose, scheduled_for from notifications where booking_id = $1 and purpose like 'reminder:%'
          order by scheduled_for`,
        [booking.id],
      );
      expect(rows).toEqual([
        { purpose: 'reminder:180', scheduled_for: zonedTimeToUtc('2031-05-19', '22:00', LONDON) },
        { purpose: 'reminder:30', scheduled_for: new Date(start.getTime() - 30 * 60_000) },
      ]);
    });

    it('holds nothing back when the trainer switched quiet hours off', async () => {
      const trainer = await trainerWith({ reminderLeadMinutes: [180], quietHoursEnabled: false });
      const start = zonedTimeToUtc('2031-05-20', '08:45', LONDON);
      const { booking } = await book(trainer, start);
      const fireAt = await reminderFireAt(booking.id, 180);
      expect(fireAt).toEqual(new Date(start.getTime() - 3 * HOUR));
      expect(localTimeOf(fireAt ?? new Date(0), LONDON)).toBe('05:45');
    });

    it('uses the default 21:00–08:00 window for a trainer who never changed it', async () => {
      const trainer = await createTrainer(t, { name: 'Łukasz Nowak' });
      const { booking } = await book(trainer, zonedTimeToUtc('2031-05-20', '08:45', LONDON));
      expect(await reminderFireAt(booking.id, 120)).toEqual(zonedTimeToUtc('2031-05-19', '21:00', LONDON));
    });

    it('fires at the same local hour across the week the clocks change', async () => {
      const trainer = await trainerWith({ reminderLeadMinutes: [10_080, 1440, 120] });
      // Wednesday 2 April 2031, 09:00 BST; London sprang forward on Sunday 30 March.
      const start = zonedTimeToUtc('2031-04-02', '09:00', LONDON);
      const { booking } = await book(trainer, start);

      const week = await reminderFireAt(booking.id, 10_080);
      const day = await reminderFireAt(booking.id, 1440);
      const twoHours = await reminderFireAt(booking.id, 120);
      // A week before on the client's clock is 09:00 GMT: 7 days less the hour the clocks skipped.
      expect(week?.toISOString()).toBe('2031-03-26T09:00:00.000Z');
      expect(localTimeOf(week ?? new Date(0), LONDON)).toBe('09:00');
      expect(start.getTime() - (week?.getTime() ?? 0)).toBe((7 * 24 - 1) * HOUR);
      expect(day?.toISOString()).toBe('2031-04-01T08:00:00.000Z');
      // 07:00 BST is inside the default quiet hours: it goes out at 21:00 BST the evening before.
      expect(twoHours?.toISOString()).toBe('2031-04-01T20:00:00.000Z');
    });
  });

  describe('trainer copies', () => {
    async function copyJob(bookingId: string, event: CopyData['event']) {
      const job = await emails.getJob(trainerCopyJobId({ bookingId, event, scheduleVersion: 0 }));
      return job ? (job.data as CopyData) : undefined;
    }

    it('emails the trainer once when a session is booked, then cancelled, through the API', async () => {
      const trainer = await trainerWith({ trainerCopiesEnabled: true }, 'Siobhán Fitness');
      const { booking } = await book(trainer, zonedTimeToUtc('2031-06-03', '10:00', LONDON), 'api');
      const booked = await copyJob(booking.id, 'booked');
      expect(booked).toMatchObject({ trainerId: trainer.actor.trainerId, event: 'booked', scheduleVersion: 0 });

      const outcomes = await Promise.all([
        copies.deliver(booked as CopyData, new Date()),
        copies.deliver(booked as CopyData, new Date()),
      ]);
      expect(outcomes.map((outcome) => outcome.result).sort()).toEqual(['duplicate', 'sent']);
      expect(sink.messages).toHaveLength(1);
      const message = sink.messages[0];
      expect(message?.to).toEqual([trainer.email]);
      expect(message?.decodedHeader('subject')).toBe(
        'Booked in the app: Siobhán O’Brien, Tue 3 Jun, 10:00 (London time)',
      );
      expect(message?.part('text/plain')?.body).toContain(`/bookings/${booking.id}`);
      expect(message?.part('text/calendar')).toBeUndefined();

      await inContext(t, () => bookings.cancel(trainer.actor, booking.id, { reason: 'Knee twinge', origin: 'api' }));
      await relayAll();
      const cancelled = await copyJob(booking.id, 'cancelled');
      expect(await copies.deliver(cancelled as CopyData, new Date())).toEqual({ result: 'sent' });
      expect(sink.messages[1]?.decodedHeader('subject')).toMatch(/^Cancelled in the app: Siobhán O’Brien/);
      expect(sink.messages[1]?.part('text/plain')?.body).toContain('Reason: Knee twinge');
      const rows = await query<{ purpose: string; status: string; recipient: string }>(
        `select purpose, status, recipient from notifications where booking_id = $1 and purpose like 'trainer_copy:%'
          order by purpose`,
        [booking.id],
      );
      expect(rows).toEqual([
        { purpose: 'trainer_copy:booked', status: 'sent', recipient: trainer.email },
        { purpose: 'trainer_copy:cancelled', status: 'sent', recipient: trainer.email },
      ]);
    });

    it('sends no copy of a web change, nor of an API change when copies are off', async () => {
      const on = await trainerWith({ trainerCopiesEnabled: true });
      const web = await book(on, zonedTimeToUtc('2031-06-05', '10:00', LONDON), 'web');
      const unsaid = await book(on, zonedTimeToUtc('2031-06-05', '12:00', LONDON));
      const off = await createTrainer(t);
      const api = await book(off, zonedTimeToUtc('2031-06-05', '10:00', LONDON), 'api');
      for (const { booking } of [web, unsaid, api]) expect(await copyJob(booking.id, 'booked')).toBeUndefined();
    });

    it('retries a copy the server refused for now, and sends it once', async () => {
      const trainer = await trainerWith({ trainerCopiesEnabled: true });
      const { booking } = await book(trainer, zonedTimeToUtc('2031-06-07', '10:00', LONDON), 'api');
      const job = (await copyJob(booking.id, 'booked')) as CopyData;

      sink.refuseWith(451);
      const first = await copies.deliver(job, new Date(), 1, false);
      expect(first.result).toBe('retry');
      const [failed] = await query<{ status: string; last_error: string }>(
        `select status, last_error from notifications where booking_id = $1 and purpose = 'trainer_copy:booked'`,
        [booking.id],
      );
      expect(failed).toEqual({ status: 'failed', last_error: expect.stringMatching(/451.*\(will retry\)$/) });

      sink.refuseWith(null);
      // A duplicate first attempt does not take the row; the job's second attempt does.
      expect((await copies.deliver(job, new Date(), 1, false)).result).toBe('duplicate');
      expect(await copies.deliver(job, new Date(), 2, false)).toEqual({ result: 'sent' });
      expect((await copies.deliver(job, new Date(), 3, false)).result).toBe('duplicate');
      expect(sink.messages).toHaveLength(1);
    });
  });

  describe('rollup refreshes', () => {
    async function rollupJob(trainerId: string, day: string, now: Date) {
      return rollupQueue.getJob(rollupDayJob({ trainerId, day }, now.getTime()).jobId);
    }

    it('turns a payment written through the service into its trainer-day’s rollup job, then a correct row', async () => {
      const trainer = await createTrainer(t, { name: 'Ελένη Rollup' });
      const trainerId = trainer.actor.trainerId as string;
      const client = await createClient(t, trainer.actor, { name: 'Łukasz Kowalski' });
      // 23:30 UTC on 20 May is 00:30 on 21 May in London: the payment counts on the 21st.
      const paidAt = new Date('2031-05-20T23:30:00Z');
      await inContext(t, () =>
        payments.create(trainer.actor, {
          clientId: client.id,
          amountMinor: 4_500,
          method: PaymentMethod.Card,
          paidAt,
        }),
      );
      const [outbox] = await query<{ payload: { trainerId: string; at: string[] } }>(
        `select payload from outbox_messages where topic = 'rollups.refresh' and payload->>'trainerId' = $1`,
        [trainerId],
      );
      expect(outbox?.payload.at).toEqual([paidAt.toISOString()]);

      const now = new Date();
      await relayAll(now);
      const job = await rollupJob(trainerId, '2031-05-21', now);
      expect(job?.data).toEqual({ trainerId, day: '2031-05-21' });
      expect(await rollupJob(trainerId, '2031-05-20', now)).toBeUndefined();

      await rollups.refreshDay(job?.data as { trainerId: string; day: string });
      const rows = await query<{ day: string; revenue_minor: string }>(
        `select to_char(day, 'YYYY-MM-DD') as day, revenue_minor from revenue_rollups where trainer_id = $1`,
        [trainerId],
      );
      expect(rows).toEqual([{ day: '2031-05-21', revenue_minor: '4500' }]);
    });

    it('refreshes the session’s day when it is completed or marked a no-show, and the day of a package sale', async () => {
      const trainer = await createTrainer(t, { name: 'Łukasz Rollup' });
      const trainerId = trainer.actor.trainerId as string;
      const client = await createClient(t, trainer.actor, { name: 'Ελένη Παπαδοπούλου' });
      // 23:30 UTC on 3 April is 00:30 on 4 April in London (summer time): both sessions count on the 4th.
      const [done, missed] = await insertBookings(trainer.actor, client.id, [
        { start: '2026-04-03T23:30:00Z', minutes: 45 },
        { start: '2026-04-04T08:00:00Z' },
      ]);
      await inContext(t, () => bookings.complete(trainer.actor, done as string));
      await inContext(t, () => bookings.markNoShow(trainer.actor, missed as string));
      const pkg = await createPackage(t, trainer.actor, { validityDays: null });
      await sellPackage(t, trainer.actor, client.id, { packageId: pkg.id });
      const refreshes = await query<{ payload: { at: string[] } }>(
        `select payload from outbox_messages where topic = 'rollups.refresh' and payload->>'trainerId' = $1 order by created_at`,
        [trainerId],
      );
      expect(refreshes).toHaveLength(3);
      const now = new Date();
      await relayAll(now);
      const saleDay = localDateOf(new Date(refreshes[2]?.payload.at[0] ?? 0), LONDON);
      for (const day of ['2026-04-04', saleDay])
        expect((await rollupJob(trainerId, day, now))?.data).toEqual({ trainerId, day });
      expect(await rollupJob(trainerId, '2026-04-03', now)).toBeUndefined();
    });

    it('refreshes the day a credit was used, no day for an open session that moved, and its day once cancelled', async () => {
      const trainer = await createTrainer(t, { name: 'Siobhán Rollup' });
      const trainerId = trainer.actor.trainerId as string;
      const client = await createClient(t, trainer.actor, { name: '李小龍' });
      const pkg = await createPackage(t, trainer.actor, { validityDays: null });
      await sellPackage(t, trainer.actor, client.id, { packageId: pkg.id });
      const { booking } = await inContext(t, () =>
        bookings.create(trainer.actor, {
          clientId: client.id,
          startTime: zonedTimeToUtc('2031-06-10', '10:00', LONDON),
          durationMinutes: 60,
          useCredit: true,
        }),
      );
      await inContext(t, () =>
        bookings.reschedule(trainer.actor, booking.id, { startTime: zonedTimeToUtc('2031-06-12', '10:00', LONDON) }),
      );
      const [ledger] = await query<{ payload: { at: string[] } }>(
        `select payload from outbox_messages where topic = 'rollups.refresh' and payload->>'trainerId' = $1`,
        [trainerId],
      );
      const now = new Date();
      await relayAll(now);
      const creditDay = localDateOf(new Date(ledger?.payload.at[0] ?? 0), LONDON);
      expect((await rollupJob(trainerId, creditDay, now))?.data).toEqual({ trainerId, day: creditDay });
      // A pending session counts in no rollup, wherever it starts: creating or moving it refreshes nothing.
      for (const day of ['2031-06-10', '2031-06-12']) expect(await rollupJob(trainerId, day, now)).toBeUndefined();

      await inContext(t, () => bookings.cancel(trainer.actor, booking.id, { reason: 'Moved away' }));
      const later = new Date(now.getTime() + 1);
      await relayAll(later);
      expect((await rollupJob(trainerId, '2031-06-12', later))?.data).toEqual({ trainerId, day: '2031-06-12' });
    });
  });
});
