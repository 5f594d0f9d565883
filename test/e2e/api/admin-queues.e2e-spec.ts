import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type request from 'supertest';
import { PrivateRedis } from '../../helpers/private-redis.js';

// A Redis of its own, so the counts are exactly what this file put there and stopping it is an outage nobody else
// sees. In the environment before app.module.ts is imported, as ConfigModule validates (and keeps) it then.
const redis = await PrivateRedis.start();
const sharedEnv = { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: process.env.REDIS_PREFIX };
const PREFIX = 'th-admin-queues';
process.env.REDIS_URL = redis.url;
process.env.REDIS_PREFIX = PREFIX;
const { Worker } = await import('bullmq');
const { getQueueToken } = await import('@nestjs/bullmq');
const { QueueName, reminderJobId } = await import('../../../src/common/queue/queues.js');
const { createAdmin, createTrainer } = await import('../../factories/accounts.factory.js');
const { createClient } = await import('../../factories/clients.factory.js');
const { insertBookings } = await import('../../factories/bookings.factory.js');
const { apiLogin, bearer } = await import('../../helpers/api-client.js');
const { rawClient } = await import('../../helpers/database.js');
const { useTestApp } = await import('../../helpers/test-app.js');
for (const [key, value] of Object.entries(sharedEnv)) {
  if (value === undefined) Reflect.deleteProperty(process.env, key);
  else process.env[key] = value;
}

/** Not a performance bound: anything slower than this is a request waiting out the outage. */
const HANG_MS = 5_000;
const MINUTE = 60_000;

interface QueueEntry {
  name: string;
  oldestWaitingSeconds: number | null;
  failed: unknown[];
}

function expectProblem(res: request.Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
}

describe('admin queues API', () => {
  const t = useTestApp();
  let adminToken: string;
  let trainerToken: string;
  let trainerActor: Awaited<ReturnType<typeof createTrainer>>['actor'];
  const queue = (name: string) => t.app.get<Queue>(getQueueToken(name), { strict: false });
  let failedJobId: string;
  let bookingId: string;

  beforeAll(async () => {
    const admin = await createAdmin(t);
    adminToken = (await apiLogin(t, admin.email, admin.password)).accessToken;
    const trainer = await createTrainer(t, { name: 'Siobhán O’Brien' });
    trainerActor = trainer.actor;
    trainerToken = (await apiLogin(t, trainer.email, trainer.password)).accessToken;

    const now = Date.now();
    // emails: one job waiting since two minutes ago (no worker runs in this process).
    await queue(QueueName.Emails).add(
      'booking-notice',
      { note: 'waiting' },
      { jobId: 'notice.test.waiting', timestamp: now - 2 * MINUTE },
    );
    // reminders: one delayed job whose time passed four minutes ago (nothing promoted it), one due tomorrow.
    await queue(QueueName.Reminders).add(
      'send-reminder',
      { note: 'due' },
      { jobId: 'reminder.test.due', timestamp: now - 5 * MINUTE, delay: MINUTE },
    );
    await queue(QueueName.Reminders).add(
      'send-reminder',
      { note: 'later' },
      { jobId: 'reminder.test.later', delay: 24 * 60 * MINUTE },
    );
    // rollups: one job that failed, taken and failed by hand with BullMQ's own worker API.
    const rollups = queue(QueueName.Rollups);
    await rollups.add('refresh-day', { trainerId: randomUUID(), day: '2031-03-09' }, { jobId: 'rollup.test.failed' });
    const worker = new Worker(QueueName.Rollups, null, { connection: { url: redis.url }, prefix: `${PREFIX}:bull` });
    try {
      const token = randomUUID();
      const job = await worker.getNextJob(token);
      if (!job?.id) throw new Error('No job to fail');
      await job.moveToFailed(new Error('Łukasz’s day could not be summed'), token, false);
      failedJobId = job.id;
    } finally {
      await worker.close();
    }
  });

  afterAll(async () => {
    if (bookingId) {
      const db = await rawClient();
      try {
        await db.query('delete from bookings where id = $1', [bookingId]);
      } finally {
        await db.end();
      }
    }
    await redis.stop();
  });

  const get = (token?: string) => {
    const req = t.http().get('/api/v1/admin/queues');
    return token ? req.set(bearer(token)) : req;
  };
  const reconcile = (token?: string) => {
    const req = t.http().post('/api/v1/admin/reminders/reconcile');
    return token ? req.set(bearer(token)) : req;
  };
  const retry = (queueName: string, id: string, token?: string) => {
    const req = t.http().post(`/api/v1/admin/jobs/${queueName}/${encodeURIComponent(id)}/retry`);
    return token ? req.set(bearer(token)) : req;
  };

  describe('access', () => {
    it.each([
      ['GET /admin/queues', () => get],
      ['POST /admin/reminders/reconcile', () => reconcile],
      ['POST /admin/jobs/…/retry', () => (token?: string) => retry(QueueName.Rollups, failedJobId, token)],
    ])('%s answers 403 problem+json to a trainer and 401 without a token', async (_label, route) => {
      expectProblem(await route()(trainerToken), 403, 'forbidden');
      expect((await route()()).status).toBe(401);
    });
  });

  describe('GET /api/v1/admin/queues', () => {
    it('reports every queue’s counts, its oldest due job and its failed jobs with their reasons', async () => {
      const res = await get(adminToken).expect(200);
      const byName: Record<string, QueueEntry> = Object.fromEntries(
        (res.body.queues as QueueEntry[]).map((entry) => [entry.name, entry]),
      );
      expect(res.body.queues.map((entry: { name: string }) => entry.name)).toEqual([
        'reminders',
        'emails',
        'rollups',
        'maintenance',
      ]);
      const zero = { waiting: 0, active: 0, delayed: 0, prioritized: 0, waitingChildren: 0, completed: 0, failed: 0 };

      expect(byName.emails).toMatchObject({ paused: false, counts: { ...zero, waiting: 1 }, failed: [] });
      expect(byName.emails.oldestWaitingSeconds).toBeGreaterThanOrEqual(120);

      // Due four minutes ago: measured from its due time, not from when it was added five minutes ago.
      expect(byName.reminders).toMatchObject({ counts: { ...zero, delayed: 2 }, failed: [] });
      expect(byName.reminders.oldestWaitingSeconds).toBeGreaterThanOrEqual(240);
      expect(byName.reminders.oldestWaitingSeconds).toBeLessThan(300);

      expect(byName.rollups).toMatchObject({ counts: { ...zero, failed: 1 }, oldestWaitingSeconds: null });
      expect(byName.rollups.failed).toEqual([
        {
          id: failedJobId,
          name: 'refresh-day',
          failedReason: 'Łukasz’s day could not be summed',
          attemptsMade: 1,
          timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          failedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      ]);

      expect(byName.maintenance).toEqual({
        name: 'maintenance',
        paused: false,
        counts: zero,
        oldestWaitingSeconds: null,
        failed: [],
      });
    });
  });

  describe('POST /api/v1/admin/jobs/{queue}/{id}/retry', () => {
    it('answers 404 queue_not_found for a queue that does not exist', async () => {
      expectProblem(await retry('invoices', failedJobId, adminToken), 404, 'queue_not_found');
    });

    it.each(['no-such-job', 'bad id with spaces'])('answers 404 job_not_found for the job id %j', async (id) => {
      expectProblem(await retry(QueueName.Rollups, id, adminToken), 404, 'job_not_found');
    });

    it('answers 404 for a job that lives in another queue', async () => {
      expectProblem(await retry(QueueName.Emails, failedJobId, adminToken), 404, 'job_not_found');
    });

    it('answers 409 job_not_failed for a job that is waiting', async () => {
      const res = await retry(QueueName.Emails, 'notice.test.waiting', adminToken);
      expectProblem(res, 409, 'job_not_failed');
      expect(res.body.state).toBe('waiting');
    });

    it('moves a failed job back to waiting with its attempts counted afresh, once', async () => {
      const res = await retry(QueueName.Rollups, failedJobId, adminToken).expect(200);
      expect(res.body).toEqual({ queue: 'rollups', id: failedJobId, name: 'refresh-day', state: 'waiting' });
      const rollups = queue(QueueName.Rollups);
      expect(await rollups.getJobState(failedJobId)).toBe('waiting');
      expect((await rollups.getJob(failedJobId))?.attemptsMade).toBe(0);
      expect(await rollups.getJobCounts('failed', 'waiting')).toEqual({ failed: 0, waiting: 1 });

      expectProblem(await retry(QueueName.Rollups, failedJobId, adminToken), 409, 'job_not_failed');
    });
  });

  describe('POST /api/v1/admin/reminders/reconcile', () => {
    it('re-creates a planned reminder whose job Redis lost, and never a second one', async () => {
      const client = await createClient(t, trainerActor, { name: 'Ελένη Παπαδοπούλου' });
      const start = new Date(Date.UTC(2031, 4, 20, 9));
      [bookingId] = await insertBookings(trainerActor, client.id, [{ start }]);
      const db = await rawClient();
      try {
        await db.query(
          `insert into notifications (id, trainer_id, booking_id, purpose, schedule_version, channel, status, scheduled_for)
           values ($1, $2, $3, 'reminder:1440', 0, 'email', 'planned', $4)`,
          [randomUUID(), trainerActor.trainerId, bookingId, new Date(start.getTime() - 24 * 60 * MINUTE)],
        );
      } finally {
        await db.end();
      }
      const reminders = queue(QueueName.Reminders);
      const jobId = reminderJobId(bookingId, 1440, 0);
      expect(await reminders.getJob(jobId)).toBeUndefined();

      const first = await reconcile(adminToken).expect(200);
      expect(first.body.handed).toBeGreaterThanOrEqual(1);
      const job = await reminders.getJob(jobId);
      expect(job?.data).toMatchObject({
        bookingId,
        leadMinutes: 1440,
        scheduleVersion: 0,
        startTime: start.toISOString(),
      });
      const delayed = await reminders.getDelayedCount();

      await reconcile(adminToken).expect(200);
      expect(await reminders.getDelayedCount()).toBe(delayed);
      expect((await reminders.getJob(jobId))?.timestamp).toBe(job?.timestamp);
    });
  });

  // Last: an outage of the private Redis, brought back (empty) so the app closes as it would in production.
  describe('with Redis down', () => {
    beforeAll(async () => {
      await redis.stop();
    });
    afterAll(async () => {
      await redis.restart();
    });

    it.each([
      ['GET /admin/queues', () => get(adminToken)],
      ['POST /admin/reminders/reconcile', () => reconcile(adminToken)],
      ['POST /admin/jobs/…/retry', () => retry(QueueName.Rollups, failedJobId, adminToken)],
    ])('%s answers 503 problem+json with Retry-After, fast', async (_label, send) => {
      const started = Date.now();
      const res = await send().timeout(HANG_MS * 3);
      const ms = Date.now() - started;
      expectProblem(res, 503, 'service_unavailable');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(ms).toBeLessThan(HANG_MS);
    });
  });
});
