import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type request from 'supertest';
import { bootAppBehindProxies, eventually, type OutageApp } from '../../helpers/outage-app.js';
import { WebAgent } from '../../helpers/web-agent.js';

/** Not a performance bound: anything slower than this is a request waiting out the outage. */
const HANG_MS = 5_000;

async function timed(send: () => request.Test): Promise<{ res: request.Response; ms: number }> {
  const started = Date.now();
  const res = await send().timeout(HANG_MS * 3);
  return { res, ms: Date.now() - started };
}

function expectFriendlyPage(res: request.Response): void {
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(res.text).toContain('We’ll be right back');
  expect(res.text).toContain('Try again');
}

// Real outages: the app talks to PostgreSQL and Redis through loopback proxies that this suite cuts.
describe('Web pages during outages', () => {
  let outage: OutageApp;
  let browser: WebAgent;

  beforeAll(async () => {
    outage = await bootAppBehindProxies();
    const { createTrainer } = await import('../../factories/accounts.factory.js');
    const trainer = await createTrainer(outage.t, { name: 'Łukasz Ελένη' });
    browser = new WebAgent(outage.t);
    expect((await browser.login(trainer.email, trainer.password)).status).toBe(303);
  });

  afterEach(async () => {
    outage.database.restore();
    outage.redis.restore();
    await eventually(async () => (await outage.t.http().get('/health/ready')).status === 200);
  });

  afterAll(async () => {
    await outage?.close();
  });

  describe('PostgreSQL cut', () => {
    it('answers a signed-in page with a friendly 503 page that keeps the way to the dashboard', async () => {
      outage.database.cut();
      const { res, ms } = await timed(() => browser.agent.get('/clients'));
      expectFriendlyPage(res);
      expect(res.text).toContain('href="/clients"');
      expect(res.text).toContain('Go to your dashboard');
      expect(res.headers.location).toBeUndefined();
      expect(ms).toBeLessThan(HANG_MS);
    });

    it('answers htmx with a flash for #flash', async () => {
      outage.database.cut();
      const { res, ms } = await timed(() =>
        browser.agent.get('/clients').set('hx-request', 'true').set('hx-request-type', 'partial'),
      );
      expect(res.status).toBe(503);
      expect(res.headers['hx-retarget']).toBe('#flash');
      expect(res.text).toContain('briefly unavailable');
      expect(ms).toBeLessThan(HANG_MS);
    });

    it('keeps the session: the page is back once PostgreSQL is', async () => {
      outage.database.cut();
      expect((await browser.agent.get('/clients')).status).toBe(503);
      outage.database.restore();
      await eventually(async () => (await browser.agent.get('/clients')).status === 200);
    });
  });

  describe('Redis cut', () => {
    it('answers a signed-in page 503 fast instead of waiting out the outage', async () => {
      outage.redis.cut();
      const { res, ms } = await timed(() => browser.agent.get('/clients'));
      expectFriendlyPage(res);
      expect(ms).toBeLessThan(HANG_MS);
    });

    it('answers a signed-out visitor logging in with the bare 503 page', async () => {
      outage.redis.cut();
      const visitor = new WebAgent(outage.t);
      // The login form itself needs neither store, so it still renders; the post needs both.
      const { res, ms } = await timed(() => visitor.agent.get('/login'));
      expect(res.status).toBe(200);
      const token = /name="_csrf" value="([^"]+)"/.exec(res.text)?.[1] ?? '';
      const posted = await timed(() =>
        visitor.agent
          .post('/login')
          .type('form')
          .send({ email: 'someone@example.test', password: 'whatever-it-is-123', _csrf: token }),
      );
      expect(posted.res.status).toBe(503);
      expect(posted.res.text).toContain('We’ll be right back');
      expect(posted.res.text).not.toContain('Go to your dashboard');
      expect(ms + posted.ms).toBeLessThan(HANG_MS);
    });

    it('keeps the session: the page is back once Redis is', async () => {
      outage.redis.cut();
      expect((await browser.agent.get('/clients')).status).toBe(503);
      outage.redis.restore();
      await eventually(async () => (await browser.agent.get('/clients')).status === 200);
    });
  });
});
