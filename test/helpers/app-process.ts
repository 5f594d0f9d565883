import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/common/paths.js';
import { ensureMigrated } from './database.js';

/**
 * The compiled web process (`node dist/src/main.js`) as a child of the test, on a free loopback port, against
 * the run's test database and Redis prefix. For what only a real process shows: signals, exit codes and
 * timing, sockets at the OS level. Builds dist/ once (`tsc -p tsconfig.build.json`) when it is missing or
 * older than the sources.
 *
 *   const web = await startAppProcess();
 *   await fetch(`${web.baseUrl}/health/ready`);
 *   web.kill('SIGTERM');
 *   const { code, ms } = await web.exited;
 *
 * Always stop it in afterAll (`await web.stop()`): it sends SIGTERM, then SIGKILL if the process lingers.
 */
export interface AppProcess {
  readonly port: number;
  readonly baseUrl: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves when the process exits: its code or signal, and ms from the first kill() (or from start). */
  readonly exited: Promise<ProcessExit>;
  /** Everything the process printed so far (stdout and stderr interleaved), for failure messages. */
  output(): string;
  /** Sends a signal and notes the time, so `exited` reports how long the exit took. */
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `graceMs` if still running; resolves once it has exited. */
  stop(graceMs?: number): Promise<ProcessExit>;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from the first kill() to the exit. */
  ms: number;
}

export interface AppProcessOptions {
  /** Extra or overriding environment variables (DATABASE_URL, REDIS_URL, LOG_LEVEL, …). */
  env?: Record<string, string>;
  /** How long to wait for GET /health to answer 200. */
  readyTimeoutMs?: number;
}

const ENTRY = join(PROJECT_ROOT, 'dist', 'src', 'main.js');
/** Compiled entry points, for tests that run a script or the worker themselves (after ensureBuilt()). */
export const DIST_ENTRIES = {
  web: ENTRY,
  worker: join(PROJECT_ROOT, 'dist', 'src', 'worker.js'),
  checkDeploy: join(PROJECT_ROOT, 'dist', 'scripts', 'check-deploy.js'),
} as const;
const BUILD_LOCK = join(tmpdir(), 'trainerhub-test-build.lock');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  if (!existsSync(ENTRY)) return true;
  const built = statSync(ENTRY).mtimeMs;
  return ['src', 'scripts', 'migrations'].some((dir) => newestMtime(join(PROJECT_ROOT, dir)) > built);
}

/**
 * Compiles dist/ if it is missing or older than src/, scripts/ or migrations/. A lock directory keeps two test
 * processes (another suite running at the same time) from compiling over each other.
 */
export async function ensureBuilt(): Promise<void> {
  if (!isStale()) return;
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      // A lock older than the longest build is left over from a killed run.
      if (existsSync(BUILD_LOCK) && Date.now() - statSync(BUILD_LOCK).mtimeMs > 180_000) rmdirSync(BUILD_LOCK);
      if (Date.now() > deadline) throw new Error(`Gave up waiting for ${BUILD_LOCK}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    if (isStale()) {
      const startedAt = Date.now();
      try {
        execFileSync(
          process.execPath,
          [join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
          {
            cwd: PROJECT_ROOT,
            stdio: 'pipe',
          },
        );
      } catch (error) {
        // tsc still emits on type errors; a type error elsewhere is for typecheck to report, not this suite.
        const emitted = existsSync(ENTRY) && statSync(ENTRY).mtimeMs >= startedAt - 1_000;
        if (!emitted) {
          throw new Error(
            `tsc -p tsconfig.build.json failed:\n${String((error as { stdout?: unknown }).stdout ?? error)}`,
            {
              cause: error,
            },
          );
        }
      }
    }
  } finally {
    rmdirSync(BUILD_LOCK);
  }
}

/** A port nothing listens on right now (the OS picks it; there is a small window before the child binds it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('No free port');
  return address.port;
}

export async function startAppProcess(options: AppProcessOptions = {}): Promise<AppProcess> {
  await ensureBuilt();
  await ensureMigrated();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    REDIS_PREFIX: process.env.REDIS_PREFIX ?? 'th-test',
    LOG_LEVEL: 'error',
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...options.env,
  };
  // process.execPath: the project's Node 24 that runs the tests (the machine's own node may be older).
  const child = spawn(process.execPath, [ENTRY], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const startedAt = Date.now();
  let killedAt: number | undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - (killedAt ?? startedAt) }));
  });
  let running = true;
  void exited.then(() => (running = false));

  const kill = (signal: NodeJS.Signals): void => {
    killedAt ??= Date.now();
    if (running) child.kill(signal);
  };
  const handle: AppProcess = {
    port,
    baseUrl,
    pid: child.pid ?? -1,
    child,
    exited,
    output: () => output,
    kill,
    async stop(graceMs = 15_000) {
      if (!running) return exited;
      kill('SIGTERM');
      const timer = setTimeout(() => running && child.kill('SIGKILL'), graceMs);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (!running) throw new Error(`The web process exited before it was ready:\n${output}`);
    const ok = await fetch(`${baseUrl}/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return handle;
    if (Date.now() > deadline) {
      await handle.stop(2_000);
      throw new Error(`The web process did not answer /health in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
