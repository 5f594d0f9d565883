import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createTrainer } from '../../factories/accounts.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { createPackage, sellPackage } from '../../factories/packages.factory.js';
import { daysFromNow } from '../../helpers/time.js';
import { apiLogin, bearer } from '../../helpers/api-client.js';
import { createTenantPair, expectApiRoutesHidden } from '../../helpers/tenancy.js';
import { useTestApp } from '../../helpers/test-app.js';

describe('BookingsApiController', () => {
  const t = useTestApp();
  let token: string;
  let clientId: string;
  beforeAll(async () => {
    const trainer = await createTrainer(t);
    clientId = (await createClient(t, trainer.actor, { name: 'Priya Shah' })).id;
    token = (await apiLogin(t, trainer.email, trainer.password)).accessToken;
  });

  const post = (body: object, headers: Record<string, string> = {}) =>
    t.http().post('/api/v1/bookings').set(bearer(token)).set(headers).send(body);

  it('books a pending session with end = start + duration', async () => {
    const res = await post({
      clientId,
      startTime: daysFromNow(5, 9),
      durationMinutes: 45,
      priceMinor: 4000,
      notes: 'Mobility',
    }).expect(201);
    expect(res.body).toMatchObject({
      status: 'pending',
      clientId,
      clientName: 'Priya Shah',
      durationMinutes: 45,
      priceMinor: 4000,
      currency: 'GBP',
      warnings: [],
    });
    expect(new Date(res.body.endTime).getTime() - new Date(res.body.startTime).getTime()).toBe(45 * 60_000);
    await t.http().get(`/api/v1/bookings/${res.body.id}`).set(bearer(token)).expect(200);
  });

  it('answers 409 problem+json naming the conflicting booking', async () => {
    const first = await post({ clientId, startTime: daysFromNow(6, 10), durationMinutes: 60 }).expect(201);
    const res = await post({ clientId, startTime: daysFromNow(6, 10, 30), durationMinutes: 60 }).expect(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'booking_overlap', conflictingBookingId: first.body.id });
  });

  it('accepts a start time with an offset and refuses one without', async () => {
    await post({ clientId, startTime: '2031-06-02T09:00:00+02:00', durationMinutes: 30 }).expect(201);
    const res = await post({ clientId, startTime: '2031-06-03T09:00:00', durationMinutes: 30 }).expect(400);
    expect(res.body.errors.startTime[0]).toMatch(/offset/);
  });

  it.each([
    ['an unknown field', { extra: 1 }, 'extra'],
    ['a zero duration', { durationMinutes: 0 }, 'durationMinutes'],
    ['a negative price', { priceMinor: -5 }, 'priceMinor'],
    ['over-long notes', { notes: 'x'.repeat(5001) }, 'notes'],
    ['a malformed client id', { clientId: 'nope' }, 'clientId'],
  ])('answers 400 for %s', async (_label, override, field) => {
    const res = await post({ clientId, startTime: daysFromNow(7), durationMinutes: 60, ...override }).expect(400);
    expect(Object.keys(res.body.errors)).toContain(field);
  });

  it('answers 404 for a client that is not the trainer’s', async () => {
    await post({ clientId: randomUUID(), startTime: daysFromNow(8), durationMinutes: 60 }).expect(404);
  });

  it('walks the lifecycle and refuses invalid transitions with 409', async () => {
    const { body } = await post({ clientId, startTime: daysFromNow(9), durationMinutes: 60 }).expect(201);
    const id = body.id;
    expect((await t.http().post(`/api/v1/bookings/${id}/confirm`).set(bearer(token)).expect(200)).body.status).toBe(
      'confirmed',
    );
    const cancelled = await t
      .http()
      .post(`/api/v1/bookings/${id}/cancel`)
      .set(bearer(token))
      .send({ reason: 'Travelling', cancelledBy: 'client' })
      .expect(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'client',
      cancellationReason: 'Travelling',
    });
    expect(cancelled.body.cancelledAt).toEqual(expect.any(String));
    const refused = await t.http().post(`/api/v1/bookings/${id}/complete`).set(bearer(token)).expect(409);
    expect(refused.body).toMatchObject({
      code: 'invalid_transition',
      detail: 'This session is cancelled, so it can’t be marked completed.',
    });
    await t.http().patch(`/api/v1/bookings/${id}`).set(bearer(token)).send({ durationMinutes: 30 }).expect(409);
  });

  it('refuses completed and no-show before the session starts with 409 session_not_started, and accepts them after', async () => {
    const { body: future } = await post({ clientId, startTime: daysFromNow(14, 11), durationMinutes: 60 }).expect(201);
    for (const action of ['complete', 'no-show']) {
      const refused = await t.http().post(`/api/v1/bookings/${future.id}/${action}`).set(bearer(token)).expect(409);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body).toMatchObject({
        code: 'session_not_started',
        currentStatus: 'pending',
        detail: expect.stringContaining('hasn’t started yet'),
      });
    }
    expect((await t.http().get(`/api/v1/bookings/${future.id}`).set(bearer(token)).expect(200)).body.status).toBe(
      'pending',
    );
    const { body: past } = await post({ clientId, startTime: daysFromNow(-2, 11), durationMinutes: 60 }).expect(201);
    expect(
      (await t.http().post(`/api/v1/bookings/${past.id}/complete`).set(bearer(token)).expect(200)).body.status,
    ).toBe('completed');
  });

  it('reschedules, keeping the length unless a new one is given', async () => {
    const { body } = await post({ clientId, startTime: daysFromNow(15, 9), durationMinutes: 50 }).expect(201);
    const moved = await t
      .http()
      .patch(`/api/v1/bookings/${body.id}`)
      .set(bearer(token))
      .send({ startTime: daysFromNow(15, 14) })
      .expect(200);
    expect(moved.body).toMatchObject({ startTime: new Date(daysFromNow(15, 14)).toISOString(), durationMinutes: 50 });
  });

  it('lists with filters in a stable order and pages with a cursor', async () => {
    const trainer = await createTrainer(t);
    const client = await createClient(t, trainer.actor);
    const own = (await apiLogin(t, trainer.email, trainer.password)).accessToken;
    for (let day = 1; day <= 5; day += 1) {
      await t
        .http()
        .post('/api/v1/bookings')
        .set(bearer(own))
        .send({ clientId: client.id, startTime: daysFromNow(20 + day), durationMinutes: 60 })
        .expect(201);
    }
    const first = await t.http().get('/api/v1/bookings?limit=2').set(bearer(own)).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await t
      .http()
      .get(`/api/v1/bookings?limit=2&cursor=${first.body.nextCursor}`)
      .set(bearer(own))
      .expect(200);
    const third = await t
      .http()
      .get(`/api/v1/bookings?limit=2&cursor=${second.body.nextCursor}`)
      .set(bearer(own))
      .expect(200);
    const starts = [...first.body.items, ...second.body.items, ...third.body.items].map(
      (b: { startTime: string }) => b.startTime,
    );
    expect(starts).toEqual([...starts].sort());
    expect(new Set(starts).size).toBe(5);
    expect(third.body.nextCursor).toBeNull();
    const filtered = await t
      .http()
      .get(`/api/v1/bookings?status=cancelled&clientId=${client.id}`)
      .set(bearer(own))
      .expect(200);
    expect(filtered.body.items).toEqual([]);
    await t.http().get('/api/v1/bookings?limit=101').set(bearer(own)).expect(400);
    await t.http().get('/api/v1/bookings?status=bogus').set(bearer(own)).expect(400);
    await t.http().get('/api/v1/bookings?cursor=garbage').set(bearer(own)).expect(422);
  });

  it('replays an Idempotency-Key retry instead of booking twice', async () => {
    const key = randomUUID();
    const body = { clientId, startTime: daysFromNow(30), durationMinutes: 60 };
    const first = await post(body, { 'Idempotency-Key': key }).expect(201);
    const retry = await post(body, { 'Idempotency-Key': key }).expect(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    await post({ ...body, durationMinutes: 30 }, { 'Idempotency-Key': key }).expect(422);
    const listed = await t
      .http()
      .get(
        `/api/v1/bookings?from=${encodeURIComponent(daysFromNow(30, 0))}&to=${encodeURIComponent(daysFromNow(31, 0))}`,
      )
      .set(bearer(token))
      .expect(200);
    expect(listed.body.items).toHaveLength(1);
  });

  it('pays with a package credit and answers how a cancellation treated it', async () => {
    const trainer = await createTrainer(t);
    const client = await createClient(t, trainer.actor);
    const own = (await apiLogin(t, trainer.email, trainer.password)).accessToken;
    const pkg = await createPackage(t, trainer.actor, { sessionCount: 1 });
    const sale = await sellPackage(t, trainer.actor, client.id, { packageId: pkg.id });
    const booked = await t
      .http()
      .post('/api/v1/bookings')
      .set(bearer(own))
      .send({ clientId: client.id, startTime: daysFromNow(3), durationMinutes: 60, useCredit: true })
      .expect(201);
    expect(booked.body).toMatchObject({ clientPackageId: sale.purchase.id, priceMinor: null, paid: true });
    const empty = await t
      .http()
      .post('/api/v1/bookings')
      .set(bearer(own))
      .send({ clientId: client.id, startTime: daysFromNow(4), durationMinutes: 60, useCredit: true })
      .expect(409);
    expect(empty.body.code).toBe('no_credit_left');
    const cancelled = await t
      .http()
      .post(`/api/v1/bookings/${booked.body.id}/cancel`)
      .set(bearer(own))
      .send({ cancelledBy: 'client' })
      .expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', creditOutcome: 'refunded', makeUpCredit: false });
    await t
      .http()
      .post(`/api/v1/bookings/${booked.body.id}/waive-forfeit`)
      .set(bearer(own))
      .send({ reason: 'x' })
      .expect(409);
  });

  it('answers 404 on every booking route for another trainer', async () => {
    const pair = await createTenantPair(t);
    const client = await createClient(t, pair.owner.actor);
    const created = await t
      .http()
      .post('/api/v1/bookings')
      .set(bearer(pair.owner.tokens.accessToken))
      .send({ clientId: client.id, startTime: daysFromNow(40), durationMinutes: 60 })
      .expect(201);
    const id = created.body.id;
    await expectApiRoutesHidden(t, pair, [
      { method: 'get', path: `/api/v1/bookings/${id}` },
      { method: 'patch', path: `/api/v1/bookings/${id}`, body: { durationMinutes: 30 } },
      { method: 'post', path: `/api/v1/bookings/${id}/confirm` },
      { method: 'post', path: `/api/v1/bookings/${id}/cancel` },
      { method: 'post', path: `/api/v1/bookings/${id}/complete` },
      { method: 'post', path: `/api/v1/bookings/${id}/no-show` },
      { method: 'post', path: `/api/v1/bookings/${id}/waive-forfeit`, body: { reason: 'x' } },
      {
        method: 'post',
        path: '/api/v1/bookings',
        body: { clientId: client.id, startTime: daysFromNow(41), durationMinutes: 60 },
      },
    ]);
    const unchanged = await t
      .http()
      .get(`/api/v1/bookings/${id}`)
      .set(bearer(pair.owner.tokens.accessToken))
      .expect(200);
    expect(unchanged.body.status).toBe('pending');
  });
});
