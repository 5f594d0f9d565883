import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createTrainer } from '../../factories/accounts.factory.js';
import { insertBookings } from '../../factories/bookings.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { daysFromNow } from '../../helpers/time.js';
import { apiLogin, bearer } from '../../helpers/api-client.js';
import { createTenantPair, expectApiRoutesHidden } from '../../helpers/tenancy.js';
import { useTestApp } from '../../helpers/test-app.js';

describe('ClientsApiController', () => {
  const t = useTestApp();

  async function signedIn() {
    const trainer = await createTrainer(t);
    const { accessToken } = await apiLogin(t, trainer.email, trainer.password);
    return { trainer, auth: bearer(accessToken) };
  }

  describe('POST /api/v1/clients', () => {
    it('creates a client and answers 201 with the client', async () => {
      const { auth } = await signedIn();
      const res = await t
        .http()
        .post('/api/v1/clients')
        .set(auth)
        .send({
          name: '  Sam   Taylor ',
          email: 'Sam.Taylor@Example.com',
          phone: '+44 7700 900123',
          notes: 'Left knee.',
        })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Sam Taylor',
        email: 'sam.taylor@example.com',
        emailOptOutAt: null,
        phone: '+44 7700 900123',
        notes: 'Left knee.',
        status: 'active',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      await t.http().get(`/api/v1/clients/${res.body.id}`).set(auth).expect(200);
    });

    it('needs only a name; empty optional fields become null', async () => {
      const { auth } = await signedIn();
      const res = await t
        .http()
        .post('/api/v1/clients')
        .set(auth)
        .send({ name: 'Robin', email: '', phone: null })
        .expect(201);
      expect(res.body).toMatchObject({ name: 'Robin', email: null, phone: null, notes: null });
    });

    it('answers 400 problem+json with per-field messages for wrong types, unknown fields and over-long values', async () => {
      const { auth } = await signedIn();
      const res = await t
        .http()
        .post('/api/v1/clients')
        .set(auth)
        .send({ name: 42, trainerId: randomUUID(), notes: 'x'.repeat(5001) })
        .expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({
        code: 'validation_failed',
        errors: { name: expect.any(Array), trainerId: ['is not a known field'], notes: expect.any(Array) },
      });
    });

    it('answers 422 with field messages for a blank name, a bad email and a non-phone', async () => {
      const { auth } = await signedIn();
      const res = await t
        .http()
        .post('/api/v1/clients')
        .set(auth)
        .send({ name: '   ', email: 'not-an-email', phone: 'call me' })
        .expect(422);
      expect(res.body).toMatchObject({
        status: 422,
        code: 'invalid_client',
        errors: {
          name: ['Enter the client’s name.'],
          email: [expect.stringContaining('email address')],
          phone: [expect.stringContaining('phone number')],
        },
      });
    });

    it('replays the first answer for a retried Idempotency-Key and creates one client', async () => {
      const { auth } = await signedIn();
      const key = randomUUID();
      const first = await t
        .http()
        .post('/api/v1/clients')
        .set(auth)
        .set('Idempotency-Key', key)
        .send({ name: 'Once Only' })
        .expect(201);
      const second = await t
        .http()
        .post('/api/v1/clients')
        .set(auth)
        .set('Idempotency-Key', key)
        .send({ name: 'Once Only' })
        .expect(201);
      expect(second.headers['idempotency-replayed']).toBe('true');
      expect(second.body).toEqual(first.body);
      const list = await t.http().get('/api/v1/clients').query({ q: 'Once Only' }).set(auth).expect(200);
      expect(list.body.items).toHaveLength(1);
    });

    it('refuses the same Idempotency-Key with a different body (422)', async () => {
      const { auth } = await signedIn();
      const key = randomUUID();
      await t
        .http()
        .post('/api/v1/clients')
        .set(auth)
        .set('Idempotency-Key', key)
        .send({ name: 'First Body' })
        .expect(201);
      const res = await t
        .http()
        .post('/api/v1/clients')
        .set(auth)
        .set('Idempotency-Key', key)
        .send({ name: 'Second Body' })
        .expect(422);
      expect(res.body.code).toBe('idempotency_key_reused');
      const list = await t.http().get('/api/v1/clients').query({ q: 'Second Body' }).set(auth).expect(200);
      expect(list.body.items).toHaveLength(0);
    });

    it('needs a bearer token (the session cookie is not enough)', async () => {
      await t.http().post('/api/v1/clients').send({ name: 'Nobody' }).expect(401);
    });
  });

  describe('GET /api/v1/clients', () => {
    it('lists active clients by name with upcoming sessions and last visit', async () => {
      const { trainer, auth } = await signedIn();
      const zed = await createClient(t, trainer.actor, { name: 'Zed Adams' });
      await createClient(t, trainer.actor, { name: 'amy Brook' });
      const archived = await createClient(t, trainer.actor, { name: 'Archie Cole' });
      await t.http().patch(`/api/v1/clients/${archived.id}`).set(auth).send({ status: 'archived' }).expect(200);
      await insertBookings(trainer.actor, zed.id, [
        { start: daysFromNow(-10), status: 'completed' },
        { start: daysFromNow(-3), status: 'completed' },
        { start: daysFromNow(-1), status: 'no_show' },
        { start: daysFromNow(2), status: 'confirmed' },
        { start: daysFromNow(3), status: 'pending' },
        { start: daysFromNow(4), status: 'cancelled' },
      ]);
      const res = await t.http().get('/api/v1/clients').set(auth).expect(200);
      expect(res.body.items.map((c: { name: string }) => c.name)).toEqual(['amy Brook', 'Zed Adams']);
      expect(res.body.items[1]).toMatchObject({
        upcomingSessions: 2,
        nextSessionAt: daysFromNow(2),
        lastVisitAt: daysFromNow(-3),
      });
      expect(res.body.items[0]).toMatchObject({ upcomingSessions: 0, nextSessionAt: null, lastVisitAt: null });
      expect(res.body.nextCursor).toBeNull();

      const all = await t.http().get('/api/v1/clients').query({ status: 'all' }).set(auth).expect(200);
      expect(all.body.items.map((c: { name: string }) => c.name)).toEqual(['amy Brook', 'Archie Cole', 'Zed Adams']);
      const onlyArchived = await t.http().get('/api/v1/clients').query({ status: 'archived' }).set(auth).expect(200);
      expect(onlyArchived.body.items.map((c: { name: string }) => c.name)).toEqual(['Archie Cole']);
    });

    it('searches name, email and phone, any case, with % and _ taken literally', async () => {
      const { trainer, auth } = await signedIn();
      await createClient(t, trainer.actor, { name: 'Priya Shah', email: 'priya@gym.test', phone: '07700 111222' });
      await createClient(t, trainer.actor, { name: 'Tom Jones', email: 'tom_j@mail.test', phone: '+1 555 0100' });
      await createClient(t, trainer.actor, { name: 'Tomas 100% Effort', email: null, phone: null });
      const names = async (q: string) =>
        (await t.http().get('/api/v1/clients').query({ q }).set(auth).expect(200)).body.items.map(
          (c: { name: string }) => c.name,
        );
      await expect(names('PRIYA')).resolves.toEqual(['Priya Shah']);
      await expect(names('gym.test')).resolves.toEqual(['Priya Shah']);
      await expect(names('111222')).resolves.toEqual(['Priya Shah']);
      await expect(names('tom')).resolves.toEqual(['Tom Jones', 'Tomas 100% Effort']);
      await expect(names('100%')).resolves.toEqual(['Tomas 100% Effort']);
      await expect(names('%')).resolves.toEqual(['Tomas 100% Effort']);
      await expect(names('m_j')).resolves.toEqual(['Tom Jones']);
      await expect(names('o_')).resolves.toEqual([]);
      await expect(names('nobody')).resolves.toEqual([]);
    });

    it('pages with a cursor in a stable order, without gaps or repeats', async () => {
      const { trainer, auth } = await signedIn();
      // Equal names: the id breaks the tie, so the order is still total.
      for (const name of ['Dana', 'Cai', 'Bea', 'Ava', 'Eli', 'Bea', 'Fin'])
        await createClient(t, trainer.actor, { name });
      const seen: string[] = [];
      const names: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await t
          .http()
          .get('/api/v1/clients')
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set(auth)
          .expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((c: { id: string }) => c.id));
        names.push(...res.body.items.map((c: { name: string }) => c.name));
        cursor = res.body.nextCursor ?? undefined;
        pages += 1;
      } while (cursor && pages < 10);
      expect(pages).toBe(4);
      expect(names).toEqual(['Ava', 'Bea', 'Bea', 'Cai', 'Dana', 'Eli', 'Fin']);
      expect(new Set(seen).size).toBe(7);
    });

    it.each([
      ['a limit over 100', { limit: 101 }, 'limit'],
      ['a limit of 0', { limit: 0 }, 'limit'],
      ['an unknown status', { status: 'deleted' }, 'status'],
      ['an unknown parameter', { sort: 'name' }, 'sort'],
    ])('answers 400 for %s', async (_label, query, field) => {
      const { auth } = await signedIn();
      const res = await t.http().get('/api/v1/clients').query(query).set(auth).expect(400);
      expect(res.body.errors[field]).toBeDefined();
    });

    it('answers 422 for a cursor it did not make', async () => {
      const { auth } = await signedIn();
      const res = await t.http().get('/api/v1/clients').query({ cursor: 'bm90LWEtY3Vyc29y' }).set(auth).expect(422);
      expect(res.body.code).toBe('invalid_cursor');
    });
  });

  describe('PATCH /api/v1/clients/{id}', () => {
    it('changes only the fields sent, and clears with null', async () => {
      const { trainer, auth } = await signedIn();
      const client = await createClient(t, trainer.actor, { name: 'Jo March', notes: 'Keep' });
      const res = await t
        .http()
        .patch(`/api/v1/clients/${client.id}`)
        .set(auth)
        .send({ phone: null, email: 'jo@march.test' })
        .expect(200);
      expect(res.body).toMatchObject({
        name: 'Jo March',
        phone: null,
        email: 'jo@march.test',
        notes: 'Keep',
        status: 'active',
      });
    });

    it('archives and unarchives with status', async () => {
      const { trainer, auth } = await signedIn();
      const client = await createClient(t, trainer.actor);
      await t
        .http()
        .patch(`/api/v1/clients/${client.id}`)
        .set(auth)
        .send({ status: 'archived' })
        .expect(200)
        .expect((r) => expect(r.body.status).toBe('archived'));
      const active = await t.http().get('/api/v1/clients').set(auth).expect(200);
      expect(active.body.items.map((c: { id: string }) => c.id)).not.toContain(client.id);
      await t
        .http()
        .patch(`/api/v1/clients/${client.id}`)
        .set(auth)
        .send({ status: 'active' })
        .expect(200)
        .expect((r) => expect(r.body.status).toBe('active'));
    });

    it('answers 422 for a blank name and 400 for an unknown status or field', async () => {
      const { trainer, auth } = await signedIn();
      const client = await createClient(t, trainer.actor);
      await t.http().patch(`/api/v1/clients/${client.id}`).set(auth).send({ name: '' }).expect(422);
      await t.http().patch(`/api/v1/clients/${client.id}`).set(auth).send({ status: 'deleted' }).expect(400);
      await t.http().patch(`/api/v1/clients/${client.id}`).set(auth).send({ trainer: 'x' }).expect(400);
    });
  });

  describe('DELETE /api/v1/clients/{id}', () => {
    it('deletes a client without history (204, then 404)', async () => {
      const { trainer, auth } = await signedIn();
      const client = await createClient(t, trainer.actor);
      await t.http().delete(`/api/v1/clients/${client.id}`).set(auth).expect(204);
      await t.http().get(`/api/v1/clients/${client.id}`).set(auth).expect(404);
    });

    it('answers 409 client_has_history for a client with bookings, suggesting archive', async () => {
      const { trainer, auth } = await signedIn();
      const client = await createClient(t, trainer.actor, { name: 'Kept Client' });
      await insertBookings(trainer.actor, client.id, [{ start: daysFromNow(-5), status: 'completed' }]);
      const res = await t.http().delete(`/api/v1/clients/${client.id}`).set(auth).expect(409);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'client_has_history', bookings: 1, purchases: 0, payments: 0 });
      expect(res.body.detail).toMatch(/Archive them instead/);
      await t.http().get(`/api/v1/clients/${client.id}`).set(auth).expect(200);
    });
  });

  describe('ids', () => {
    it.each(['not-a-uuid', '12345', `${randomUUID()}x`])(
      'answers 404 (not 500) for the malformed id %s',
      async (id) => {
        const { auth } = await signedIn();
        const res = await t.http().get(`/api/v1/clients/${id}`).set(auth).expect(404);
        expect(res.body.code).toBe('not_found');
        await t.http().patch(`/api/v1/clients/${id}`).set(auth).send({ name: 'X' }).expect(404);
        await t.http().delete(`/api/v1/clients/${id}`).set(auth).expect(404);
      },
    );

    it('answers 404 for an unknown id', async () => {
      const { auth } = await signedIn();
      await t.http().get(`/api/v1/clients/${randomUUID()}`).set(auth).expect(404);
    });
  });

  describe('tenant isolation', () => {
    it('hides every client route from another trainer and leaves the client untouched', async () => {
      const pair = await createTenantPair(t);
      const client = await createClient(t, pair.owner.actor, { name: 'Owner’s Client' });
      await expectApiRoutesHidden(t, pair, [
        { method: 'get', path: `/api/v1/clients/${client.id}` },
        { method: 'patch', path: `/api/v1/clients/${client.id}`, body: { name: 'Stolen' } },
        { method: 'patch', path: `/api/v1/clients/${client.id}`, body: { status: 'archived' } },
        { method: 'delete', path: `/api/v1/clients/${client.id}` },
      ]);
      const intruderList = await t
        .http()
        .get('/api/v1/clients')
        .query({ status: 'all', q: 'Owner' })
        .set(bearer(pair.intruder.tokens.accessToken))
        .expect(200);
      expect(intruderList.body.items).toEqual([]);
      const mine = await t
        .http()
        .get(`/api/v1/clients/${client.id}`)
        .set(bearer(pair.owner.tokens.accessToken))
        .expect(200);
      expect(mine.body).toMatchObject({ name: 'Owner’s Client', status: 'active' });
    });
  });
});
