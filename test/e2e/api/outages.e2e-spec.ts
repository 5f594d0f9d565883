import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type request from 'supertest';
import { bearer } from '../../helpers/api-client.js';
import { bootAppBehindProxies, eventually, type OutageApp } from '../../helpers/outage-app.js';

/** Not a performance bound: anything slower than this is a request waiting out the outage. */
const HANG_MS = 5_000;

async function timed(send: () => request.Test): Promise<{ res: request.Response; ms: number }> {
  const started = Date.now();
  const res = await send().timeout(HANG_MS * 3);
  return { res, ms: Date.now() - started };
}

function expectUnavailableProblem(res: request.Response): void {
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 503, code: 'service_unavailable' });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

// Real outages: the app talks to PostgreSQL and Redis through loopback proxies that this suite cuts.
describe('API during outages', () => {
  let outage: OutageApp;
  let token: string;
  let credentials: { email: string; password: string };

  beforeAll(async () => {
    outage = await bootAppBehindProxies();
    const { createTrainer } = await import('../../factories/accounts.factory.js');
    const { apiLogin } = await import('../../helpers/api-client.js');
    const trainer = await createTrainer(outage.t, { name: 'Siobhán O’Brien' });
    credentials = { email: trainer.email, password: trainer.password };
    token = (await apiLogin(outage.t, trainer.email, trainer.password)).accessToken;
  });

  afterEach(async () => {
    outage.database.restore();
    outage.redis.restore();
    // Each test starts with both stores reachable again, as the app sees them.
    await eventually(async () => (await outage.t.http().get('/health/ready')).status === 200);
  });

  afterAll(async () => {
    await outage?.close();
  });

  describe('PostgreSQL cut', () => {
    it('answers a valid bearer token 503 problem+json with Retry-After, never 401', async () => {
      outage.database.cut();
      const { res, ms } = await timed(() => outage.t.http().get('/api/v1/clients').set(bearer(token)));
      expectUnavailableProblem(res);
      expect(ms).toBeLessThan(HANG_MS);
    });

    it('answers login 503, not a failed login', async () => {
      outage.database.cut();
      const { res, ms } = await timed(() => outage.t.http().post('/api/v1/auth/login').send(credentials));
      expectUnavailableProblem(res);
      expect(ms).toBeLessThan(HANG_MS);
    });

    it('reports the database down on readiness', async () => {
      outage.database.cut();
      const { res, ms } = await timed(() => outage.t.http().get('/health/ready'));
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'down', checks: { database: 'down', redis: 'ok' } });
      expect(ms).toBeLessThan(HANG_MS);
    });

    it('serves the same token again once PostgreSQL is back, without a restart', async () => {
      outage.database.cut();
      expect((await outage.t.http().get('/api/v1/clients').set(bearer(token))).status).toBe(503);
      outage.database.restore();
      await eventually(async () => (await outage.t.http().get('/api/v1/clients').set(bearer(token))).status === 200);
    });
  });

  describe('Redis cut', () => {
    it('answers login 503 fast instead of hanging', async () => {
      outage.redis.cut();
      const { res, ms } = await timed(() => outage.t.http().post('/api/v1/auth/login').send(credentials));
      expectUnavailableProblem(res);
      expect(ms).toBeLessThan(HANG_MS);
    });

    it('reports Redis down on readiness', async () => {
      outage.redis.cut();
      const { res, ms } = await timed(() => outage.t.http().get('/health/ready'));
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'down', checks: { database: 'ok', redis: 'down' } });
      expect(ms).toBeLessThan(HANG_MS);
    });

    it('logs in again once Redis is back, without a restart', async () => {
      outage.redis.cut();
      expect((await outage.t.http().post('/api/v1/auth/login').send(credentials)).status).toBe(503);
      outage.redis.restore();
      await eventually(async () => (await outage.t.http().post('/api/v1/auth/login').send(credentials)).status === 200);
    });
  });
});
