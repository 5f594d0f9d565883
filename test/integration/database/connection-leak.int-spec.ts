import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { createOrmConfig, WEB_POOL_MAX } from '../../../src/database/orm-config.js';
import { User } from '../../../src/modules/auth/user.entity.js';
import { ensureMigrated } from '../../helpers/database.js';
import { startTcpProxy, targetOf, type TcpProxy } from '../../helpers/tcp-proxy.js';

/**
 * A PostgreSQL cut in the middle of a transaction must not strand the pooled connection it was using.
 *
 * Kysely's ControlledTransaction (MikroORM 7's transactions) hands the connection back only after its
 * `begin`, `commit` or `rollback` query succeeded; on a dead socket those queries throw, and the pg client
 * stayed checked out for ever. Each outage then shrank the pool by one and `orm.close()` never resolved.
 * The cut is placed deterministically at each of the three moments: while `begin` is in flight, at the
 * write inside the transaction (so the rollback also hits the dead socket), and at `commit`.
 */
const SETTLE_MS = 2_000;
const CLOSE_MS = 5_000;

type Moment = 'begin' | 'write' | 'commit';

interface PoolInternals {
  _clients?: Array<{ release?: (error?: Error) => void }>;
  _idle?: Array<{ client: unknown }>;
}

describe('pooled connections across a PostgreSQL cut mid-transaction', () => {
  let proxy: TcpProxy;
  let orm: MikroORM;
  let pool: pg.Pool;
  let closed = false;
  /** The moment the next transaction's connection gets cut, consumed by the hooks below. */
  let armed: Moment | undefined;

  const checkedOut = () => pool.totalCount - pool.idleCount;

  async function settledCheckedOut(): Promise<number> {
    const deadline = Date.now() + SETTLE_MS;
    while (checkedOut() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    return checkedOut();
  }

  function cutIf(moment: Moment): void {
    if (armed !== moment) return;
    armed = undefined;
    proxy.cut();
  }

  /** One ordinary write in a transaction: the shape of every service call that changes data. */
  function writeInTransaction(): Promise<void> {
    return orm.em.fork().transactional(async (em) => {
      const id = randomUUID();
      em.create(User, { id, email: `leak-${id}@example.test`, passwordHash: 'x', name: 'Дмитрий Łukasz' });
      cutIf('write');
    });
  }

  beforeAll(async () => {
    await ensureMigrated();
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set');
    proxy = await startTcpProxy(targetOf(url));
    orm = await MikroORM.init({ ...createOrmConfig(proxy.rewrite(url)), logger: () => undefined });
    pool = await orm.driver.getConnection().getNativeClient();
    // The pool hands out a client right before Kysely sends `begin` on it: cutting there leaves `begin` in flight.
    pool.on('acquire', () => cutIf('begin'));
    orm.em.getEventManager().registerSubscriber({ beforeTransactionCommit: () => cutIf('commit') });
  });

  afterAll(async () => {
    if (!orm || closed) return proxy?.close();
    // Cleanup only, when a check above already failed: a stranded client would keep close() (and Jest) waiting.
    const internals = pool as unknown as PoolInternals;
    const idle = new Set((internals._idle ?? []).map((item) => item.client));
    for (const client of internals._clients ?? []) if (!idle.has(client)) client.release?.(new Error('leaked'));
    await orm.close(true);
    await proxy.close();
  });

  it("serves pg-pool's own pool.query(), which checks out through the callback form", async () => {
    const result = await pool.query<{ one: number }>('select 1 as one');
    expect(result.rows).toEqual([{ one: 1 }]);
    expect(await settledCheckedOut()).toBe(0);
  });

  it.each<Moment>(['begin', 'write', 'commit'])(
    'hands the connection back when the socket dies at %s',
    async (moment) => {
      // Warm up: the transaction below must reuse an idle client, so the cut hits a connection already in use.
      await writeInTransaction();
      expect(pool.idleCount).toBeGreaterThan(0);

      armed = moment;
      await expect(writeInTransaction()).rejects.toThrow();
      expect(armed).toBeUndefined();
      proxy.restore();

      expect(await settledCheckedOut()).toBe(0);
      // And the pool still works: the next transaction gets a fresh connection and commits.
      await writeInTransaction();
      expect(await settledCheckedOut()).toBe(0);
    },
  );

  it('still serves a full pool of concurrent transactions after the cuts', async () => {
    let inside = 0;
    const holders = Array.from({ length: WEB_POOL_MAX }, () =>
      orm.em.fork().transactional(async (em) => {
        inside += 1;
        await em.execute('select pg_sleep(2)');
      }),
    );
    // Had a cut stranded a client, only the survivors could be inside a transaction at once.
    const deadline = Date.now() + 1_500;
    while (inside < WEB_POOL_MAX && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(inside).toBe(WEB_POOL_MAX);
    await Promise.all(holders);
    expect(await settledCheckedOut()).toBe(0);
  });

  it('reports the real error, not a double release, when a query outside a transaction loses its socket', async () => {
    const query = orm.em.fork().execute('select pg_sleep(1)');
    await new Promise((resolve) => setTimeout(resolve, 100));
    proxy.cut();
    const error = await query.then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    proxy.restore();
    expect(error).toBeInstanceOf(Error);
    expect(String(error?.message)).not.toMatch(/already been released/);
    expect(await settledCheckedOut()).toBe(0);
  });

  it('keeps a listener for errors of idle clients, which would otherwise crash the process', () => {
    // The cuts above already destroyed idle clients (each one an 'error' on the pool) without a crash.
    expect(pool.listenerCount('error')).toBeGreaterThan(0);
  });

  it(`closes the ORM within ${CLOSE_MS / 1000} s`, async () => {
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      orm.close().then(() => 'closed' as const),
      new Promise<'still waiting'>((resolve) => (timer = setTimeout(() => resolve('still waiting'), CLOSE_MS))),
    ]);
    clearTimeout(timer);
    closed = outcome === 'closed';
    expect(outcome).toBe('closed');
  });
});
