import { beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ClientStatus } from '../../../src/modules/clients/client.entity.js';
import { ClientError } from '../../../src/modules/clients/client.errors.js';
import { ClientsService } from '../../../src/modules/clients/clients.service.js';
import { createTrainer, type TrainerFixture } from '../../factories/accounts.factory.js';
import { insertBookings } from '../../factories/bookings.factory.js';
import { createClient } from '../../factories/clients.factory.js';
import { daysFromNow } from '../../helpers/time.js';
import { rawClient } from '../../helpers/database.js';
import { inContext, useTestApp } from '../../helpers/test-app.js';

describe(ClientsService.name, () => {
  const t = useTestApp();
  let clients: ClientsService;
  let owner: TrainerFixture;
  let other: TrainerFixture;

  beforeAll(async () => {
    clients = await t.app.resolve(ClientsService);
    owner = await createTrainer(t, { name: 'Owner Ola' });
    other = await createTrainer(t, { name: 'Other Otto' });
  });

  const run = <T>(work: () => Promise<T>) => inContext(t, work);

  describe('getBookable', () => {
    it('returns the actor’s active client', async () => {
      const client = await createClient(t, owner.actor, { name: 'Bookable Bo' });
      await expect(run(() => clients.getBookable(owner.actor, client.id))).resolves.toMatchObject({
        id: client.id,
        name: 'Bookable Bo',
      });
    });

    it('refuses an archived client with client_archived (422) and a message for the clientId field', async () => {
      const client = await createClient(t, owner.actor);
      await run(() => clients.archive(owner.actor, client.id));
      const error = await run(() => clients.getBookable(owner.actor, client.id)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClientError);
      expect(error).toMatchObject({
        code: 'client_archived',
        kind: 'invalid',
        message: 'This client is archived. Unarchive them to book.',
        details: { fields: { clientId: ['This client is archived. Unarchive them to book.'] } },
      });
    });

    it.each([
      ['another trainer’s client', async () => (await createClient(t, other.actor)).id],
      ['an unknown id', async () => randomUUID()],
      ['a malformed id', async () => 'nope'],
    ])('answers not_found for %s', async (_label, idOf) => {
      const id = await idOf();
      await expect(run(() => clients.getBookable(owner.actor, id))).rejects.toMatchObject({
        code: 'not_found',
        kind: 'not_found',
      });
    });
  });

  describe('listActiveForSelect', () => {
    it('lists only the actor’s active clients, by name regardless of case', async () => {
      const trainer = await createTrainer(t);
      await createClient(t, trainer.actor, { name: 'zoe' });
      await createClient(t, trainer.actor, { name: 'Adam' });
      const archived = await createClient(t, trainer.actor, { name: 'Bea' });
      await run(() => clients.archive(trainer.actor, archived.id));
      await createClient(t, other.actor, { name: 'Not Mine' });
      const options = await run(() => clients.listActiveForSelect(trainer.actor));
      expect(options.map((option) => option.name)).toEqual(['Adam', 'zoe']);
      expect(Object.keys(options[0] ?? {}).sort()).toEqual(['id', 'name']);
    });
  });

  describe('listPage', () => {
    it('reads a page, its upcoming sessions and last visits in one query, whatever the list length', async () => {
      const queriesFor = async (clientCount: number) => {
        const trainer = await createTrainer(t);
        for (let i = 0; i < clientCount; i += 1) {
          const client = await createClient(t, trainer.actor, { name: `Client ${i}` });
          await insertBookings(trainer.actor, client.id, [
            { start: daysFromNow(-1 - i), status: 'completed' },
            { start: daysFromNow(1 + i), status: 'confirmed' },
          ]);
        }
        const connection = t.orm.em.getConnection();
        const spy = jest.spyOn(connection, 'execute');
        try {
          const page = await run(() => clients.listPage(trainer.actor, { status: 'active' }, 1, 25));
          expect(page.items).toHaveLength(Math.min(clientCount, 25));
          expect(page.items.every((item) => item.upcomingSessions === 1 && item.lastVisitAt !== null)).toBe(true);
          return spy.mock.calls.length;
        } finally {
          spy.mockRestore();
        }
      };
      const few = await queriesFor(2);
      const many = await queriesFor(30);
      expect(few).toBe(1);
      expect(many).toBe(few);
    });

    it('counts the matches across pages', async () => {
      const trainer = await createTrainer(t);
      for (let i = 0; i < 7; i += 1) await createClient(t, trainer.actor, { name: `Paged ${i}` });
      const page = await run(() => clients.listPage(trainer.actor, { q: 'paged' }, 2, 3));
      expect(page).toMatchObject({ total: 7, page: 2, pageSize: 3, pageCount: 3 });
      expect(page.items.map((item) => item.name)).toEqual(['Paged 3', 'Paged 4', 'Paged 5']);
    });
  });

  describe('search', () => {
    it('is written so the trigram index can serve it', async () => {
      const db = await rawClient();
      try {
        await db.query('begin');
        await db.query('set local enable_seqscan = off');
        const plan = await db.query(
          `explain select c.id from clients c where lower(c.name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.phone, '')) like '%' || lower($1::text) || '%'`,
          ['taylor'],
        );
        await db.query('rollback');
        expect(plan.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n')).toContain(
          'clients_search_trgm_idx',
        );
      } finally {
        await db.end();
      }
    });
  });

  describe('delete', () => {
    it('refuses a client with a purchase or a payment, not only bookings', async () => {
      const trainer = await createTrainer(t);
      const client = await createClient(t, trainer.actor, { name: 'Paid Up' });
      const db = await rawClient();
      try {
        await db.query(
          `insert into payments (id, trainer_id, client_id, amount_minor, currency, method, paid_at) values ($1, $2, $3, 5000, 'GBP', 'cash', now())`,
          [randomUUID(), trainer.actor.trainerId, client.id],
        );
      } finally {
        await db.end();
      }
      await expect(run(() => clients.delete(trainer.actor, client.id))).rejects.toMatchObject({
        code: 'client_has_history',
        kind: 'conflict',
        details: { payments: 1 },
      });
      await expect(run(() => clients.get(trainer.actor, client.id))).resolves.toMatchObject({
        status: ClientStatus.Active,
      });
    });

    it('never deletes another trainer’s client', async () => {
      const client = await createClient(t, owner.actor);
      await expect(run(() => clients.delete(other.actor, client.id))).rejects.toMatchObject({ code: 'not_found' });
      await expect(run(() => clients.get(owner.actor, client.id))).resolves.toMatchObject({ id: client.id });
    });
  });

  describe('actors without a trainer', () => {
    it('cannot touch client data', async () => {
      const admin = { ...owner.actor, trainerId: null };
      await expect(run(() => clients.listActiveForSelect(admin))).rejects.toMatchObject({ kind: 'forbidden' });
      await expect(run(() => clients.create(admin, { name: 'X' }))).rejects.toMatchObject({ kind: 'forbidden' });
    });
  });
});
