import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openOrm, runMigrations } from '../scripts/lib/migrations.js';
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemoData } from '../scripts/lib/demo-data.js';

/**
 * `npm run bench`: how much the app adds on top of the database work it cannot avoid. Each scenario times the
 * real HTTP route (in this process, over loopback) against a bare comparator: the same rows fetched with one
 * hand-written SQL query through `pg`. It prints the ratio; a ratio that grows with the data size means the
 * route does per-row work (N+1). Bounded loops only, loopback only; the private database is dropped at the end.
 */
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const WARMUP = 20;

function urlFor(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function timeIt(rounds: number, work: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARMUP; i += 1) await work();
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i += 1) await work();
  return Number(process.hrtime.bigint() - started) / 1e6 / rounds;
}

async function main(): Promise<void> {
  const name = `trainerhub_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const databaseUrl = urlFor(name);
  process.env.DATABASE_URL = databaseUrl;
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
  process.env.REDIS_PREFIX = `th-bench-${randomBytes(3).toString('hex')}`;
  const bare = new pg.Client({ connectionString: databaseUrl });
  let app: { listen: (options: { port: number; host: string }) => Promise<unknown>; getHttpServer: () => import('node:http').Server; close: () => Promise<void> } | undefined;
  try {
    await runMigrations(databaseUrl);
    const orm = await openOrm(databaseUrl);
    await seedDemoData(orm.em.fork());
    await orm.close();
    // Imported only now: the config module reads the environment when app.module is first loaded.
    const { createApp } = await import('../src/app.factory.js');
    app = await createApp({ logger: process.env.LOG_LEVEL !== 'silent' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`demo login failed: ${login.status} ${await login.text()}`);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };
    await bare.connect();
    const trainerId = (await bare.query('select t.id from trainers t join users u on u.id = t.user_id where u.email = $1', [DEMO_EMAIL])).rows[0].id;

    const scenarios: Array<{ name: string; route: () => Promise<unknown>; comparator: () => Promise<unknown> }> = [
      {
        name: 'GET /api/v1/bookings?limit=25 (all statuses, by start)',
        route: async () => (await fetch(`${base}/api/v1/bookings?limit=25`, { headers: auth })).json(),
        comparator: () =>
          bare.query(
            `select b.*, c.name from bookings b join clients c on c.id = b.client_id where b.trainer_id = $1 order by b.start_time, b.id limit 26`,
            [trainerId],
          ),
      },
      {
        name: 'GET /api/v1/clients?limit=25 (with upcoming and last visit)',
        route: async () => (await fetch(`${base}/api/v1/clients?limit=25`, { headers: auth })).json(),
        comparator: () =>
          bare.query(
            `select c.*, (select count(*) from bookings b where b.client_id = c.id and b.status in ('pending','confirmed') and b.start_time > now()) as upcoming,
                    (select max(start_time) from bookings b where b.client_id = c.id and b.status = 'completed') as last_visit
               from clients c where c.trainer_id = $1 and c.status = 'active' order by lower(c.name), c.id limit 26`,
            [trainerId],
          ),
      },
    ];

    for (const scenario of scenarios) {
      // A bench of an error page proves nothing: each route must really answer a full page first.
      const sample = (await scenario.route()) as { items?: unknown[] };
      if (!Array.isArray(sample.items) || sample.items.length === 0) throw new Error(`${scenario.name} answered no items: ${JSON.stringify(sample)}`);
    }
    console.log(`TrainerHub bench: ${ROUNDS} rounds each after ${WARMUP} warm-up, demo data (about 30 clients, 300 sessions).`);
    const floorMs = await timeIt(ROUNDS, async () => (await fetch(`${base}/health`)).text());
    console.log(`HTTP floor (GET /health, no database): ${floorMs.toFixed(2)} ms`);
    for (const scenario of scenarios) {
      const routeMs = await timeIt(ROUNDS, scenario.route);
      const bareMs = await timeIt(ROUNDS, scenario.comparator);
      console.log(`${scenario.name}\n  route ${routeMs.toFixed(2)} ms · bare SQL ${bareMs.toFixed(2)} ms · ratio ${(routeMs / bareMs).toFixed(1)}x`);
    }
  } finally {
    await bare.end().catch(() => undefined);
    await app?.close();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
