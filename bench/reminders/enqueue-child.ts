import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type JobsOptions, Queue } from 'bullmq';
import pg from 'pg';
import { QueueName, type BookingNoticePayload, type ReminderPayload } from '../../src/common/queue/queues.js';
import { queueConnectionOptions } from '../../src/common/redis/redis-connection.js';
import { CoreModule } from '../../src/core.module.js';
import {
  noticeJob,
  OutboxRelayService,
  RELAY_BATCH,
  reminderJob,
} from '../../src/modules/outbox/outbox-relay.service.js';
import { RemindersModule } from '../../src/modules/reminders/reminders.module.js';
import { planReminders } from '../../src/modules/reminders/reminders.rules.js';
import { REMINDER_BENCH_NOTE } from './plan.js';

/**
 * One enqueue run of the reminders family, in a process of its own (so both sides start equal: fresh heap, fresh
 * connections), printing one JSON line `{ mode, rows, calls, ms }`:
 *
 *   relay    the app's planning path: the worker's services (no processors, no timers) and OutboxRelayService
 *            drained pass by pass, as the worker's relay tick does: outbox rows read FOR UPDATE SKIP LOCKED,
 *            bookings re-read, reminders planned, notification rows written, addBulk, rows marked processed;
 *   addbulk  the comparator: raw BullMQ `Queue.addBulk` of the very same jobs (same names, payloads, ids and
 *            options, built beforehand by the app's own pure planners, untimed), in calls of the same size as the
 *            relay's (one pass = RELAY_BATCH bookings), with nothing else in between.
 *
 * Environment: the app's own (DATABASE_URL, REDIS_URL, REDIS_PREFIX, secrets), set by bench/reminders/enqueue.ts.
 */

interface BookingFacts {
  id: string;
  trainer_id: string;
  start_time: Date;
  created_at: Date;
  time_zone: string;
  reminder_lead_minutes: number[];
}

type Bulk = Array<{ name: string; data: ReminderPayload | BookingNoticePayload; opts: JobsOptions }>;

async function relay(): Promise<{ rows: number; calls: number; ms: number }> {
  class RelayBenchModule {}
  Module({ imports: [CoreModule, RemindersModule] })(RelayBenchModule);
  const app = await NestFactory.createApplicationContext(RelayBenchModule, { logger: ['error', 'warn'] });
  try {
    const service = app.get(OutboxRelayService, { strict: false });
    const started = performance.now();
    // As the worker's relay tick drains a backlog (OutboxRelayService.drain).
    const rows = await service.drain();
    return { rows, calls: Math.ceil(rows / RELAY_BATCH), ms: performance.now() - started };
  } finally {
    await app.close();
  }
}

async function addBulk(): Promise<{ rows: number; calls: number; ms: number }> {
  const env = process.env;
  const db = new pg.Pool({ connectionString: env.DATABASE_URL, max: 1 });
  const { rows } = await db.query<BookingFacts>(
    `select b.id, b.trainer_id, b.start_time, b.created_at, t.time_zone, t.reminder_lead_minutes
       from bookings b join trainers t on t.id = b.trainer_id where b.notes = $1 order by b.created_at, b.id`,
    [REMINDER_BENCH_NOTE],
  );
  await db.end();
  const now = new Date();
  const chunks: Array<{ reminders: Bulk; notices: Bulk }> = [];
  for (let at = 0; at < rows.length; at += RELAY_BATCH) {
    const chunk = { reminders: [] as Bulk, notices: [] as Bulk };
    for (const row of rows.slice(at, at + RELAY_BATCH)) {
      const startTime = new Date(row.start_time);
      for (const reminder of planReminders({
        startTime,
        leadMinutes: row.reminder_lead_minutes.map(Number),
        plannedAt: new Date(row.created_at),
        timeZone: row.time_zone,
      })) {
        chunk.reminders.push(
          reminderJob(
            {
              trainerId: row.trainer_id,
              bookingId: row.id,
              leadMinutes: reminder.leadMinutes,
              scheduleVersion: 0,
              startTime: startTime.toISOString(),
              fireAt: reminder.fireAt.toISOString(),
            },
            now,
          ),
        );
      }
      chunk.notices.push(
        noticeJob({
          trainerId: row.trainer_id,
          bookingId: row.id,
          kind: 'booking_confirmed',
          scheduleVersion: 0,
          previousStartTime: null,
        }),
      );
    }
    chunks.push(chunk);
  }
  const options = { connection: queueConnectionOptions(env.REDIS_URL ?? ''), prefix: `${env.REDIS_PREFIX}:bull` };
  const reminders = new Queue(QueueName.Reminders, options);
  const emails = new Queue(QueueName.Emails, options);
  try {
    await Promise.all([reminders.waitUntilReady(), emails.waitUntilReady()]);
    let calls = 0;
    const started = performance.now();
    for (const chunk of chunks) {
      if (chunk.reminders.length > 0) await reminders.addBulk(chunk.reminders);
      await emails.addBulk(chunk.notices);
      calls += 1;
    }
    return { rows: rows.length, calls, ms: performance.now() - started };
  } finally {
    await Promise.all([reminders.close(), emails.close()]);
  }
}

const mode = process.argv[2];
if (mode !== 'relay' && mode !== 'addbulk') throw new Error('usage: enqueue-child.js relay|addbulk');
const result = mode === 'relay' ? await relay() : await addBulk();
console.log(JSON.stringify({ mode, ...result }));
process.exit(0);
