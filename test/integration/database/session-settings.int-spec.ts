import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '../../../src/database/orm-config.js';
import { ensureMigrated } from '../../helpers/database.js';

/**
 * Every connection the app opens runs with JIT off. With it on, PostgreSQL compiled the analytics retention
 * report (rated above jit_above_cost by its CTE estimates) for ~400 ms on each call, against ~10 ms to run it.
 */
describe('the settings every app connection runs with', () => {
  let orm: MikroORM;

  beforeAll(async () => {
    await ensureMigrated();
    orm = await MikroORM.init(createOrmConfig(process.env.DATABASE_URL ?? ''));
  });

  afterAll(async () => {
    await orm.close();
  });

  it('has JIT compilation off, on every pooled connection', async () => {
    const em = orm.em.fork();
    // Several at once, so the pool opens more than one connection.
    const settings = await Promise.all(
      Array.from({ length: 4 }, () => em.execute<Array<{ jit: string }>>(`select current_setting('jit') as jit`)),
    );
    expect(settings.map(([row]) => row?.jit)).toEqual(['off', 'off', 'off', 'off']);
    // The server default is on, so the off comes from the app, not from this machine's configuration.
    const [server] = await em.execute<Array<{ boot: string }>>(
      `select boot_val as boot from pg_settings where name = 'jit'`,
    );
    expect(server?.boot).toBe('on');
  });
});
