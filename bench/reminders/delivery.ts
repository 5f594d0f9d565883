import { join } from 'node:path';
import { Queue } from 'bullmq';
import type pg from 'pg';
import { PROJECT_ROOT } from '../../src/common/paths.js';
import { QueueName, type ReminderPayload } from '../../src/common/queue/queues.js';
import { queueConnectionOptions } from '../../src/common/redis/redis-connection.js';
import { reminderJob } from '../../src/modules/outbox/outbox-relay.service.js';
import { type Child, startChild } from '../lib/processes.js';
import { type PlannedBooking, REMINDER_BENCH_NOTE } from './plan.js';

/** One delivery run: how fast the worker empties a backlog, and how late it sends at a steady due rate. */
export interface DeliveryResult {
  jobs: number;
  burst: { jobs: number; seconds: number; perSecond: number };
  paced: {
    jobs: number;
    /** Reminders falling due per second. */
    dueRate: number;
    /** Completion minus due time, in ms. */
    latenessP50: number;
    latenessP99: number;
    latenessMax: number;
  };
  failedJobs: number;
  /**
   * Notification rows the jobs left, by status: one "logged" row (the no-op transport's "sent") per reminder is
   * exactly once, the claim being unique per (booking, purpose, schedule version).
   */
  rows: Record<string, number>;
}

const ADD_CHUNK = 500;
const LEAD = 1440;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function payloadFor(booking: PlannedBooking, fireAt: number): ReminderPayload {
  return {
    trainerId: booking.trainerId,
    bookingId: booking.id,
    leadMinutes: LEAD,
    scheduleVersion: 0,
    startTime: booking.startTime.toISOString(),
    fireAt: new Date(fireAt).toISOString(),
  };
}

/** Adds the jobs in order, each with its delay computed as it is added (the app's own job builder). */
async function addInOrder(queue: Queue, jobs: Array<{ booking: PlannedBooking; fireAt: number }>): Promise<void> {
  for (let at = 0; at < jobs.length; at += ADD_CHUNK) {
    const now = new Date();
    await queue.addBulk(
      jobs.slice(at, at + ADD_CHUNK).map(({ booking, fireAt }) => reminderJob(payloadFor(booking, fireAt), now)),
    );
  }
}

/** Rows of the family's delivery runs that a job has finished with (anything but a claim in hand). */
async function finishedRows(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from notifications n join bookings b on b.id = n.booking_id
      where b.notes = $1 and n.purpose = $2 and n.status <> 'sending'`,
    [REMINDER_BENCH_NOTE, `reminder:${LEAD}`],
  );
  return rows[0]?.n ?? 0;
}

async function settled(db: pg.Pool, expected: number, worker: Child): Promise<void> {
  // A hang detector: generous, since the rate is what is measured, not this.
  const deadline = Date.now() + 30_000 + expected * 50;
  let dead = false;
  void worker.exited.then(() => (dead = true));
  for (;;) {
    const done = await finishedRows(db);
    if (done >= expected) return;
    if (dead) throw new Error(`the worker exited during the delivery run:\n${worker.output().slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`delivery stalled at ${done} of ${expected} reminders`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The run's timings from PostgreSQL, not from BullMQ (whose completed-job retention may keep fewer than were run):
 * each row's `sent_at` is when its job started, `updated_at` when the outcome was recorded, after the send, and
 * `scheduled_for` the due time it was claimed for.
 */
async function timings(db: pg.Pool, from: number, to: number) {
  const { rows } = await db.query<{ status: string; started_ms: number; done_ms: number; late_ms: number }>(
    `select n.status, extract(epoch from n.sent_at) * 1000 as started_ms, extract(epoch from n.updated_at) * 1000 as done_ms,
            extract(epoch from n.updated_at - n.scheduled_for) * 1000 as late_ms
       from notifications n join bookings b on b.id = n.booking_id
      where b.notes = $1 and n.purpose = $2 and n.scheduled_for >= $3 and n.scheduled_for < $4`,
    [REMINDER_BENCH_NOTE, `reminder:${LEAD}`, new Date(from), new Date(to)],
  );
  return rows.map((row) => ({
    status: row.status,
    started: Number(row.started_ms),
    done: Number(row.done_ms),
    late: Number(row.late_ms),
  }));
}

/**
 * The real worker process (`dist/src/worker.js`, production mode, no SMTP_URL: the app's own no-op transport,
 * nodemailer's JSON transport, with the log line it writes below LOG_LEVEL=warn) sends reminders of planned
 * bookings through the full processor path: booking re-read, claim, render (HTML, text, calendar file), send,
 * record. First a backlog of `perPhase` reminders all due at once (the rate), then `perPhase` more falling due
 * at `dueRate` a second (the lateness: completion minus due time).
 */
export async function measureDelivery(options: {
  db: pg.Pool;
  env: Record<string, string>;
  bookings: PlannedBooking[];
  perPhase: number;
  dueRate: number;
  log: (line: string) => void;
}): Promise<DeliveryResult> {
  const { db, env, bookings, perPhase, dueRate, log } = options;
  if (bookings.length < 2 * perPhase) throw new Error(`delivery needs ${2 * perPhase} bookings`);
  const queue = new Queue(QueueName.Reminders, {
    connection: queueConnectionOptions(env.REDIS_URL ?? ''),
    prefix: `${env.REDIS_PREFIX}:bull`,
  });
  const worker = startChild('worker', [join(PROJECT_ROOT, 'dist', 'src', 'worker.js')], env);
  try {
    const deadline = Date.now() + 60_000;
    while ((await queue.getWorkersCount()) === 0) {
      if (Date.now() > deadline) throw new Error(`the worker did not start:\n${worker.output().slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    log(`  delivery: ${perPhase.toLocaleString('en-GB')} reminders due at once…`);
    const burstDue = Date.now();
    await addInOrder(
      queue,
      bookings.slice(0, perPhase).map((booking) => ({ booking, fireAt: burstDue })),
    );
    await settled(db, perPhase, worker);
    const burst = await timings(db, burstDue, burstDue + 1);
    const firstStart = Math.min(...burst.map((row) => row.started).filter(Number.isFinite));
    const lastEnd = Math.max(...burst.map((row) => row.done).filter(Number.isFinite));
    const burstSeconds = (lastEnd - firstStart) / 1000;

    log(
      `  delivery: ${perPhase.toLocaleString('en-GB')} reminders falling due at ${dueRate.toLocaleString('en-GB')}/s…`,
    );
    const pacedStart = Date.now() + 500;
    await addInOrder(
      queue,
      bookings.slice(perPhase, 2 * perPhase).map((booking, index) => ({
        booking,
        fireAt: pacedStart + Math.floor((index * 1000) / dueRate),
      })),
    );
    await settled(db, 2 * perPhase, worker);
    const paced = await timings(db, pacedStart, Date.UTC(9999, 0, 1));
    const lateness = paced.map((row) => row.late).sort((a, b) => a - b);

    const rows: Record<string, number> = {};
    for (const row of [...burst, ...paced]) rows[row.status] = (rows[row.status] ?? 0) + 1;
    const failedJobs = (await queue.getJobCounts('failed')).failed ?? 0;
    return {
      jobs: 2 * perPhase,
      burst: {
        jobs: burst.length,
        seconds: burstSeconds,
        perSecond: burstSeconds > 0 ? burst.length / burstSeconds : 0,
      },
      paced: {
        jobs: paced.length,
        dueRate,
        latenessP50: percentile(lateness, 50),
        latenessP99: percentile(lateness, 99),
        latenessMax: lateness.at(-1) ?? 0,
      },
      failedJobs,
      rows,
    };
  } finally {
    await queue.close();
    await worker.stop(30_000);
  }
}
