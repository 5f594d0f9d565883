import { beforeAll, describe, expect, it } from '@jest/globals';
import { createTrainer } from '../../factories/accounts.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { useTestApp } from '../../helpers/test-app.js';
import { WebAgent } from '../../helpers/web-agent.js';

const PARTIAL = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

describe('Web input hardening', () => {
  const t = useTestApp();
  let web: WebAgent;
  let token: string;
  let clientId: string;
  let email: string;
  beforeAll(async () => {
    const trainer = await createTrainer(t);
    email = trainer.email;
    clientId = (await createClient(t, trainer.actor, { name: 'Siobhán O’Brien' })).id;
    web = new WebAgent(t);
    expect((await web.login(trainer.email, trainer.password)).status).toBe(303);
    token = await web.csrf('/clients');
  });

  const post = (path: string, fields: Record<string, string>) =>
    web.agent
      .post(path)
      .type('form')
      .send({ ...fields, _csrf: token });

  describe('NUL bytes and broken UTF-16 in forms and queries', () => {
    it('answers a form field with a NUL with a 400 page, and saves nothing', async () => {
      const res = await post('/clients/create', { name: 'Nul\u0000 Person' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('<html');
      const list = await web.agent.get('/clients?q=Nul').expect(200);
      expect(list.text).not.toContain('Nul Person');
    });

    it('answers an htmx form post with a NUL with a 400 flash', async () => {
      const res = await web.agent
        .post('/clients/create')
        .set({ ...PARTIAL, 'x-csrf-token': token })
        .type('form')
        .send({ name: 'x', notes: 'a\u0000b' });
      expect(res.status).toBe(400);
      expect(res.headers['hx-retarget']).toBe('#flash');
    });

    it('answers a NUL in a query with 400, not 500', async () => {
      expect((await web.agent.get('/clients?q=%00')).status).toBe(400);
      expect((await web.agent.get('/clients/partial?q=%00').set(PARTIAL)).status).toBe(400);
    });

    it('answers a NUL in the login email with 400, not 500', async () => {
      const anon = new WebAgent(t);
      const res = await anon.post('/login', { email: `${email}\u0000`, password: 'x' }, '/login');
      expect(res.status).toBe(400);
    });

    it('answers a lone surrogate (%ED%A0%80 decodes to U+FFFD) without a 500', async () => {
      const res = await web.agent
        .post('/clients/create')
        .type('form')
        .send(`name=Bad%ED%A0%80&_csrf=${encodeURIComponent(token)}`);
      expect(res.status).toBeLessThan(500);
    });
  });

  describe('impossible dates', () => {
    it.each([
      '/bookings?view=week&week=2026-13-45',
      '/bookings?view=week&week=2026-02-30',
      '/bookings?from=2026-13-01&show=all',
      '/bookings?to=2026-02-30&show=all',
      '/bookings/list?from=0000-00-00',
      '/bookings/create-form?date=2026-13-01',
      '/availability/slots?date=2026-13-01&durationMinutes=60',
    ])('GET %s answers without a 500', async (path) => {
      const res = await web.agent
        .get(path)
        .set(path.includes('list') || path.includes('form') || path.includes('slots') ? PARTIAL : {});
      expect(res.status).toBeLessThan(500);
    });

    it.each(['2026-13-01', '2026-02-30', '0000-01-01', '9999-12-31'])(
      'the booking form refuses %s as a field error',
      async (date) => {
        const res = await post('/bookings/create', { clientId, date, time: '09:00', durationMinutes: '60' });
        expect(res.status).toBe(422);
        expect(res.text).toContain('Choose a date.');
      },
    );

    it.each(['2026-13-01', '2027-02-30'])('the day-off form refuses %s without a 500', async (date) => {
      const res = await post('/availability/days-off', { date, reason: 'x' });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });
  });

  describe('router errors', () => {
    it('answers a badly encoded URL with a 400 HTML page', async () => {
      const res = await web.agent.get('/clients/%C0%AE');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('<html');
    });

    it('answers an over-long id with a 414 HTML page', async () => {
      const res = await web.agent.get(`/clients/${'a'.repeat(201)}`);
      expect(res.status).toBe(414);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    });

    it('answers huge headers with a 431 HTML page', async () => {
      const res = await web.agent.get('/clients').set('x-padding', 'a'.repeat(20_000));
      expect(res.status).toBe(431);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    });
  });
});
