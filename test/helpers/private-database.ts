import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { applyPendingMigrations, openOrm } from '../../scripts/lib/migrations.js';

/** Where the run's databases are created (test/setup/test-database.mjs uses the same default). */
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The only names this helper creates or drops, the same pattern the run's own database follows. */
const PRIVATE_NAME = /^trainerhub_test_[0-9a-f]+$/;

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A migrated database of the test file's own, for processes (web, worker) whose relay and reconciler act on every
 * row they find: rows other files left in the run's database (unrelayed outbox rows, planned notifications) would
 * otherwise become their work too. Always `drop()` it in afterAll.
 */
export interface PrivateDatabase {
  readonly url: string;
  query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

export async function createPrivateDatabase(): Promise<PrivateDatabase> {
  const name = `trainerhub_test_${randomBytes(6).toString('hex')}`;
  if (!PRIVATE_NAME.test(name)) throw new Error(`Refusing to create ${name}`);
  await withAdmin((client) => client.query(`create database "${name}"`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const orm = await openOrm(databaseUrl, { quiet: true });
  try {
    await applyPendingMigrations(orm);
  } finally {
    await orm.close(true);
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  return {
    url: databaseUrl,
    query: async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
      (await pool.query<R>(sql, params)).rows,
    drop: async () => {
      await pool.end();
      await withAdmin((client) => client.query(`drop database if exists "${name}" with (force)`));
    },
  };
}
