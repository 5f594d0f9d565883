import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { createTrainer } from '../../factories/accounts.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { createPackage } from '../../factories/packages.factory.js';
import { daysFromNow } from '../../helpers/time.js';
import { apiLogin, bearer } from '../../helpers/api-client.js';
import { useTestApp } from '../../helpers/test-app.js';

/** Every refusal here must be a 4xx problem+json: a 500 or a bare Fastify JSON body is the defect. */
function expectProblem(res: Response, status: number, code?: string): void {
  expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
    status,
    type: expect.stringMatching(/^application\/problem\+json/),
  });
  if (code) expect(res.body.code).toBe(code);
}

/** `[[[…"x"…]]]` as JSON text: built by hand, since JSON.stringify itself overflows the stack on it. */
function nestedJson(depth: number): string {
  return `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;
}

describe('API input hardening', () => {
  const t = useTestApp();
  let auth: Record<string, string>;
  let clientId: string;
  let packageId: string;
  let email: string;
  let bookingId: string;
  beforeAll(async () => {
    const trainer = await createTrainer(t);
    email = trainer.email;
    clientId = (await createClient(t, trainer.actor, { name: 'Łukasz Nowak' })).id;
    packageId = (await createPackage(t, trainer.actor)).id;
    auth = bearer((await apiLogin(t, trainer.email, trainer.password)).accessToken);
    const booked = await t
      .http()
      .post('/api/v1/bookings')
      .set(auth)
      .send({ clientId, startTime: daysFromNow(39), durationMinutes: 60 })
      .expect(201);
    bookingId = booked.body.id;
  });

  describe('deeply nested bodies', () => {
    it.each([
      ['POST', '/api/v1/clients', 'name'],
      ['POST', '/api/v1/bookings', 'notes'],
      ['PATCH', '/api/v1/trainer', 'businessName'],
      ['POST', '/api/v1/auth/login', 'email'],
    ])('%s %s answers 400 for 5000 levels in %s', async (method, path, field) => {
      const body = `{"${field}":${nestedJson(5000)}}`;
      expect(body.length).toBeLessThan(20_000);
      const res = await t
        .http()
        [method === 'POST' ? 'post' : 'patch'](path)
        .set(auth)
        .set('content-type', 'application/json')
        .send(body);
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toEqual({ [field]: [expect.stringMatching(/deeper than 32/)] });
    });

    it('still accepts ordinary nesting (availability ranges)', async () => {
      const res = await t
        .http()
        .put('/api/v1/availability')
        .set(auth)
        .send({ weekly: [{ weekday: 1, start: '07:00', end: '12:00' }] });
      expect(res.status).toBe(200);
    });
  });

  describe('NUL bytes and broken UTF-16', () => {
    it('refuses a NUL in a body field with 400 naming the field', async () => {
      const res = await t.http().post('/api/v1/clients').set(auth).send({ name: 'Siobhán', notes: 'x\u0000' });
      expectProblem(res, 400, 'validation_failed');
      expect(Object.keys(res.body.errors)).toEqual(['notes']);
    });

    it('refuses a NUL in a nested body field, naming its path', async () => {
      const res = await t
        .http()
        .put('/api/v1/availability')
        .set(auth)
        .send({ weekly: [{ weekday: 1, start: '07:00\u0000', end: '12:00' }] });
      expectProblem(res, 400, 'validation_failed');
      expect(Object.keys(res.body.errors)).toEqual(['weekly.0.start']);
    });

    it('refuses a NUL in a query value', async () => {
      const res = await t.http().get('/api/v1/clients?q=%00').set(auth);
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toHaveProperty('q');
    });

    it('refuses a NUL in the login email without counting a failure', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: `${email}\u0000`, password: 'whatever-it-is' });
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toHaveProperty('email');
    });

    it('refuses a lone surrogate in a body field', async () => {
      const res = await t
        .http()
        .post('/api/v1/clients')
        .set(auth)
        .set('content-type', 'application/json')
        .send('{"name":"Ελένη \\ud800"}');
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toHaveProperty('name');
    });

    it('keeps every script intact', async () => {
      for (const name of ['Siobhán O’Brien', 'Łukasz', 'Ελένη', '李小龍', 'Дмитрий', 'Emoji 💪🏽']) {
        const res = await t.http().post('/api/v1/clients').set(auth).send({ name });
        expect(res.status).toBe(201);
        expect(res.body.name).toBe(name);
      }
    });
  });

  describe('null in optional fields', () => {
    it.each([
      ['PATCH', '/api/v1/trainer', { businessName: null }, 'businessName'],
      ['PATCH', '/api/v1/trainer', { name: null }, 'name'],
      ['PATCH', '/api/v1/trainer', { timeZone: null }, 'timeZone'],
      ['PATCH', '/api/v1/trainer', { cancellationCutoffHours: null }, 'cancellationCutoffHours'],
      ['PATCH', '/api/v1/trainer', { reminderLeadMinutes: null }, 'reminderLeadMinutes'],
      ['PATCH', '/api/v1/trainer', { makeUpCreditOnLateCancel: null }, 'makeUpCreditOnLateCancel'],
      ['PATCH', 'package', { active: null }, 'active'],
      ['PATCH', 'package', { name: null }, 'name'],
      ['PATCH', 'package', { priceMinor: null }, 'priceMinor'],
      ['PATCH', 'package', { sessionCount: null }, 'sessionCount'],
      ['POST', '/api/v1/packages', { name: 'P', sessionCount: 1, priceMinor: 1, active: null }, 'active'],
      ['PATCH', 'client', { name: null }, 'name'],
      ['PATCH', 'client', { status: null }, 'status'],
      [
        'POST',
        '/api/v1/bookings',
        { clientId: 'CLIENT', startTime: daysFromNow(40), durationMinutes: 60, useCredit: null },
        'useCredit',
      ],
      ['PATCH', 'booking', { startTime: null }, 'startTime'],
      ['POST', 'booking/cancel', { cancelledBy: null }, 'cancelledBy'],
      ['PUT', '/api/v1/availability', { weekly: [], daysOff: null }, 'daysOff'],
      ['POST', '/api/v1/auth/login', { email: 'a@example.test', password: 'x', deviceName: null }, 'deviceName'],
      ['POST', '/api/v1/clients/CLIENT/purchases', { packageId: 'PACKAGE', paid: null }, 'paid'],
      ['POST', '/api/v1/payments', { clientId: 'CLIENT', amountMinor: 100, method: 'cash', paidAt: null }, 'paidAt'],
    ])('%s %s %j is a 400 validation error on %s', async (method, target, body, field) => {
      const paths: Record<string, string> = {
        package: `/api/v1/packages/${packageId}`,
        client: `/api/v1/clients/${clientId}`,
        booking: `/api/v1/bookings/${bookingId}`,
        'booking/cancel': `/api/v1/bookings/${bookingId}/cancel`,
      };
      const fill = (text: string) => text.replace('CLIENT', clientId).replace('PACKAGE', packageId);
      const send = JSON.parse(fill(JSON.stringify(body))) as object;
      const verb = method.toLowerCase() as 'post' | 'patch' | 'put';
      const res = await t
        .http()
        [verb](paths[target] ?? fill(target))
        .set(auth)
        .send(send);
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toHaveProperty(field);
    });

    it('clears a client’s email, phone and notes with null', async () => {
      const created = await t
        .http()
        .post('/api/v1/clients')
        .set(auth)
        .send({ name: 'Дмитрий', email: 'd@example.test', phone: '+44 7700 900111', notes: 'n' })
        .expect(201);
      const res = await t
        .http()
        .patch(`/api/v1/clients/${created.body.id}`)
        .set(auth)
        .send({ email: null, phone: null, notes: null })
        .expect(200);
      expect(res.body).toMatchObject({ email: null, phone: null, notes: null });
    });

    it('clears a package’s expiry and description with null', async () => {
      const res = await t
        .http()
        .patch(`/api/v1/packages/${packageId}`)
        .set(auth)
        .send({ validityDays: null, description: null })
        .expect(200);
      expect(res.body).toMatchObject({ validityDays: null, description: null });
    });

    it('treats null notes, price, package and reason as none', async () => {
      const booked = await t
        .http()
        .post('/api/v1/bookings')
        .set(auth)
        .send({
          clientId,
          startTime: daysFromNow(41),
          durationMinutes: 60,
          notes: null,
          priceMinor: null,
          clientPackageId: null,
        })
        .expect(201);
      expect(booked.body).toMatchObject({ priceMinor: null });
      const cancelled = await t
        .http()
        .post(`/api/v1/bookings/${booked.body.id}/cancel`)
        .set(auth)
        .send({ reason: null });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledBy: 'trainer', cancellationReason: null });
    });

    it('treats null note, purchase and booking of a payment as none', async () => {
      const res = await t
        .http()
        .post('/api/v1/payments')
        .set(auth)
        .send({ clientId, amountMinor: 100, method: 'cash', note: null, purchaseId: null, bookingId: null });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ note: null, purchaseId: null, bookingId: null });
    });
  });

  describe('impossible dates', () => {
    it.each([
      '/api/v1/bookings?to=2026-13-01T00:00:00Z',
      '/api/v1/bookings?from=2026-02-30T00:00:00Z',
      '/api/v1/bookings?from=2026-01-01T25:00:00Z',
      '/api/v1/bookings?from=0001-01-01T00:00:00Z',
      '/api/v1/bookings?to=9999-12-31T00:00:00Z',
      '/api/v1/payments?to=2026-13-01T00:00:00Z',
      '/api/v1/payments?from=2026-04-31T00:00:00%2B01:00',
      '/api/v1/availability/slots?date=2026-13-01&durationMinutes=60',
    ])('GET %s answers 400', async (path) => {
      const res = await t.http().get(path).set(auth);
      expectProblem(res, 400, 'validation_failed');
    });

    it('accepts a real date with an offset', async () => {
      await t
        .http()
        .get('/api/v1/bookings?from=2026-02-28T00:00:00%2B01:00&to=2028-02-29T00:00:00Z')
        .set(auth)
        .expect(200);
    });

    it.each([
      ['/api/v1/bookings', 'startTime', { clientId: 'CLIENT', startTime: '2026-13-01T09:00:00Z', durationMinutes: 60 }],
      ['/api/v1/bookings', 'startTime', { clientId: 'CLIENT', startTime: '2026-06-31T09:00:00Z', durationMinutes: 60 }],
      [
        '/api/v1/payments',
        'paidAt',
        { clientId: 'CLIENT', amountMinor: 100, method: 'cash', paidAt: '2026-02-29T09:00:00Z' },
      ],
      ['/api/v1/clients/CLIENT/purchases', 'paidAt', { packageId: 'PACKAGE', paidAt: '2026-00-10T09:00:00Z' }],
    ])('POST %s refuses an impossible %s', async (path, field, body) => {
      const fill = (text: string) => text.replace('CLIENT', clientId).replace('PACKAGE', packageId);
      const res = await t
        .http()
        .post(fill(path))
        .set(auth)
        .send(JSON.parse(fill(JSON.stringify(body))) as object);
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toHaveProperty(field);
    });

    it('refuses an impossible day off', async () => {
      const res = await t
        .http()
        .put('/api/v1/availability')
        .set(auth)
        .send({ weekly: [], daysOff: [{ date: '2027-02-30' }] });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  describe('router and transport errors', () => {
    it('answers a bad URL encoding with 400 bad_url problem+json', async () => {
      expectProblem(await t.http().get('/api/v1/clients/%C0%AE').set(auth), 400, 'bad_url');
    });

    it('answers an over-long id with 414 uri_too_long problem+json', async () => {
      expectProblem(
        await t
          .http()
          .get(`/api/v1/clients/${'a'.repeat(201)}`)
          .set(auth),
        414,
        'uri_too_long',
      );
    });

    it('answers an unsupported method with problem+json', async () => {
      const res = await t.http().put('/api/v1/trainer').set(auth).send({});
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('answers an unsupported content type with 415 problem+json', async () => {
      expectProblem(
        await t.http().post('/api/v1/clients').set(auth).set('content-type', 'text/csv').send('name\nSam'),
        415,
        'unsupported_media_type',
      );
    });

    it('answers an empty JSON body with 400 problem+json', async () => {
      const res = await t.http().post('/api/v1/clients').set(auth).set('content-type', 'application/json').send('');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('answers huge headers with 431 problem+json', async () => {
      const res = await t.http().get('/api/v1/trainer').set(auth).set('x-padding', 'a'.repeat(20_000));
      expect(res.status).toBe(431);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('headers_too_large');
    });
  });
});
