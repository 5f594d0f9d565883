import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import pg from 'pg';
import { QueueName } from '../../src/common/queue/queues.js';
import { queueConnectionOptions } from '../../src/common/redis/redis-connection.js';
import { ensureDataset } from '../dataset/load.js';
import type { Scale } from '../dataset/scales.js';
import type { RunSecrets } from '../lib/app-process.js';
import { PrivateRedis } from '../lib/private-redis.js';
import { startChild } from '../lib/processes.js';
import { LOOPBACK } from '../lib/urls.js';
import type { GateResult } from '../scenarios/types.js';
import { type DeliveryResult, measureDelivery } from './delivery.js';
import { benchBookings, forgetPlanned, planBookings, REMINDER_BENCH_NOTE, removeBenchBookings } from './plan.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'enqueue-child.js');

/** How many future bookings each scale plans, and how many reminders each delivery run sends. */
export const REMINDER_SCALES = {
  full: { bookings: 100_000, deliveryPerPhase: 5_000 },
  // CI's smoke run: the gates on a few thousand jobs, in well under a minute.
  small: { bookings: 2_000, deliveryPerPhase: 250 },
} as const;

/** The marks: printed pass/FAIL, never failing the run. */
export const REMINDER_TARGETS = {
  enqueueRatio: 0.7,
  bytesPerJob: 1024,
  deliveryPerSecond: 2_000,
  latenessP99Ms: 250,
} as const;

export interface EnqueueSide {
  /** Outbox rows relayed (relay) or bookings whose jobs were added (addbulk). */
  rows: number;
  /** Relay passes, or pairs of addBulk calls (reminders, notices) of one pass's size. */
  calls: number;
  seconds: number;
  jobs: { reminders: number; notices: number; total: number };
  perSecond: number;
  memory: {
    /** `INFO memory` used_memory after the run minus before it (an emptied Redis, nothing else connected). */
    usedMemoryDelta: number;
    perJob: number;
    /** Sum of `MEMORY USAGE` over every key under the run's prefix (job hashes, the delayed set, the event stream…). */
    keyBytes: number;
    keys: number;
    keyBytesPerJob: number;
    /** Of those, the job hashes alone (name, data, opts, timestamps), per job. */
    jobHashBytesPerJob: number;
  };
}

export interface RemindersResult {
  scale: string;
  bookings: number;
  relay: EnqueueSide;
  addBulk: EnqueueSide;
  /** relay jobs/s ÷ addBulk jobs/s. */
  ratio: number;
  delivery: DeliveryResult;
  seconds: number;
  gates: GateResult[];
  marks: GateResult[];
}

async function usedMemory(redis: PrivateRedis): Promise<number> {
  const info = await redis.command((client) => client.info('memory'));
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? 0);
}

/** MEMORY USAGE of every key under the prefix; `jobBytes` only of the job hashes (ids "reminder.…", "notice.…"). */
async function keyBytes(
  redis: PrivateRedis,
  prefix: string,
): Promise<{ keys: number; bytes: number; jobBytes: number }> {
  return redis.command(async (client) => {
    let cursor = '0';
    let keys = 0;
    let bytes = 0;
    let jobBytes = 0;
    do {
      const [next, batch] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (batch.length === 0) continue;
      const pipeline = client.pipeline();
      for (const key of batch) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
      const replies = (await pipeline.exec()) ?? [];
      replies.forEach(([, value], index) => {
        const size = Number(value ?? 0);
        bytes += size;
        if (/:(reminder|notice)\.[^:]+$/.test(batch[index] ?? '')) jobBytes += size;
      });
      keys += batch.length;
    } while (cursor !== '0');
    return { keys, bytes, jobBytes };
  });
}

/** Jobs each queue holds right after an enqueue run: reminders wait in the delayed set, notices in wait. */
async function queuedJobs(env: Record<string, string>): Promise<{ reminders: number; notices: number }> {
  const options = { connection: queueConnectionOptions(env.REDIS_URL ?? ''), prefix: `${env.REDIS_PREFIX}:bull` };
  const reminders = new Queue(QueueName.Reminders, options);
  const emails = new Queue(QueueName.Emails, options);
  try {
    const [r, e] = await Promise.all([reminders.getJobCounts(), emails.getJobCounts()]);
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);
    return { reminders: total(r), notices: total(e) };
  } finally {
    await Promise.all([reminders.close(), emails.close()]);
  }
}

async function emptyRedis(redis: PrivateRedis): Promise<number> {
  await redis.command(async (client) => {
    await client.flushall();
    await client.call('MEMORY', 'PURGE');
  });
  return usedMemory(redis);
}

async function enqueueSide(
  mode: 'relay' | 'addbulk',
  redis: PrivateRedis,
  env: Record<string, string>,
  log: (line: string) => void,
): Promise<EnqueueSide> {
  const before = await emptyRedis(redis);
  log(`  enqueue: ${mode === 'relay' ? 'the app’s relay (outbox → BullMQ)' : 'raw BullMQ addBulk, same jobs'}…`);
  const child = startChild(`enqueue ${mode}`, [CHILD, mode], env);
  const code = await child.exited;
  const line = child
    .output()
    .split('\n')
    .reverse()
    .find((entry) => entry.startsWith('{"mode"'));
  if (code !== 0 || !line) throw new Error(`enqueue ${mode} failed (exit ${code}):\n${child.output().slice(-4000)}`);
  const result = JSON.parse(line) as { rows: number; calls: number; ms: number };
  const after = await usedMemory(redis);
  const keys = await keyBytes(redis, env.REDIS_PREFIX ?? '');
  const jobs = await queuedJobs(env);
  const total = jobs.reminders + jobs.notices;
  const seconds = result.ms / 1000;
  return {
    rows: result.rows,
    calls: result.calls,
    seconds,
    jobs: { ...jobs, total },
    perSecond: seconds > 0 ? total / seconds : 0,
    memory: {
      usedMemoryDelta: after - before,
      perJob: total > 0 ? (after - before) / total : 0,
      keyBytes: keys.bytes,
      keys: keys.keys,
      keyBytesPerJob: total > 0 ? keys.bytes / total : 0,
      jobHashBytesPerJob: total > 0 ? keys.jobBytes / total : 0,
    },
  };
}

/**
 * The reminders family (`npm run bench -- reminders`): plans future bookings set-based in the bench database,
 * then measures, on a Redis of its own,
 *  1. enqueue: the app's planning path (the outbox relay) against raw BullMQ addBulk of the same jobs, and the
 *     Redis memory each planned job takes;
 *  2. delivery: the real worker process with the no-op transport, a backlog (rate) and a steady due rate
 *     (lateness).
 * Hard gates are correctness only: every booking planned exactly its jobs, on both sides, and every reminder
 * sent exactly once. Speeds and bytes are marks.
 */
export async function runReminders(options: {
  adminUrl: string;
  scale: Scale;
  bookings?: number;
  secrets: RunSecrets;
  log: (line: string) => void;
}): Promise<RemindersResult> {
  const { scale, secrets, log } = options;
  const started = Date.now();
  const sizes = REMINDER_SCALES[scale.name];
  const bookings = options.bookings ?? sizes.bookings;
  if (bookings < 100) throw new Error('--bookings must be at least 100');
  const perPhase = Math.min(sizes.deliveryPerPhase, Math.floor(bookings / 2));
  const dataset = await ensureDataset(options.adminUrl, scale, log);
  const db = new pg.Pool({ connectionString: dataset.databaseUrl, max: 2 });
  const redis = await PrivateRedis.start();
  try {
    const env: Record<string, string> = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: dataset.databaseUrl,
      REDIS_URL: redis.url,
      REDIS_PREFIX: secrets.redisPrefix,
      SESSION_SECRET: secrets.sessionSecret,
      JWT_ACCESS_SECRET: secrets.jwtAccessSecret,
      JWT_REFRESH_SECRET: secrets.jwtRefreshSecret,
      DEPLOY_TARGET: 'compose',
      PUBLIC_URL: `http://${LOOPBACK}:3000`,
      // No SMTP server: the app's own no-op transport (nodemailer's JSON transport, its log line below warn).
      SMTP_URL: '',
    };
    const planStarted = Date.now();
    const planned = await planBookings(db, dataset.anchor, bookings, scale.futureDays + 5);
    log(
      `reminders: ${planned.toLocaleString('en-GB')} future bookings and their outbox rows planned in ${((Date.now() - planStarted) / 1000).toFixed(1)} s`,
    );

    const relay = await enqueueSide('relay', redis, env, log);
    const { rows } = await db.query<{ reminders: number; notices: number; unrelayed: number }>(
      `select count(*) filter (where n.purpose like 'reminder:%')::int as reminders,
              count(*) filter (where n.purpose = 'booking_confirmed')::int as notices,
              (select count(*)::int from outbox_messages o join bookings ob on ob.id::text = o.payload->>'bookingId'
                where ob.notes = $1 and o.processed_at is null) as unrelayed
         from notifications n join bookings b on b.id = n.booking_id where b.notes = $1 and n.status = 'planned'`,
      [REMINDER_BENCH_NOTE],
    );
    const expected = rows[0] ?? { reminders: -1, notices: -1, unrelayed: -1 };
    const addBulk = await enqueueSide('addbulk', redis, env, log);

    await emptyRedis(redis);
    await forgetPlanned(db);
    const delivery = await measureDelivery({
      db,
      env,
      bookings: await benchBookings(db, 2 * perPhase),
      perPhase,
      dueRate: REMINDER_TARGETS.deliveryPerSecond,
      log,
    });

    const ratio = addBulk.perSecond > 0 ? relay.perSecond / addBulk.perSecond : 0;
    const jobsText = (side: EnqueueSide) =>
      `${side.jobs.reminders.toLocaleString('en-GB')} reminders + ${side.jobs.notices.toLocaleString('en-GB')} notices`;
    const gates: GateResult[] = [
      {
        name: 'reminders relay planned every booking: one notice and one job per planned reminder, no row left',
        pass:
          relay.rows === planned &&
          expected.unrelayed === 0 &&
          expected.notices === planned &&
          relay.jobs.notices === planned &&
          relay.jobs.reminders === expected.reminders &&
          expected.reminders > 0,
        detail: `${planned} bookings, ${expected.reminders} planned reminder rows, ${expected.unrelayed} unrelayed; queued ${jobsText(relay)}`,
      },
      {
        name: 'reminders addBulk comparator queued the same jobs',
        pass: addBulk.jobs.reminders === relay.jobs.reminders && addBulk.jobs.notices === relay.jobs.notices,
        detail: jobsText(addBulk),
      },
      {
        name: 'reminders delivery sent every reminder exactly once (no-op transport)',
        pass:
          delivery.failedJobs === 0 &&
          delivery.rows.logged === delivery.jobs &&
          Object.keys(delivery.rows).length === 1 &&
          delivery.burst.jobs + delivery.paced.jobs === delivery.jobs,
        detail: `${delivery.jobs} reminders: rows ${JSON.stringify(delivery.rows)}, ${delivery.failedJobs} failed jobs`,
      },
    ];
    const marks: GateResult[] = [
      {
        name: `reminders enqueue ≥ ${REMINDER_TARGETS.enqueueRatio}× addBulk (speed target)`,
        pass: ratio >= REMINDER_TARGETS.enqueueRatio,
        detail: `${ratio.toFixed(2)}×`,
      },
      {
        name: `reminders Redis memory ≤ ${REMINDER_TARGETS.bytesPerJob} B per planned job (target)`,
        pass: relay.memory.perJob <= REMINDER_TARGETS.bytesPerJob,
        detail: `${Math.round(relay.memory.perJob)} B (INFO delta), ${Math.round(relay.memory.keyBytesPerJob)} B (MEMORY USAGE)`,
      },
      {
        name: `reminders delivery ≥ ${REMINDER_TARGETS.deliveryPerSecond.toLocaleString('en-GB')}/s (speed target)`,
        pass: delivery.burst.perSecond >= REMINDER_TARGETS.deliveryPerSecond,
        detail: `${Math.round(delivery.burst.perSecond).toLocaleString('en-GB')}/s`,
      },
      {
        name: `reminders p99 lateness ≤ ${REMINDER_TARGETS.latenessP99Ms} ms at ${REMINDER_TARGETS.deliveryPerSecond.toLocaleString('en-GB')} due/s (target)`,
        pass: delivery.paced.latenessP99 <= REMINDER_TARGETS.latenessP99Ms,
        detail: `${Math.round(delivery.paced.latenessP99)} ms`,
      },
    ];
    return {
      scale: scale.name,
      bookings: planned,
      relay,
      addBulk,
      ratio,
      delivery,
      seconds: (Date.now() - started) / 1000,
      gates,
      marks,
    };
  } finally {
    await removeBenchBookings(db).catch(() => undefined);
    await db.end();
    await redis.stop();
  }
}
