import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { Redis } from 'ioredis';
import pg from 'pg';
import { ensureDataset } from './dataset/load.js';
import { BENCH_LOGIN, SCALES } from './dataset/scales.js';
import { startApp, type RunSecrets } from './lib/app-process.js';
import { type BenchArgs, parseArgs } from './lib/args.js';
import { startStatementCounter } from './lib/pg-statement-counter.js';
import { probeStatements, type StatementProbe } from './lib/probe.js';
import { stopChildrenOnExit } from './lib/processes.js';
import { apiBearer, webSessionCookie } from './lib/sign-in.js';
import { DEFAULT_ADMIN_URL, DEFAULT_REDIS_URL } from './lib/urls.js';
import { appendResults, crossScenarioMarks, formatGates, formatTable, writeLatest, type RunMeta } from './report.js';
import { runRemindersFamily } from './reminders/family.js';
import { runScenario, type ScenarioResult } from './runner.js';
import { selectScenarios } from './scenarios/index.js';
import type { BenchContext } from './scenarios/types.js';

/**
 * `npm run bench -- [http] [reminders] --scale full|small [--duration N] [--scenarios S1,S2,...]`
 * (no family named: both; the reminders family is described in bench/reminders/run-reminders.ts). For http:
 *
 * 1. Builds (or reuses) the dataset in its own database.
 * 2. Counts SQL per request: the production build runs behind a wire-protocol counter and answers each
 *    scenario's request N times, one at a time; the sign-in cost of each door is measured the same way.
 * 3. Measures speed: a fresh production build, talking to PostgreSQL directly, and each scenario's bare
 *    comparator, each loaded by autocannon in a child process (warm-up, then a fixed duration; the app twice,
 *    to see whether its memory keeps growing).
 * 4. Prints the table, writes bench/results/latest.json, appends to bench/RESULTS.md, and exits non-zero when
 *    a hard gate fails (overlaps, 409s, SQL budget, RSS growth). Speed targets are marks, not gates.
 * Every process it starts is a tracked child, stopped by PID; everything listens on loopback only.
 */
const log = (line: string) => console.log(line);
const MB = 1024 * 1024;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  stopChildrenOnExit();
  let code = 0;
  if (args.families.includes('http')) code = Math.max(code, await runHttp(args));
  if (args.families.includes('reminders')) code = Math.max(code, await runRemindersFamily(args, log));
  return code;
}

/** The request scenarios (S1, S2, S3, S6) against their bare comparators. */
async function runHttp(args: BenchArgs): Promise<number> {
  const scenarios = selectScenarios(args.scenarios);
  const scale = SCALES[args.scale];
  const startedAt = new Date().toISOString();

  const adminUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const dataset = await ensureDataset(adminUrl, scale, log);
  const db = new pg.Pool({ connectionString: dataset.databaseUrl, max: 4 });
  const secrets: RunSecrets = {
    sessionSecret: randomBytes(32).toString('hex'),
    jwtAccessSecret: randomBytes(32).toString('hex'),
    jwtRefreshSecret: randomBytes(32).toString('hex'),
    redisPrefix: `th-bench-${randomBytes(4).toString('hex')}`,
    redisUrl: process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
  };
  const target = new URL(dataset.databaseUrl);
  const counter = await startStatementCounter({ host: target.hostname, port: Number(target.port || 5432) });
  const results: ScenarioResult[] = [];
  const rss: { boot: number | null; end: number | null } = { boot: null, end: null };
  try {
    const { rows } = await db.query(
      `select u.id as user_id, t.id as trainer_id from users u join trainers t on t.user_id = u.id where u.email = $1`,
      [BENCH_LOGIN.email],
    );
    if (!rows[0]) throw new Error('the studio login is missing from the dataset');
    const studio = { userId: rows[0].user_id as string, trainerId: rows[0].trainer_id as string };

    // Phase 1: SQL statements per request, counted on the wire.
    log('counting SQL per request (production build behind the statement counter)…');
    const probeApp = await startApp(counter.rewrite(dataset.databaseUrl), secrets);
    const probes = new Map<string, { probe: StatementProbe; authCost: number; bodiesUsed: number }>();
    let ctx: BenchContext;
    try {
      const auth = {
        cookie: await webSessionCookie(probeApp.baseUrl, BENCH_LOGIN.email, BENCH_LOGIN.password),
        bearer: await apiBearer(probeApp.baseUrl, BENCH_LOGIN.email, BENCH_LOGIN.password),
      };
      ctx = { scale, dataset, db, studio, auth };
      // The sign-in cost of each door: a signed-in request whose id is refused before any work (404 after the guard).
      const authCost = {
        web: (
          await probeStatements(
            probeApp.baseUrl,
            counter,
            { path: '/bookings/not-a-booking-id', headers: { cookie: auth.cookie } },
            5,
          )
        ).median,
        api: (
          await probeStatements(
            probeApp.baseUrl,
            counter,
            { path: '/api/v1/bookings/not-a-booking-id', headers: { authorization: auth.bearer } },
            5,
          )
        ).median,
      };
      log(`  sign-in cost: web ${authCost.web} statement(s), api ${authCost.api}`);
      for (const scenario of scenarios) {
        const spec = await scenario.prepare(ctx, 'app');
        const probe = await probeStatements(probeApp.baseUrl, counter, spec, args.probeRequests);
        probes.set(scenario.id, {
          probe,
          authCost: authCost[scenario.door],
          bodiesUsed: spec.bodies ? args.probeRequests : 0,
        });
        log(
          `  ${scenario.id}: ${probe.median} statement(s) per request (max ${probe.max}, ${probe.controlMean.toFixed(1)} transaction control), statuses ${JSON.stringify(probe.statuses)}`,
        );
      }
    } finally {
      await probeApp.stop();
      await counter.close();
    }

    // Phase 2: speed, the app connected to PostgreSQL directly.
    const app = await startApp(dataset.databaseUrl, secrets);
    try {
      rss.boot = await app.rss();
      // Fresh credentials from this process (same secrets and Redis prefix, so both doors work on either app).
      ctx.auth = {
        cookie: await webSessionCookie(app.baseUrl, BENCH_LOGIN.email, BENCH_LOGIN.password),
        bearer: await apiBearer(app.baseUrl, BENCH_LOGIN.email, BENCH_LOGIN.password),
      };
      for (const scenario of scenarios) {
        const measured = probes.get(scenario.id);
        if (!measured) throw new Error(`${scenario.id} was not probed`);
        const result = await runScenario(scenario, ctx, app, secrets, dataset.databaseUrl, measured, args, log);
        results.push(result);
        log(
          `${scenario.id}: app ${result.app.requestsPerSecond.toFixed(0)} req/s, bare ${result.bare.requestsPerSecond.toFixed(0)} req/s, ratio ${result.ratio.toFixed(2)}×`,
        );
      }
      rss.end = await app.rss();
    } finally {
      await app.stop();
    }
  } finally {
    await db.end();
    await dropRedisKeys(secrets);
  }

  const meta: RunMeta = {
    startedAt,
    scale: scale.name,
    durationSeconds: args.durationSeconds,
    warmupSeconds: args.warmupSeconds,
    connections: args.connections,
    node: process.version,
    cpus: cpus().length,
    dataset: { reused: dataset.reused, loadSeconds: dataset.loadSeconds, counts: dataset.counts },
    rssAtBoot: rss.boot,
    rssAtEnd: rss.end,
  };
  const gates = results.flatMap((result) => result.gates);
  const speed = [
    ...results.map((r) => ({
      name: `${r.id} ratio ≥ ${r.target.minimum}× (speed target)`,
      pass: r.ratio >= r.target.minimum,
      detail: `${r.ratio.toFixed(2)}×`,
    })),
    ...crossScenarioMarks(results),
  ];
  console.log(
    `\nTrainerHub bench · scale ${scale.name} · ${args.durationSeconds} s per run after ${args.warmupSeconds} s warm-up · ${args.connections} connections · ${meta.cpus} cores · Node ${meta.node}`,
  );
  console.log(
    `App RSS: ${rss.boot === null ? '—' : Math.round(rss.boot / MB)} MB after boot, ${rss.end === null ? '—' : Math.round(rss.end / MB)} MB at the end\n`,
  );
  console.log(formatTable(results));
  console.log('\nHard gates:');
  console.log(formatGates(gates));
  console.log('\nSpeed targets (marks only):');
  console.log(formatGates(speed));
  const file = writeLatest(meta, results, gates, speed);
  appendResults(meta, results);
  console.log(`\nWrote ${file} and appended to bench/RESULTS.md`);
  const failed = gates.filter((gate) => !gate.pass);
  if (failed.length > 0)
    console.error(`\n${failed.length} hard gate(s) failed: ${failed.map((gate) => gate.name).join('; ')}`);
  return failed.length > 0 ? 1 : 0;
}

/** The run's sessions and queues live under its own Redis prefix; remove them (only them) at the end. */
async function dropRedisKeys(secrets: RunSecrets): Promise<void> {
  const redis = new Redis(secrets.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${secrets.redisPrefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // Redis gone at the end of a run: the keys expire on their own (sessions have a TTL).
  } finally {
    redis.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
