import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { StatementCounter } from '../../../bench/lib/pg-statement-counter.js';
import type { TrainerFixture } from '../../factories/accounts.factory.js';
import { bootCountedApp, statementsOf } from '../../helpers/counted-app.js';
import type { TestApp } from '../../helpers/test-app.js';
import type { WebAgent as WebAgentClass } from '../../helpers/web-agent.js';
import type { ActorCache as ActorCacheClass } from '../../../src/modules/auth/actor-cache.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const ACTOR_READ = /from "users" as "u" left join "trainers" as "t"/;

/** Polls `probe` every 25 ms for at most 3 s; a notification lands in milliseconds, so this only bounds a failure. */
async function eventually(probe: () => Promise<boolean> | boolean): Promise<boolean> {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    if (await probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

/**
 * The signed-in account is cached for a few seconds per web process (src/modules/auth/actor-cache.ts). These
 * tests hold it to its promise: a cached account costs no statement, and every kind of change (through the app,
 * or by hand in another connection) still takes effect, as does a lost listener connection.
 */
describe('The account cache of a web process', () => {
  let t: TestApp;
  let counter: StatementCounter;
  let db: pg.Client;
  let cache: ActorCacheClass;
  let WebAgent: typeof WebAgentClass;
  let createTrainer: (t: TestApp, options?: { name?: string }) => Promise<TrainerFixture>;
  let apiLogin: (t: TestApp, email: string, password: string) => Promise<{ accessToken: string }>;

  beforeAll(async () => {
    ({ t, counter } = await bootCountedApp());
    ({ createTrainer } = await import('../../factories/accounts.factory.js'));
    ({ apiLogin } = await import('../../helpers/api-client.js'));
    ({ WebAgent } = await import('../../helpers/web-agent.js'));
    const { ActorCache } = await import('../../../src/modules/auth/actor-cache.js');
    cache = t.app.get(ActorCache);
    db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    expect(await eventually(() => cache.isLive)).toBe(true);
  });

  afterAll(async () => {
    await db?.end();
    await t?.close();
    await counter?.close();
  });

  async function signedIn(name: string): Promise<{ trainer: TrainerFixture; token: string }> {
    const trainer = await createTrainer(t, { name });
    const { accessToken } = await apiLogin(t, trainer.email, trainer.password);
    return { trainer, token: accessToken };
  }

  const me = (token: string) => t.http().get('/api/v1/auth/me').set(bearer(token));

  it('reads the account once, then answers from the cache without a statement', async () => {
    const { token } = await signedIn('Siobhán O’Brien');
    const first = await statementsOf(counter, () => me(token).expect(200));
    expect(first.filter((sql) => ACTOR_READ.test(sql))).toHaveLength(1);
    const again = await statementsOf(counter, () => me(token).expect(200));
    expect(again).toEqual([]);
  });

  it('refuses an old token on the very next request after a password change in this process', async () => {
    const { trainer, token } = await signedIn('Łukasz Wiśniewski');
    await me(token).expect(200);
    await me(token).expect(200);
    const web = new WebAgent(t);
    expect((await web.login(trainer.email, trainer.password)).status).toBe(303);
    const changed = await web.post('/settings/password', {
      currentPassword: trainer.password,
      newPassword: 'a-brand-new-passphrase-77',
      confirmPassword: 'a-brand-new-passphrase-77',
    });
    expect(changed.status).toBe(303);
    await me(token).expect(401);
  });

  it('shows a settings change through the API on the very next request', async () => {
    const { token } = await signedIn('Ελένη Παπαδοπούλου');
    await me(token).expect(200);
    await t.http().patch('/api/v1/trainer').set(bearer(token)).send({ businessName: '李小龍 Kung Fu' }).expect(200);
    const res = await me(token).expect(200);
    expect(res.body.trainer.businessName).toBe('李小龍 Kung Fu');
  });

  it('evicts on this process’s own write inside its transaction, before any NOTIFY of it can exist', async () => {
    const { trainer, token } = await signedIn('Łukasz Before Commit');
    await me(token).expect(200);
    const userId = trainer.account.user.id;
    expect(cache.get(userId)).toBeDefined();
    const { Trainer } = await import('../../../src/modules/trainers/trainer.entity.js');
    let evictedBeforeCommit = false;
    await t.orm.em.fork().transactional(async (em) => {
      const profile = await em.findOneOrFail(Trainer, { user: userId });
      profile.businessName = 'Ελένη Mid-Transaction';
      await em.flush();
      // Not committed yet: PostgreSQL sends NOTIFY only at commit, so only the subscriber can have evicted.
      evictedBeforeCommit = cache.get(userId) === undefined;
    });
    expect(evictedBeforeCommit).toBe(true);
    expect((await me(token).expect(200)).body.trainer.businessName).toBe('Ελένη Mid-Transaction');
  });

  it('drops a token whose auth version was bumped by hand in another connection, once PostgreSQL notifies', async () => {
    const { trainer, token } = await signedIn('Moved On');
    await me(token).expect(200);
    expect(await statementsOf(counter, () => me(token).expect(200))).toEqual([]);
    await db.query('update users set auth_version = auth_version + 1 where id = $1', [trainer.account.user.id]);
    expect(await eventually(async () => (await me(token)).status === 401)).toBe(true);
  });

  it('forgets a user deleted by hand', async () => {
    const { trainer, token } = await signedIn('Gone Soon');
    await me(token).expect(200);
    await db.query('begin');
    await db.query('delete from refresh_tokens where user_id = $1', [trainer.account.user.id]);
    await db.query('delete from trainers where user_id = $1', [trainer.account.user.id]);
    await db.query('delete from users where id = $1', [trainer.account.user.id]);
    await db.query('commit');
    expect(await eventually(async () => (await me(token)).status === 401)).toBe(true);
  });

  it('sends nothing for a change that is rolled back: the cached account stays', async () => {
    const { trainer, token } = await signedIn('Rolled Back');
    await me(token).expect(200);
    await db.query('begin');
    await db.query(`update trainers set business_name = 'Never Happened' where user_id = $1`, [
      trainer.account.user.id,
    ]);
    await db.query('rollback');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await statementsOf(counter, () => me(token).expect(200))).toEqual([]);
  });

  it('goes dark when its listener connection is killed, reads every account meanwhile, and comes back', async () => {
    const { token } = await signedIn('Cut Connection');
    await me(token).expect(200);
    expect(await statementsOf(counter, () => me(token).expect(200))).toEqual([]);
    const killed = await db.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query = 'LISTEN actor_changed' and pid <> pg_backend_pid()`,
    );
    expect(killed.rowCount).toBeGreaterThan(0);
    expect(await eventually(() => !cache.isLive)).toBe(true);
    expect(cache.size).toBe(0);
    // Reconnected within the first retry: read once, cached again.
    expect(await eventually(() => cache.isLive)).toBe(true);
    expect((await statementsOf(counter, () => me(token).expect(200))).length).toBe(1);
    expect(await statementsOf(counter, () => me(token).expect(200))).toEqual([]);
  });
});
