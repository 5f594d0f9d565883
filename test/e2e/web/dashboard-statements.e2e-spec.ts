import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StatementCounter } from '../../../bench/lib/pg-statement-counter.js';
import { bootCountedApp, statementsOf } from '../../helpers/counted-app.js';
import type { TestApp } from '../../helpers/test-app.js';
import type { WebAgent } from '../../helpers/web-agent.js';

const FRAGMENT = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };
/** The sign-in check: the session's user joined with the trainer profile, one statement. */
const ACTOR_READ = /from "users" as "u" left join "trainers" as "t"/;
const FRAGMENTS = [
  '/dashboard/stats',
  '/dashboard/bookings-upcoming',
  '/dashboard/clients-recent',
  '/dashboard/revenue-chart',
  '/dashboard/revenue-chart?period=months',
  '/dashboard/getting-started',
];
/** The budget per fragment after the sign-in check (issue 13). */
const BUDGET = 2;

/**
 * Each dashboard fragment costs the same few statements whatever the trainer's history: counted on the wire by
 * the bench's proxy between the app and PostgreSQL, for a trainer with 10 sessions and one with 10,000.
 */
describe('dashboard SQL statements', () => {
  let t: TestApp;
  let counter: StatementCounter;
  const agents = new Map<number, WebAgent>();

  beforeAll(async () => {
    ({ t, counter } = await bootCountedApp());
    const { createTrainer } = await import('../../factories/accounts.factory.js');
    const { insertStudio, insertManySessions } = await import('../../factories/dashboard.factory.js');
    const { WebAgent } = await import('../../helpers/web-agent.js');
    for (const size of [10, 10_000]) {
      const trainer = await createTrainer(t, { name: 'Siobhán O’Brien' });
      const now = Date.now();
      const ids = await insertStudio(trainer.actor, {
        hours: true,
        clients: [
          { key: 'a', name: 'Ελένη Παπαδοπούλου', createdAt: new Date(now - 900 * 86_400_000) },
          { key: 'b', name: 'Łukasz Nowak', createdAt: new Date(now - 5 * 86_400_000) },
        ],
        purchases: [{ key: 'p', client: 'a', granted: 10, remaining: 3, priceMinor: 50_000, expiresAt: null }],
        payments: [{ client: 'a', amountMinor: 50_000, paidAt: new Date(now - 86_400_000) }],
      });
      // Half of them in the past, half to come, two hours apart.
      await insertManySessions(trainer.actor, ids.a ?? '', new Date(now - size * 3_600_000), size);
      const web = new WebAgent(t);
      expect((await web.login(trainer.email, trainer.password)).status).toBe(303);
      agents.set(size, web);
    }
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await counter?.close();
  });

  it.each(FRAGMENTS)('answers %s in at most two statements after sign-in, for 10 or 10,000 sessions', async (url) => {
    const counts: number[] = [];
    for (const [size, web] of agents) {
      await web.agent.get(url).set(FRAGMENT).expect(200); // warm: the first request may load more
      const sql = await statementsOf(counter, () => web.agent.get(url).set(FRAGMENT).expect(200));
      // The account read is one statement, or none when the account cache answers it.
      const actor = sql.filter((text) => ACTOR_READ.test(text));
      expect(actor.length).toBeLessThanOrEqual(1);
      const own = sql.length - actor.length;
      expect(own).toBeLessThanOrEqual(BUDGET);
      counts.push(own);
      process.stdout.write(`${url} with ${size} sessions: ${own} statement(s) after sign-in\n`);
    }
    expect(counts[0]).toBe(counts[1]);
  });

  it('renders the page with the sections inline in one statement per section plus the checklist', async () => {
    const web = agents.get(10_000);
    const sql = await statementsOf(counter, () => web?.agent.get('/dashboard').expect(200) ?? Promise.resolve());
    expect(sql.filter((text) => !ACTOR_READ.test(text)).length).toBeLessThanOrEqual(1 + 4 * BUDGET);
  });
});
