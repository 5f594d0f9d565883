import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { createOrmConfig } from '../../src/database/orm-config.js';

/** Any fixed number: the advisory lock that serialises "migrate once" across parallel test workers. */
const MIGRATION_LOCK = 727_001;
let migrated = false;

/**
 * Brings the run's private database up to date. The first caller migrates under an advisory lock; the rest
 * find nothing pending. Cheap after the first time, so every suite can call it.
 */
export async function ensureMigrated(): Promise<void> {
  if (migrated) return;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set; run tests through `npm test`');
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const orm = await MikroORM.init({ ...createOrmConfig(url), logger: () => undefined });
    try {
      await orm.migrator.up();
    } finally {
      await orm.close(true);
    }
    migrated = true;
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}

/** A raw connection to the test database, for SQL-level assertions. */
export async function rawClient(): Promise<pg.Client> {
  await ensureMigrated();
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  return client;
}
