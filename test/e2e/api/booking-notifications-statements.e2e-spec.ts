import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StatementCounter } from '../../../bench/lib/pg-statement-counter.js';
import type { Actor } from '../../../src/common/actor.js';
import { bootCountedApp, statementsOf } from '../../helpers/counted-app.js';
import type { TestApp } from '../../helpers/test-app.js';

const HOUR = 3_600_000;

describe('GET /api/v1/bookings/:id/notifications statements', () => {
  let t: TestApp;
  let counter: StatementCounter;
  let token: string;
  let actor: Actor;
  let clientId: string;

  beforeAll(async () => {
    ({ t, counter } = await bootCountedApp());
    // Imported only now: the app's configuration must load with DATABASE_URL pointing at the counter.
    const { createTrainer } = await import('../../factories/accounts.factory.js');
    const { createClient } = await import('../../factories/clients.factory.js');
    const { apiLogin } = await import('../../helpers/api-client.js');
    const trainer = await createTrainer(t, { name: 'Łukasz Kowalski' });
    actor = trainer.actor;
    token = (await apiLogin(t, trainer.email, trainer.password)).accessToken;
    clientId = (await createClient(t, actor, { name: 'Siobhán O’Brien' })).id;
  });

  afterAll(async () => {
    await t?.close();
    await counter?.close();
  });

  async function bookingWith(count: number): Promise<string> {
    const { insertBookings } = await import('../../factories/bookings.factory.js');
    const { insertNotifications } = await import('../../factories/notifications.factory.js');
    const start = new Date(Date.UTC(2031, 0, 10 + count, 9));
    const [bookingId = ''] = await insertBookings(actor, clientId, [{ start }]);
    // One reminder per schedule version: a session moved many times.
    await insertNotifications(
      actor,
      bookingId,
      Array.from({ length: count }, (_, version) => ({
        purpose: 'reminder:1440',
        status: version === count - 1 ? ('planned' as const) : ('cancelled' as const),
        scheduleVersion: version,
        scheduledFor: new Date(start.getTime() - 24 * HOUR + version * 60_000),
        lastError: version === count - 1 ? null : 'rescheduled',
      })),
    );
    return bookingId;
  }

  async function statementsFor(bookingId: string, expected: number): Promise<string[]> {
    let items: unknown[] = [];
    const sql = await statementsOf(counter, async () => {
      const res = await t
        .http()
        .get(`/api/v1/bookings/${bookingId}/notifications`)
        .set({ authorization: `Bearer ${token}` })
        .expect(200);
      items = res.body.items;
    });
    expect(items).toHaveLength(expected);
    // The account read is left out: the account cache answers it for one request and not for another.
    return sql.filter((statement) => !/from "users" as "u" left join "trainers" as "t"/.test(statement));
  }

  it('spends the same statements on 1 notification as on 20: one, for the log', async () => {
    const one = await statementsFor(await bookingWith(1), 1);
    const twenty = await statementsFor(await bookingWith(20), 20);
    expect(twenty).toHaveLength(one.length);
    expect(one).toHaveLength(1);
    expect(one.filter((sql) => /from notifications|join notifications/i.test(sql))).toHaveLength(1);
  });
});
