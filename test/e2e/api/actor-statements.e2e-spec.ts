import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { StatementCounter } from '../../../bench/lib/pg-statement-counter.js';
import { bootCountedApp, statementsOf } from '../../helpers/counted-app.js';
import type { TestApp } from '../../helpers/test-app.js';
import type { WebAgent } from '../../helpers/web-agent.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * Either door spends exactly one statement on who is asking when the account is not cached: the user joined with
 * the trainer profile. Each test starts with an empty account cache (the cached case is actor-cache.e2e-spec.ts).
 */
const ACTOR_READ = /from "users" as "u" left join "trainers" as "t"/;

describe('The actor costs one SQL statement on both doors', () => {
  let t: TestApp;
  let counter: StatementCounter;
  let token: string;
  let web: WebAgent;
  let forgetAccounts: () => void;

  beforeAll(async () => {
    ({ t, counter } = await bootCountedApp());
    const { ActorCache } = await import('../../../src/modules/auth/actor-cache.js');
    const cache = t.app.get(ActorCache);
    forgetAccounts = () => cache.forgetAll();
    const { createTrainer } = await import('../../factories/accounts.factory.js');
    const { apiLogin } = await import('../../helpers/api-client.js');
    const { WebAgent } = await import('../../helpers/web-agent.js');
    const trainer = await createTrainer(t, { name: 'Siobhán O’Brien' });
    ({ accessToken: token } = await apiLogin(t, trainer.email, trainer.password));
    web = new WebAgent(t);
    expect((await web.login(trainer.email, trainer.password)).status).toBe(303);
  });

  beforeEach(() => forgetAccounts());

  afterAll(async () => {
    await t?.close();
    await counter?.close();
  });

  it('answers GET /api/v1/auth/me from the one actor read', async () => {
    let body: unknown;
    const sql = await statementsOf(counter, async () => {
      const res = await t.http().get('/api/v1/auth/me').set(bearer(token)).expect(200);
      body = res.body;
    });
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(ACTOR_READ);
    expect(body).toMatchObject({ user: { name: 'Siobhán O’Brien' }, trainer: { businessName: expect.any(String) } });
  });

  it('spends one statement on the actor of an API request that does its own work', async () => {
    // Another trainer's (here: nobody's) client answers 404 after one lookup of its own.
    const sql = await statementsOf(counter, () =>
      t.http().get(`/api/v1/clients/${randomUUID()}`).set(bearer(token)).expect(404),
    );
    expect(sql.filter((statement) => ACTOR_READ.test(statement))).toHaveLength(1);
    expect(sql.filter((statement) => /"users"|"trainers"/.test(statement))).toHaveLength(1);
  });

  it('serves a signed-in page whose handler reads nothing with one statement', async () => {
    // The new-package form reads nothing (the dashboard, which once did, now reads its own figures).
    const sql = await statementsOf(counter, () => web.agent.get('/packages/create-form').expect(200));
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(ACTOR_READ);
  });

  it('reads nothing for a request without credentials', async () => {
    const sql = await statementsOf(counter, () => t.http().get('/api/v1/auth/me').expect(401));
    expect(sql).toEqual([]);
  });
});
