import { beforeAll, describe, expect, it } from '@jest/globals';
import { createTrainer } from '../../factories/accounts.factory.js';
import { daysFromNow } from '../../helpers/time.js';
import { apiLogin, bearer } from '../../helpers/api-client.js';
import { rawClient } from '../../helpers/database.js';
import { useTestApp } from '../../helpers/test-app.js';

/**
 * Lost races through the real API with real concurrency (a 10-connection pool, many requests in flight):
 * whoever loses gets a 404 or 409 that tells the truth, never a 500.
 */
describe('Races on the API', () => {
  const t = useTestApp();
  let auth: Record<string, string>;
  let trainerId: string;
  beforeAll(async () => {
    const trainer = await createTrainer(t);
    trainerId = trainer.account.trainer?.id ?? '';
    auth = bearer((await apiLogin(t, trainer.email, trainer.password)).accessToken);
  });

  const newClient = async (name: string): Promise<string> =>
    (await t.http().post('/api/v1/clients').set(auth).send({ name }).expect(201)).body.id;
  const book = (clientId: string, startTime: string, durationMinutes = 60) =>
    t.http().post('/api/v1/bookings').set(auth).send({ clientId, startTime, durationMinutes });

  async function overlaps(): Promise<number> {
    const db = await rawClient();
    try {
      const { rows } = await db.query(
        `select count(*)::int as n from bookings a join bookings b on a.trainer_id = b.trainer_id and a.id < b.id
          and a.status in ('pending','confirmed') and b.status in ('pending','confirmed')
          and tstzrange(a.start_time, a.end_time, '[)') && tstzrange(b.start_time, b.end_time, '[)')
         where a.trainer_id = $1`,
        [trainerId],
      );
      return rows[0].n;
    } finally {
      await db.end();
    }
  }

  it('deleting a client while booking them answers 204/409 and 201/404, never 500 (30 pairs in parallel)', async () => {
    const clients = await Promise.all(Array.from({ length: 30 }, (_, i) => newClient(`Race Client ${i}`)));
    const pairs = await Promise.all(
      clients.map(async (clientId, i) => {
        const [deleted, booked] = await Promise.all([
          t.http().delete(`/api/v1/clients/${clientId}`).set(auth),
          book(clientId, new Date(new Date(daysFromNow(60, 6)).getTime() + i * 15 * 60_000).toISOString(), 10),
        ]);
        return { clientId, deleted, booked };
      }),
    );
    for (const { deleted, booked } of pairs) {
      expect({
        delete: deleted.status,
        book: booked.status,
        body: deleted.status >= 500 || booked.status >= 500 ? [deleted.body, booked.body] : null,
      }).toEqual({
        delete: expect.any(Number),
        book: expect.any(Number),
        body: null,
      });
      // Exactly one side wins, and the loser says why.
      if (booked.status === 201) {
        expect(deleted.status).toBe(409);
        expect(deleted.body.code).toBe('client_has_history');
      } else {
        expect(deleted.status).toBe(204);
        expect(booked.status).toBe(404);
        expect(booked.headers['content-type']).toMatch(/application\/problem\+json/);
      }
    }
  });

  it('creating and rescheduling into the same slot in parallel loops answers 2xx/409 only, and never overlaps', async () => {
    const clientId = await newClient('Reschedule Racer');
    const other = await newClient('Create Racer');
    const moving = (await book(clientId, daysFromNow(70, 6)).expect(201)).body.id as string;
    const statuses: number[] = [];
    for (let round = 0; round < 15; round += 1) {
      // Each round both requests want the same fresh hour; two rounds in flight at once widen the window.
      const rounds = [0, 1].map(async (lane) => {
        const slot = daysFromNow(71 + round, 6 + lane * 6);
        const [created, moved] = await Promise.all([
          book(other, slot),
          t.http().patch(`/api/v1/bookings/${moving}`).set(auth).send({ startTime: slot }),
        ]);
        return [created.status, moved.status];
      });
      statuses.push(...(await Promise.all(rounds)).flat());
    }
    expect(statuses.filter((status) => ![200, 201, 409].includes(status))).toEqual([]);
    expect(await overlaps()).toBe(0);
  });

  it('a cancel racing a confirm always cancels, and the session ends cancelled (30 pairs)', async () => {
    const clientId = await newClient('Cancel Confirm');
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) ids.push((await book(clientId, daysFromNow(90 + i, 9)).expect(201)).body.id);
    const results = await Promise.all(
      ids.map(async (id) => {
        const [confirmed, cancelled] = await Promise.all([
          t.http().post(`/api/v1/bookings/${id}/confirm`).set(auth),
          t.http().post(`/api/v1/bookings/${id}/cancel`).set(auth).send({ reason: 'Race' }),
        ]);
        const final = await t.http().get(`/api/v1/bookings/${id}`).set(auth).expect(200);
        return {
          confirm: confirmed.status,
          cancel: cancelled.status,
          cancelDetail: cancelled.body.detail,
          final: final.body.status,
        };
      }),
    );
    for (const result of results) {
      expect(result).toEqual({ confirm: expect.any(Number), cancel: 200, cancelDetail: undefined, final: 'cancelled' });
      expect([200, 409]).toContain(result.confirm);
    }
  });

  it('a complete racing a cancel explains the real state (never a false refusal, never 500)', async () => {
    const clientId = await newClient('Complete Cancel');
    const ids: string[] = [];
    // In the past: completing needs a session that has started.
    for (let i = 0; i < 20; i += 1) ids.push((await book(clientId, daysFromNow(-130 - i, 9)).expect(201)).body.id);
    const results = await Promise.all(
      ids.map(async (id) => {
        const [completed, cancelled] = await Promise.all([
          t.http().post(`/api/v1/bookings/${id}/complete`).set(auth),
          t.http().post(`/api/v1/bookings/${id}/cancel`).set(auth).send({}),
        ]);
        const final = (await t.http().get(`/api/v1/bookings/${id}`).set(auth).expect(200)).body.status as string;
        return { completed, cancelled, final };
      }),
    );
    for (const { completed, cancelled, final } of results) {
      // Exactly one wins; the loser names the state the winner left.
      expect([completed.status, cancelled.status].sort()).toEqual([200, 409]);
      const loser = completed.status === 409 ? completed : cancelled;
      expect(loser.body.currentStatus).toBe(final);
      expect(loser.body.detail).toContain(final === 'completed' ? 'completed' : 'cancelled');
    }
  });

  it('one Idempotency-Key on many failing requests at once: each answers 404 or 409, never 500 (64 in parallel)', async () => {
    // Each request claims the key, finds no such booking and releases the claim: a claim that lost the key to a
    // row already released again must claim afresh, not fail to find the row it collided with.
    const missing = '00000000-0000-4000-8000-000000000000';
    const answers = await Promise.all(
      Array.from({ length: 64 }, () =>
        t
          .http()
          .post(`/api/v1/bookings/${missing}/waive-forfeit`)
          .set({ ...auth, 'idempotency-key': 'one-key-for-all' })
          .send({ reason: 'Siobhán O’Brien was ill' }),
      ),
    );
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((status) => status !== 404 && status !== 409)).toEqual([]);
    expect(statuses).toContain(404);
  });
});
