import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StatementCounter } from '../../../bench/lib/pg-statement-counter.js';
import type { TestApp } from '../../helpers/test-app.js';

const HTMX = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };
const RANGE = 'from=2026-01-01&to=2026-06-30';

/** Every analytics route, as the API (bearer) or the web (cookie) door asks for it. */
const ROUTES: Array<{ door: 'api' | 'web'; path: string; htmx?: boolean; statements: number }> = [
  { door: 'api', path: `/api/v1/analytics/summary?${RANGE}`, statements: 1 },
  { door: 'api', path: `/api/v1/analytics/revenue?${RANGE}&granularity=week`, statements: 1 },
  { door: 'api', path: `/api/v1/analytics/sessions?${RANGE}&granularity=day`, statements: 1 },
  { door: 'api', path: `/api/v1/analytics/clients?${RANGE}`, statements: 1 },
  { door: 'web', path: `/analytics?${RANGE}&granularity=week`, statements: 7 },
  { door: 'web', path: `/analytics?${RANGE}&granularity=month`, htmx: true, statements: 7 },
  { door: 'web', path: `/analytics/export/revenue.csv?${RANGE}`, statements: 1 },
  { door: 'web', path: `/analytics/export/busiest-hours.csv?${RANGE}`, statements: 1 },
  { door: 'web', path: `/analytics/export/retention.csv?${RANGE}`, statements: 1 },
  { door: 'web', path: `/analytics/export/credit-liability.csv?${RANGE}`, statements: 1 },
];

/**
 * The analytics routes cost a fixed number of SQL statements whatever the trainer's history: one per report
 * (rollups plus set-based aggregates), never one per row. Counted on the wire by the bench's proxy, for a
 * trainer with 10 sessions and one with 1,500, after the sign-in check's own statements.
 */
describe('analytics SQL statements', () => {
  let t: TestApp;
  let counter: StatementCounter;
  let lib: {
    createTrainer: typeof import('../../factories/accounts.factory.js').createTrainer;
    AnalyticsSeed: typeof import('../../factories/analytics.factory.js').AnalyticsSeed;
    rebuildRollups: typeof import('../../factories/analytics.factory.js').rebuildRollups;
    createPackage: typeof import('../../factories/packages.factory.js').createPackage;
    apiLogin: typeof import('../../helpers/api-client.js').apiLogin;
    WebAgent: typeof import('../../helpers/web-agent.js').WebAgent;
  };

  beforeAll(async () => {
    // The app's modules load only once DATABASE_URL points at the counting proxy (see bootCountedApp).
    const { bootCountedApp } = await import('../../helpers/counted-app.js');
    ({ t, counter } = await bootCountedApp());
    const [accounts, analytics, packages, api, agent] = await Promise.all([
      import('../../factories/accounts.factory.js'),
      import('../../factories/analytics.factory.js'),
      import('../../factories/packages.factory.js'),
      import('../../helpers/api-client.js'),
      import('../../helpers/web-agent.js'),
    ]);
    lib = {
      createTrainer: accounts.createTrainer,
      AnalyticsSeed: analytics.AnalyticsSeed,
      rebuildRollups: analytics.rebuildRollups,
      createPackage: packages.createPackage,
      apiLogin: api.apiLogin,
      WebAgent: agent.WebAgent,
    };
  });

  afterAll(async () => {
    await t?.close();
    await counter?.close();
  });

  /** A trainer with `sessions` sessions (and as many payments and credit moves) spread over the first half of 2026. */
  async function trainerWith(sessions: number) {
    const trainer = await lib.createTrainer(t, { name: 'Siobhán O’Brien' });
    const trainerId = trainer.actor.trainerId as string;
    const pack = await lib.createPackage(t, trainer.actor, { name: 'Ten', sessionCount: 10, priceMinor: 50_000 });
    const seed = await lib.AnalyticsSeed.open(trainerId);
    try {
      const clients = [
        await seed.client('Łukasz', '2025-12-01T10:00:00Z'),
        await seed.client('Ελένη', '2026-02-01T10:00:00Z'),
        await seed.client('李小龍', '2026-04-01T10:00:00Z'),
      ];
      const per = Math.ceil(sessions / clients.length);
      for (const [i, client] of clients.entries()) {
        await seed.manyBookings(client, `2026-01-0${i + 1}T07:00:00Z`, per);
        const purchase = await seed.purchase(client, pack.id, {
          credits: 10,
          priceMinor: 50_000,
          at: '2026-01-10T09:00:00Z',
        });
        await seed.ledger(purchase, 'consume', -1, '2026-02-10T09:00:00Z');
      }
      await seed.query(
        `insert into payments (id, trainer_id, client_id, amount_minor, currency, method, paid_at, kind)
         select gen_random_uuid(), $1, $2, 4500, 'GBP', 'card', '2026-01-01T08:00:00Z'::timestamptz + n * interval '3 hours', 'payment'
           from generate_series(1, $3::int) as n`,
        [trainerId, clients[0], sessions],
      );
    } finally {
      await seed.close();
    }
    await lib.rebuildRollups(t, trainerId, '2025-12-01', '2026-12-31');
    const web = new lib.WebAgent(t);
    await web.login(trainer.email, trainer.password);
    const { accessToken } = await lib.apiLogin(t, trainer.email, trainer.password);
    return { web, accessToken };
  }

  function send(who: Awaited<ReturnType<typeof trainerWith>>, route: (typeof ROUTES)[number]) {
    if (route.door === 'api')
      return t
        .http()
        .get(route.path)
        .set({ authorization: `Bearer ${who.accessToken}` });
    const req = who.web.agent.get(route.path);
    return route.htmx ? req.set(HTMX) : req;
  }

  it('sends the same statements for 10 sessions as for 1,500, one per report', async () => {
    const small = await trainerWith(10);
    const large = await trainerWith(1500);
    const reportSql = (sql: string[]) =>
      sql.filter((text) => /revenue_rollups|bookings|payments|client_packages|credit_ledger_entries/.test(text));
    for (const route of ROUTES) {
      const counts: number[] = [];
      for (const who of [small, large]) {
        await send(who, route).expect(200); // warm: a first request may load more (the session, a prepared plan)
        counter.startRecording();
        const res = await send(who, route);
        const sql = counter.takeRecorded().filter((text) => !/^\s*(begin|commit|rollback|set\s)/i.test(text));
        expect({ route: route.path, status: res.status }).toEqual({ route: route.path, status: 200 });
        expect({ route: route.path, reports: reportSql(sql).length }).toEqual({
          route: route.path,
          reports: route.statements,
        });
        counts.push(sql.length);
      }
      expect({ route: route.path, counts }).toEqual({ route: route.path, counts: [counts[0], counts[0]] });
      // The sign-in check (one statement on the API door, up to two on the web door) plus the reports.
      expect(counts[0]).toBeLessThanOrEqual(route.statements + 2);
    }
  }, 120_000);
});
