import pg from 'pg';
import { runMigrations } from '../../scripts/lib/migrations.js';
import { ROLLUP_REBUILD_SQL } from '../../src/modules/analytics/rollups.repository.js';
import { PasswordHasher } from '../../src/modules/auth/password-hasher.js';
import { databaseUrlFor } from '../lib/urls.js';
import { datasetSql } from './sql.js';
import { BENCH_LOGIN, DATASET_VERSION, type Scale } from './scales.js';

export interface Dataset {
  databaseUrl: string;
  /** UTC midnight that "past" and "future" are measured from. */
  anchor: Date;
  reused: boolean;
  loadSeconds: number;
  counts: Record<string, number>;
}

const COUNTED_TABLES = [
  'users',
  'trainers',
  'clients',
  'bookings',
  'session_packages',
  'client_packages',
  'credit_ledger_entries',
  'payments',
  'revenue_rollups',
];

/** The app's own rollup statement (MikroORM `?` placeholders) in pg's numbered form: from, to, trainer. */
const ROLLUP_SQL = ROLLUP_REBUILD_SQL.replace(
  /\?/g,
  (() => {
    let n = 0;
    return () => `$${++n}`;
  })(),
);

/**
 * The worker's rollups, as it would have kept them: the app's rebuild statement once per trainer over every day
 * the dataset has, so the dashboard and analytics routes read real figures (and rollups equal the raw rows).
 */
async function fillRollups(client: pg.Client, scale: Scale, anchor: Date): Promise<number> {
  const day = (offset: number) => new Date(anchor.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const first = day(-scale.pastDays - 2);
  const last = day(scale.futureDays + 2);
  let written = 0;
  const { rows } = await client.query<{ id: string }>('select id from trainers order by id');
  for (const { id } of rows) {
    const result = await client.query<{ written: number }>(ROLLUP_SQL, [first, last, id]);
    written += result.rows[0]?.written ?? 0;
  }
  return written;
}

function todayUtc(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

interface Stamp {
  version: string;
  scale: string;
  anchor: Date;
  counts: Record<string, number>;
}

/** The stamp of a complete load, or null when the database holds none (or an unfinished one). */
async function readStamp(databaseUrl: string): Promise<Stamp | null> {
  return withClient(databaseUrl, async (client) => {
    const exists = await client.query(`select to_regclass('public.bench_dataset') is not null as present`);
    if (!exists.rows[0].present) return null;
    const { rows } = await client.query(`select version, scale, anchor, counts from bench_dataset limit 1`);
    return rows[0]
      ? { version: rows[0].version, scale: rows[0].scale, anchor: rows[0].anchor, counts: rows[0].counts }
      : null;
  });
}

/** Rows a previous run left behind (booking-create scenarios, logins), so each run starts from the same data. */
export async function resetVolatileRows(databaseUrl: string): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    await client.query(`delete from bookings where notes like 'bench:%'`);
    await client.query(`delete from outbox_messages`);
    await client.query(`delete from idempotency_keys`);
    await client.query(`delete from refresh_tokens`);
  });
}

/**
 * The dataset for `scale` in its own database: reused when a complete load of the same generator version and
 * scale was made today (the future grid is relative to the anchor day), rebuilt from scratch otherwise.
 */
export async function ensureDataset(adminUrl: string, scale: Scale, log: (line: string) => void): Promise<Dataset> {
  const databaseUrl = databaseUrlFor(adminUrl, scale.database);
  const anchor = todayUtc();
  const exists = await withClient(
    adminUrl,
    async (admin) =>
      (await admin.query('select 1 from pg_database where datname = $1', [scale.database])).rowCount === 1,
  );
  if (exists) {
    const stamp = await readStamp(databaseUrl);
    if (
      stamp &&
      stamp.version === DATASET_VERSION &&
      stamp.scale === scale.name &&
      stamp.anchor.getTime() === anchor.getTime()
    ) {
      // New migrations (an index from a product fix) apply to the kept data; statistics are refreshed after them.
      const applied = await runMigrations(databaseUrl);
      if (applied.length > 0) await withClient(databaseUrl, (client) => client.query('analyze'));
      await resetVolatileRows(databaseUrl);
      log(
        `dataset ${scale.database}: reused (${DATASET_VERSION}, anchor ${anchor.toISOString().slice(0, 10)}${applied.length ? `, ${applied.length} new migration(s)` : ''})`,
      );
      return { databaseUrl, anchor, reused: true, loadSeconds: 0, counts: stamp.counts };
    }
  }

  const started = Date.now();
  log(`dataset ${scale.database}: building ${scale.name} (${scale.bookings.toLocaleString('en-GB')} bookings)…`);
  await withClient(adminUrl, async (admin) => {
    await admin.query(`drop database if exists "${scale.database}" with (force)`);
    await admin.query(`create database "${scale.database}"`);
    // SSD-backed servers: index scans are cheap; the README asks production for the same setting.
    await admin.query(`alter database "${scale.database}" set random_page_cost = 1.1`);
  });
  await runMigrations(databaseUrl);
  // The app's own hasher, so the studio logs in through the real login form.
  const passwordHash = await new PasswordHasher().hash(BENCH_LOGIN.password);
  const counts = await withClient(databaseUrl, async (client) => {
    await client.query('begin');
    // Bulk load: foreign keys hold by construction, so their per-row triggers are skipped (the exclusion
    // constraint and every check constraint are still enforced); the transaction makes the load all or nothing.
    await client.query(`set local session_replication_role = replica`);
    await client.query(`set local synchronous_commit = off`);
    await client.query(`set local maintenance_work_mem = '256MB'`);
    for (const statement of datasetSql(scale).statements) {
      const stepStarted = Date.now();
      const params = statement.params.map((name) => (name === 'anchor' ? anchor : passwordHash));
      const result = await client.query(statement.sql, params);
      log(
        `  ${statement.label}: ${(result.rowCount ?? 0).toLocaleString('en-GB')} rows, ${((Date.now() - stepStarted) / 1000).toFixed(1)} s`,
      );
    }
    const rollupsStarted = Date.now();
    const rollupDays = await fillRollups(client, scale, anchor);
    log(
      `  revenue_rollups: ${rollupDays.toLocaleString('en-GB')} rows, ${((Date.now() - rollupsStarted) / 1000).toFixed(1)} s`,
    );
    const counted: Record<string, number> = {};
    for (const table of COUNTED_TABLES)
      counted[table] = Number((await client.query(`select count(*)::int as n from ${table}`)).rows[0].n);
    await client.query(
      `create table bench_dataset (version text not null, scale text not null, anchor timestamptz not null, counts jsonb not null, loaded_at timestamptz not null default now())`,
    );
    await client.query(`insert into bench_dataset (version, scale, anchor, counts) values ($1, $2, $3, $4)`, [
      DATASET_VERSION,
      scale.name,
      anchor,
      JSON.stringify(counted),
    ]);
    await client.query('commit');
    const analyzeStarted = Date.now();
    await client.query('vacuum analyze');
    log(`  vacuum analyze: ${((Date.now() - analyzeStarted) / 1000).toFixed(1)} s`);
    return counted;
  });
  const loadSeconds = (Date.now() - started) / 1000;
  log(`dataset ${scale.database}: built in ${loadSeconds.toFixed(1)} s`);
  return { databaseUrl, anchor, reused: false, loadSeconds, counts };
}
