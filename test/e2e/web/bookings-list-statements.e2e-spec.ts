import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStatementCounter, type StatementCounter } from '../../../bench/lib/pg-statement-counter.js';
import type { TrainerFixture } from '../../factories/accounts.factory.js';
import type { TestApp } from '../../helpers/test-app.js';

/** The API door's Authorization header. */
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const HTMX = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

/**
 * The list routes cost the same SQL whatever the trainer's history: one statement for the page after the sign-in
 * check (no per-row lookups, no unused client list). Counted on the wire, as the bench counts them, by a proxy
 * between the app and PostgreSQL.
 */
describe('bookings list SQL statements', () => {
  let counter: StatementCounter;
  let t: TestApp;
  const originalUrl = process.env.DATABASE_URL;

  // The app's modules are imported only once DATABASE_URL points at the counting proxy: the config module reads
  // the environment when it is first imported.
  let app: {
    createTrainer: typeof import('../../factories/accounts.factory.js').createTrainer;
    createClient: typeof import('../../factories/clients.factory.js').createClient;
    apiLogin: typeof import('../../helpers/api-client.js').apiLogin;
    rawClient: typeof import('../../helpers/database.js').rawClient;
    WebAgent: typeof import('../../helpers/web-agent.js').WebAgent;
  };

  beforeAll(async () => {
    const url = new URL(originalUrl ?? '');
    counter = await startStatementCounter({ host: url.hostname, port: Number(url.port || 5432) });
    process.env.DATABASE_URL = counter.rewrite(url.toString());
    const [accounts, clients, api, database, agent, testApp] = await Promise.all([
      import('../../factories/accounts.factory.js'),
      import('../../factories/clients.factory.js'),
      import('../../helpers/api-client.js'),
      import('../../helpers/database.js'),
      import('../../helpers/web-agent.js'),
      import('../../helpers/test-app.js'),
    ]);
    app = {
      createTrainer: accounts.createTrainer,
      createClient: clients.createClient,
      apiLogin: api.apiLogin,
      rawClient: database.rawClient,
      WebAgent: agent.WebAgent,
    };
    t = await testApp.bootTestApp();
  });

  afterAll(async () => {
    await t?.close();
    await counter?.close();
    process.env.DATABASE_URL = originalUrl;
  });

  /** A trainer with `count` upcoming sessions (two hours apart, from tomorrow) for one client. */
  async function trainerWith(count: number): Promise<TrainerFixture> {
    const trainer = await app.createTrainer(t, { name: 'Siobhán O’Brien' });
    const client = await app.createClient(t, trainer.actor, { name: '李小龍' });
    const db = await app.rawClient();
    try {
      await db.query(
        `insert into bookings (id, trainer_id, client_id, start_time, end_time, status, price_minor, currency)
         select gen_random_uuid(), $1, $2, date_trunc('hour', now()) + interval '1 day' + n * interval '2 hours',
                date_trunc('hour', now()) + interval '1 day' + n * interval '2 hours' + interval '1 hour',
                case when n % 2 = 0 then 'confirmed' else 'pending' end::booking_status, 4500, 'GBP'
           from generate_series(1, $3::int) as n`,
        [trainer.account.trainer?.id, client.id, count],
      );
    } finally {
      await db.end();
    }
    return trainer;
  }

  /** The statements one request sends (read after a moment, so statements after the answer count too). */
  async function statementsOf(send: () => Promise<{ status: number }>): Promise<{ total: number; sql: string[] }> {
    const before = counter.counts().statements;
    counter.startRecording();
    const res = await send();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const total = counter.counts().statements - before;
    const sql = counter.takeRecorded().filter((text) => !/^\s*(begin|commit|rollback|set\s)/i.test(text));
    expect(res.status).toBe(200);
    return { total, sql };
  }

  const readsBookings = (sql: string[]) => sql.filter((text) => /\bbookings\b/.test(text));

  it('answers the htmx list fragment with one bookings statement, for 10 or 200 sessions alike', async () => {
    const counts = [];
    for (const size of [10, 200]) {
      const trainer = await trainerWith(size);
      const web = new app.WebAgent(t);
      await web.login(trainer.email, trainer.password);
      await web.agent.get('/bookings/list').set(HTMX).expect(200); // warm: the first request may load more
      const { total, sql } = await statementsOf(() => web.agent.get('/bookings/list').set(HTMX));
      expect(readsBookings(sql)).toHaveLength(1);
      // The fragment has no client filter: the active clients are not read.
      expect(sql.filter((text) => /from "?clients"?\s/i.test(text))).toHaveLength(0);
      counts.push(total);
    }
    expect(counts[0]).toBe(counts[1]);
    // The sign-in check (session, user and trainer) plus the page.
    expect(counts[0]).toBeLessThanOrEqual(3);
  });

  it('answers GET /api/v1/bookings?limit=50 with one bookings statement, for 10 or 200 sessions alike', async () => {
    const counts = [];
    for (const size of [10, 200]) {
      const trainer = await trainerWith(size);
      const { accessToken } = await app.apiLogin(t, trainer.email, trainer.password);
      const first = await t.http().get('/api/v1/bookings?limit=50').set(bearer(accessToken)).expect(200);
      const { total, sql } = await statementsOf(() =>
        t.http().get('/api/v1/bookings?limit=50').set(bearer(accessToken)),
      );
      expect(readsBookings(sql)).toHaveLength(1);
      if (first.body.nextCursor) {
        const deep = await statementsOf(() =>
          t.http().get(`/api/v1/bookings?limit=50&cursor=${first.body.nextCursor}`).set(bearer(accessToken)),
        );
        expect(deep.total).toBe(total);
        // The keyset is a row comparison (an index range), not the OR form that filters from the first row.
        expect(readsBookings(deep.sql)[0]).toMatch(/\("b"\."start_time", "b"\."id"\) > \(\$\d+, \$\d+\)/);
      }
      counts.push(total);
    }
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBeLessThanOrEqual(3);
  });
});
