import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { PrivateRedis } from '../../helpers/private-redis.js';

// A Redis of its own: heartbeats of workers other suites start must not make this file's worker look alive, and
// stopping it is an outage nobody else sees. Set before app.module.ts is imported (ConfigModule keeps it then).
const redis = await PrivateRedis.start();
const sharedEnv = { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: process.env.REDIS_PREFIX };
process.env.REDIS_URL = redis.url;
process.env.REDIS_PREFIX = 'th-readiness';
const { WorkerHeartbeatRepository } = await import('../../../src/modules/maintenance/worker-heartbeat.repository.js');
const { WorkerHeartbeatService } = await import('../../../src/modules/maintenance/worker-heartbeat.service.js');
const { rawClient } = await import('../../helpers/database.js');
const { useTestApp } = await import('../../helpers/test-app.js');
for (const [key, value] of Object.entries(sharedEnv)) {
  if (value === undefined) Reflect.deleteProperty(process.env, key);
  else process.env[key] = value;
}

const DAY_SECONDS = 24 * 3600;
/** Not a performance bound: anything slower than this is readiness waiting out the outage. */
const HANG_MS = 5_000;

describe('GET /health/ready: worker heartbeat and outbox lag', () => {
  const t = useTestApp();
  const oldRowId = randomUUID();
  let heartbeats: InstanceType<typeof WorkerHeartbeatRepository>;

  beforeAll(async () => {
    heartbeats = t.app.get(WorkerHeartbeatRepository, { strict: false });
    // An outbox row the relay never took, written two days ago (its topic is one no relay handles).
    const db = await rawClient();
    try {
      await db.query(
        `insert into outbox_messages (id, topic, payload, created_at, updated_at)
         values ($1, 'test.readiness', '{}', now() - interval '2 days', now() - interval '2 days')`,
        [oldRowId],
      );
    } finally {
      await db.end();
    }
  });

  afterAll(async () => {
    const db = await rawClient();
    try {
      await db.query('delete from outbox_messages where id = $1', [oldRowId]);
    } finally {
      await db.end();
    }
    await redis.stop();
  });

  it('says the worker is stale, never seen, and stays 200: the web process serves without it', async () => {
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      checks: { database: 'ok', redis: 'ok' },
      worker: { status: 'stale', lastSeenSeconds: null, live: 0 },
    });
  });

  it('reports the outbox lag: the oldest waiting row and the count', async () => {
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.body.outbox.status).toBe('lagging');
    expect(res.body.outbox.pending).toBeGreaterThanOrEqual(1);
    expect(res.body.outbox.oldestPendingSeconds).toBeGreaterThanOrEqual(2 * DAY_SECONDS);
  });

  it('says how long ago a worker that stopped beating was last seen, still 200', async () => {
    await heartbeats.record('worker-gone:1', new Date(Date.now() - 120_000));
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.worker).toMatchObject({ status: 'stale', live: 0 });
    expect(res.body.worker.lastSeenSeconds).toBeGreaterThanOrEqual(120);
  });

  it('says ok once a worker process beats', async () => {
    const worker = new WorkerHeartbeatService(heartbeats);
    await worker.beat();
    await worker.beat();
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.body.worker).toMatchObject({ status: 'ok', live: 1 });
    expect(res.body.worker.lastSeenSeconds).toBeLessThan(120);
  });

  it('counts each live worker once', async () => {
    await new WorkerHeartbeatService(heartbeats).beat();
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.body.worker).toMatchObject({ status: 'ok', live: 2 });
  });

  it('answers 503 fast with Redis down, the worker unknown and the outbox still reported', async () => {
    await redis.stop();
    try {
      const started = Date.now();
      const res = await t
        .http()
        .get('/health/ready')
        .timeout(HANG_MS * 3);
      expect(Date.now() - started).toBeLessThan(HANG_MS);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        status: 'down',
        checks: { database: 'ok', redis: 'down' },
        worker: { status: 'unknown', lastSeenSeconds: null, live: 0 },
        outbox: { status: 'lagging' },
      });
    } finally {
      await redis.restart();
    }
  });

  it('keeps liveness free of every dependency', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});
