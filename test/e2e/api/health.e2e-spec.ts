import { describe, expect, it } from '@jest/globals';
import { useTestApp } from '../../helpers/test-app.js';

describe('HealthController', () => {
  const t = useTestApp();

  it('answers liveness without touching dependencies', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('reports PostgreSQL and Redis ready', async () => {
    const res = await t.http().get('/health/ready/').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', checks: { database: 'ok', redis: 'ok' } });
  });

  it('echoes a sane X-Request-Id and invents one otherwise', async () => {
    const given = await t.http().get('/health').set('x-request-id', 'trace-abc.123').expect(200);
    expect(given.headers['x-request-id']).toBe('trace-abc.123');
    const invented = await t.http().get('/health').set('x-request-id', 'bad id with spaces').expect(200);
    expect(invented.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
