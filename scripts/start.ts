import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../src/common/paths.js';
import { DEFAULT_REDIS_URL, type Env, EnvValidationError, loadEnv } from '../src/config/env.schema.js';
import { webHeapFlags } from '../src/config/heap-flags.js';
import { DEMO_EMAIL, DEMO_PASSWORD, hasDemoData, seedDemoData } from './lib/demo-data.js';
import { type PrivateRedis, probeRedis, startPrivateRedis } from './lib/dev-redis.js';
import { ChildOutput } from './lib/child-output.js';
import { claimStartPid, type EmbeddedDatabase, startEmbeddedPostgres } from './lib/embedded-postgres.js';
import { applyPendingMigrations, assertConnected, openOrm, pendingMigrations, redactUrl } from './lib/migrations.js';
import {
  findOnPath,
  isPortFree,
  killRunningCommands,
  signalGroup,
  stopChild,
  waitForHttpOk,
  watchParent,
} from './lib/processes.js';
import { StartupError } from './lib/startup-error.js';

/**
 * `npm start`: the whole app on a laptop with one command.
 *
 *  1. Redis: REDIS_URL, or the default local one, or a private redis-server on 127.0.0.1:63799.
 *  2. PostgreSQL: DATABASE_URL if set (checked, never migrated: that is `npm run db:migrate`), otherwise a private
 *     embedded cluster (.data/postgres; under root outside the checkout, see lib/postgres-layout.ts), migrated and
 *     seeded with the demo trainer.
 *  3. The web process and the worker process, as children; their start-up chatter goes to .data/startup.log and
 *     the URLs and the demo login are printed once /health/ready is 200 and the worker has started.
 *  4. SIGINT, SIGTERM, SIGHUP, or npm (the parent) going away: children first, then PostgreSQL and Redis, all within
 *     SHUTDOWN_DEADLINE_MS, exit 0. A child dying on its own stops the rest, exit 1.
 */

const DATABASE_NAME = 'trainerhub';
const READY_TIMEOUT_MS = 120_000;
/** How long the worker may take after the web process is ready before the banner is printed anyway. */
const WORKER_READY_GRACE_MS = 30_000;
/** Web and worker get this long to finish in-flight requests and jobs after SIGTERM; then their groups are killed. */
const CHILD_GRACE_MS = 5_000;
/** Whatever still runs this long after the stop began is killed, so a stop never takes more than 10 s. */
const SHUTDOWN_DEADLINE_MS = 9_000;
/** Printed by src/worker.ts once its queues are consumed. */
const WORKER_STARTED = /TrainerHub worker started/;
const WEB_ENTRY = join(PROJECT_ROOT, 'dist', 'src', 'main.js');
const WORKER_ENTRY = join(PROJECT_ROOT, 'dist', 'src', 'worker.js');

interface Stack {
  database?: EmbeddedDatabase;
  redis?: PrivateRedis;
  children: Map<string, ChildProcess>;
}

const stack: Stack = { children: new Map() };
let stopping: Promise<never> | undefined;
const development = (process.env.NODE_ENV ?? 'development') !== 'production';

function say(message: string): void {
  console.log(`[start] ${message}`);
}

function fail(message: string): never {
  throw new StartupError(message);
}

async function main(): Promise<void> {
  installSignalHandlers();
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor < 24) {
    say(
      `warning: TrainerHub is built for Node 24 and this is Node ${process.versions.node}; "npm start" uses the project's own Node.`,
    );
  }
  for (const entry of [WEB_ENTRY, WORKER_ENTRY]) {
    if (!existsSync(entry)) {
      fail(
        `${relative(PROJECT_ROOT, entry)} is missing. "npm start" builds it first; after "node dist/scripts/start.js" run "npm run build".`,
      );
    }
  }

  // Scripts may read these two to decide what to start; every other setting is read and checked by src/config.
  const explicitDatabaseUrl = process.env.DATABASE_URL?.trim() || undefined;
  const explicitRedisUrl = process.env.REDIS_URL?.trim() || undefined;
  const env = checkEnvironment(explicitDatabaseUrl);
  if (!(await isPortFree(env.PORT, env.HOST))) {
    fail(
      `port ${env.PORT} on ${env.HOST} is already in use. Stop whatever uses it or choose another, e.g. "PORT=3001 npm start".`,
    );
  }

  const redisUrl = await resolveRedis(explicitRedisUrl);
  if (stopping) return;
  const { databaseUrl, demoLogin } = explicitDatabaseUrl
    ? await useExternalDatabase(explicitDatabaseUrl)
    : await useEmbeddedDatabase();
  if (stopping) return;

  // WEB_CONCURRENCY as validated: one web process in development, one per core in production (node:cluster inside
  // the web child, src/cluster-primary.ts); the worker child reads nothing from it and stays single.
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    WEB_CONCURRENCY: String(env.WEB_CONCURRENCY),
  };
  // The children write to a pipe, not the terminal; keep pino-pretty's colours when the terminal has them.
  if (development && process.stdout.isTTY && childEnv.NO_COLOR === undefined) childEnv.FORCE_COLOR ??= '1';
  mkdirSync(join(PROJECT_ROOT, '.data'), { recursive: true });
  const childOutput = new ChildOutput(join(PROJECT_ROOT, '.data', 'startup.log'), development);
  const workerStarted = childOutput.waitFor(WORKER_STARTED);
  spawnChild('web', WEB_ENTRY, childEnv, childOutput);
  spawnChild('worker', WORKER_ENTRY, childEnv, childOutput);

  const probeHost = ['0.0.0.0', '::', ''].includes(env.HOST)
    ? '127.0.0.1'
    : env.HOST.includes(':')
      ? `[${env.HOST}]`
      : env.HOST;
  const ready = await waitForHttpOk(`http://${probeHost}:${env.PORT}/health/ready`, READY_TIMEOUT_MS, () => !!stopping);
  if (stopping) return;
  if (!ready) {
    fail(
      `the web process did not become ready within ${READY_TIMEOUT_MS / 1000} s (GET /health/ready never answered 200); ` +
        `its start-up log is in ${relative(PROJECT_ROOT, childOutput.startupLog)}.`,
    );
  }
  // The banner comes after the worker's own start-up lines, so it stays the last thing on screen.
  await Promise.race([workerStarted, new Promise((resolve) => setTimeout(resolve, WORKER_READY_GRACE_MS).unref())]);
  if (stopping) return;

  const url = env.PUBLIC_URL; // http://localhost:${PORT} unless PUBLIC_URL says otherwise
  const lines = [
    '',
    '  TrainerHub is running',
    `    App:       ${url}`,
    `    API docs:  ${url}/docs`,
    ...(env.WEB_CONCURRENCY > 1
      ? [`    Web:       ${env.WEB_CONCURRENCY} processes on one port (WEB_CONCURRENCY)`]
      : []),
    demoLogin
      ? `    Log in:    ${DEMO_EMAIL}  /  ${DEMO_PASSWORD}`
      : '    Log in:    no demo trainer in this database (run "npm run db:seed" to add one)',
    `    Database:  ${stack.database ? `embedded PostgreSQL on 127.0.0.1:${stack.database.port}, data in ${stack.database.describe}` : redactUrl(databaseUrl)}`,
    `    Redis:     ${redisUrl}${stack.redis ? ' (private redis-server, data in .data/redis)' : ''}`,
    ...(development
      ? [`    Logs:      start-up in ${relative(PROJECT_ROOT, childOutput.startupLog)}, from now on below`]
      : []),
    '  Press Ctrl-C to stop.',
    '',
  ];
  console.log(lines.join('\n'));
  childOutput.open();
}

/** Validates the environment up front so a typo fails here, before anything is started, with every problem listed. */
function checkEnvironment(explicitDatabaseUrl: string | undefined): Env {
  try {
    // The embedded URL is not known yet; any valid URL lets the other variables be checked now.
    return loadEnv(explicitDatabaseUrl ? {} : { DATABASE_URL: `postgres://127.0.0.1/${DATABASE_NAME}` });
  } catch (error) {
    if (error instanceof EnvValidationError) {
      fail(
        `${error.message}\n  Fix these variables (the README's "Configuration" lists them all), then run "npm start" again.`,
      );
    }
    throw error;
  }
}

async function resolveRedis(explicitUrl: string | undefined): Promise<string> {
  const url = explicitUrl ?? DEFAULT_REDIS_URL;
  if (await probeRedis(url)) return url;
  if (explicitUrl) {
    fail(
      `nothing answers at REDIS_URL=${redactUrl(explicitUrl)}. Start that Redis, or unset REDIS_URL to let ` +
        '"npm start" use a local one (it starts its own redis-server when one is installed).',
    );
  }
  const redisServer = findOnPath('redis-server');
  if (!redisServer) {
    fail(
      `TrainerHub needs Redis for its job queues and nothing answers at ${url}. Start one with ` +
        '"docker compose up -d redis" (or install Redis, e.g. "apt install redis-server" or "brew install redis", and ' +
        '"npm start" will run a private redis-server by itself), or set REDIS_URL to a running Redis, then run "npm start" again.',
    );
  }
  say(`no Redis at ${url}; starting a private redis-server on 127.0.0.1 (data in .data/redis) …`);
  const redis = await startPrivateRedis(redisServer, PROJECT_ROOT);
  stack.redis = redis;
  redis.child.once('exit', (code, signal) => {
    if (!stopping)
      void shutdown(1, `redis-server exited unexpectedly (code ${code}, signal ${signal}); see ${redis.logFile}`);
  });
  return redis.url;
}

/** Conventions: migrations against a real database are their own step, so this only checks and explains. */
async function useExternalDatabase(url: string): Promise<{ databaseUrl: string; demoLogin: boolean }> {
  const orm = await openOrm(url);
  try {
    try {
      await assertConnected(orm, url);
    } catch (error) {
      fail(
        `${(error as Error).message}. Check DATABASE_URL, or unset it to let "npm start" run its own embedded PostgreSQL.`,
      );
    }
    const pending = await pendingMigrations(orm);
    if (pending.length > 0) {
      fail(
        `the database at ${redactUrl(url)} is missing ${pending.length} migration(s) (${pending.join(', ')}). ` +
          '"npm start" migrates only its own embedded database; run "npm run db:migrate" ' +
          '(and "npm run db:seed" for the demo trainer), then "npm start" again.',
      );
    }
    return { databaseUrl: url, demoLogin: await hasDemoData(orm.em.fork()) };
  } finally {
    await orm.close(true);
  }
}

async function useEmbeddedDatabase(): Promise<{ databaseUrl: string; demoLogin: boolean }> {
  say('DATABASE_URL is not set: using the embedded PostgreSQL …');
  const releaseStartPid = claimStartPid(PROJECT_ROOT);
  process.once('exit', releaseStartPid);
  const database = await startEmbeddedPostgres({
    projectRoot: PROJECT_ROOT,
    database: DATABASE_NAME,
    say,
    onSpawned: (spawned) => (stack.database = spawned),
  });
  database.onUnexpectedExit((code, signal) => {
    void shutdown(1, `PostgreSQL exited unexpectedly (code ${code}, signal ${signal}); see ${database.logFile}`);
  });
  if (stopping) return { databaseUrl: database.url, demoLogin: false };

  const orm = await openOrm(database.url, { quiet: true });
  try {
    await assertConnected(orm, database.url);
    const applied = await applyPendingMigrations(orm);
    if (applied.length > 0) say(`applied ${applied.length} migration(s).`);
    const seeded = await seedDemoData(orm.em.fork());
    if (seeded.created && seeded.counts) {
      say(
        `created the demo trainer: ${seeded.counts.clients} clients, ${seeded.counts.bookings} bookings, ${seeded.counts.purchases} package sales.`,
      );
    }
  } finally {
    await orm.close(true);
  }
  return { databaseUrl: database.url, demoLogin: true };
}

function spawnChild(name: string, entry: string, env: NodeJS.ProcessEnv, childOutput: ChildOutput): void {
  // Detached = own process group: the terminal's Ctrl-C reaches start.ts alone, which then stops the children
  // with one SIGTERM each (a second signal mid-shutdown would cut a NestJS process short), and a stop that
  // overruns kills the whole group.
  // The web process runs with bounded heaps in production (src/config/heap-flags.ts); its cluster workers inherit them.
  const heap = name === 'web' && !development ? webHeapFlags(process.execArgv, env.NODE_OPTIONS) : [];
  const child = spawn(process.execPath, ['--enable-source-maps', ...heap, entry], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  stack.children.set(name, child);
  childOutput.attach(name, child.stdout, child.stderr);
  child.once('error', (error) => {
    if (!stopping) void shutdown(1, `could not start the ${name} process (${error.message}); run "npm install" again.`);
  });
  child.once('exit', (code, signal) => {
    if (!stopping) {
      const held = childOutput.tail();
      const detail = held.length > 0 ? `; its last lines:\n${held.map((line) => `    ${line}`).join('\n')}` : '';
      void shutdown(1, `the ${name} process exited unexpectedly (code ${code}, signal ${signal})${detail}`);
    }
  });
}

function installSignalHandlers(): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    // npm forwards the terminal's Ctrl-C too, so a second signal during shutdown is expected and ignored.
    if (stopping) return;
    console.log('');
    say(`${signal} received; stopping …`);
    void shutdown(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  // npm passes SIGTERM to the shell it runs this script in, which may die without passing it on: a parent that
  // goes away means "stop" too. Only under a package manager; `nohup node dist/scripts/start.js &` may outlive its shell.
  if (process.env.npm_lifecycle_event !== undefined) {
    watchParent(() => {
      if (stopping) return;
      say('npm (the parent process) has gone; stopping …');
      void shutdown(0);
    });
  }
  // A closed terminal makes writes fail with EPIPE; that must not become a crash that leaves children running.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const onCrash = (error: unknown): void => {
    if (stopping) return;
    void shutdown(1, `stopped by an unexpected error in the start script: ${describeError(error)}`);
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  // Last resort if this process dies some other way: never leave detached children behind.
  process.on('exit', () => {
    killRunningCommands();
    for (const child of stack.children.values()) signalGroup(child, 'SIGKILL');
    stack.database?.stopNow();
    if (stack.redis) {
      try {
        process.kill(stack.redis.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  });
}

/** Children first (they finish their requests and jobs), then the stores they use. Runs once. */
function shutdown(code: number, reason?: string): Promise<never> {
  stopping ??= (async () => {
    if (reason) console.error(`[start] ${reason}`);
    // Whatever overruns is killed outright: Docker, systemd and IDEs expect a stop within about 10 s.
    setTimeout(() => {
      console.error('[start] stopping took too long; killing what is left.');
      for (const child of stack.children.values()) signalGroup(child, 'SIGKILL');
      if (stack.redis) signalGroup(stack.redis.child, 'SIGKILL');
      stack.database?.stopNow();
      process.exit(code === 0 ? 1 : code);
    }, SHUTDOWN_DEADLINE_MS);
    await Promise.all([...stack.children.values()].map((child) => stopChild(child, CHILD_GRACE_MS)));
    await Promise.all([
      stack.database
        ?.stop()
        .catch((error: unknown) => console.error(`[start] stopping PostgreSQL: ${describeError(error)}`)),
      stack.redis?.stop().catch((error: unknown) => console.error(`[start] stopping Redis: ${describeError(error)}`)),
    ]);
    const started = stack.children.size > 0 || stack.database !== undefined || stack.redis !== undefined;
    if (started) say(code === 0 ? 'stopped.' : 'stopped after an error.');
    process.exit(code);
  })();
  return stopping;
}

/** One line for the person at the terminal; the stack only when asked for (TRAINERHUB_DEBUG=1). */
function describeError(error: unknown): string {
  if (error instanceof StartupError) return error.message;
  if (process.env.TRAINERHUB_DEBUG) return error instanceof Error ? (error.stack ?? error.message) : String(error);
  const message = error instanceof Error ? error.message : String(error);
  return `${message} (run again with TRAINERHUB_DEBUG=1 to see where it came from)`;
}

main().catch((error: unknown) => {
  if (stopping) return; // a shutdown already in progress explains itself
  void shutdown(1, `cannot start: ${describeError(error)}`);
});
