import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
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

// The app starts while PostgreSQL and Redis are both unreachable (a host reboot, compose starting out of order).
describe('Booting with PostgreSQL and Redis down', () => {
  let outage: OutageApp;
  let staleToken: string;

  beforeAll(async () => {
    outage = await bootAppBehindProxies({ databaseDown: true, redisDown: true });
    const { AccessTokensService } = await import('../../../src/modules/auth/access-tokens.service.js');
    // A well-signed token whose user the app cannot look up while PostgreSQL is down.
    const tokens = outage.t.app.get(AccessTokensService);
    staleToken = tokens.sign({ id: randomUUID(), role: 'trainer', authVersion: 1 } as never);
  });

  afterAll(async () => {
    await outage?.close();
  });

  it('boots, and answers readiness 503 with both stores down', async () => {
    const { res, ms } = await timed(() => outage.t.http().get('/health/ready'));
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'down', checks: { database: 'down', redis: 'down' } });
    expect(ms).toBeLessThan(HANG_MS);
  });

  it('answers a signed bearer token 503, not 401', async () => {
    const { res, ms } = await timed(() => outage.t.http().get('/api/v1/clients').set(bearer(staleToken)));
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(ms).toBeLessThan(HANG_MS);
  });

  it('answers login 503 fast while Redis is still down', async () => {
    outage.database.restore();
    const { res, ms } = await timed(() =>
      outage.t.http().post('/api/v1/auth/login').send({ email: 'nobody@example.test', password: 'not-the-password-1' }),
    );
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'service_unavailable' });
    expect(ms).toBeLessThan(HANG_MS);
  });

  it('serves real traffic once both are back, without a restart', async () => {
    outage.database.restore();
    outage.redis.restore();
    await eventually(async () => (await outage.t.http().get('/health/ready')).status === 200);
    const { createTrainer } = await import('../../factories/accounts.factory.js');
    const { apiLogin } = await import('../../helpers/api-client.js');
    const trainer = await createTrainer(outage.t);
    const { accessToken } = await apiLogin(outage.t, trainer.email, trainer.password);
    expect((await outage.t.http().get('/api/v1/clients').set(bearer(accessToken))).status).toBe(200);
    // The stale token's user never existed: now that the database answers, that is a plain 401.
    expect((await outage.t.http().get('/api/v1/clients').set(bearer(staleToken))).status).toBe(401);
  });
});
