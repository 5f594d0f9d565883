import { spawn } from 'node:child_process';
import { PROJECT_ROOT } from '../../src/common/paths.js';
import { DIST_ENTRIES, freePort, type ProcessExit } from './app-process.js';

/**
 * A compiled web or worker process (`node dist/src/main.js` or `dist/src/worker.js`) as a child of the test, for
 * what only real processes show: SIGKILL mid-job, SIGTERM with a job in hand, several web and worker processes on
 * one PostgreSQL and one Redis. Unlike startAppProcess() it does not check dist/ itself: call ensureBuilt() once
 * first, so every process of a test runs the same build even while src/ changes under it. Always stop it in
 * afterAll (`await process.stop()`).
 */
export interface DistProcess {
  readonly kind: 'web' | 'worker';
  readonly pid: number;
  /** The web process's http://127.0.0.1:<port>; empty for a worker. */
  readonly baseUrl: string;
  /** Resolves when the process exits: its code or signal, and ms from the first kill() (or from start). */
  readonly exited: Promise<ProcessExit>;
  output(): string;
  running(): boolean;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `graceMs` if still running; resolves once it has exited. */
  stop(graceMs?: number): Promise<ProcessExit>;
}

/** The worker's line once its processors take jobs (an info line, hence LOG_LEVEL=info for workers). */
const WORKER_READY_LINE = 'TrainerHub worker started';

export async function startDistProcess(
  kind: 'web' | 'worker',
  options: { env?: Record<string, string>; readyTimeoutMs?: number } = {},
): Promise<DistProcess> {
  const port = kind === 'web' ? await freePort() : 0;
  const baseUrl = kind === 'web' ? `http://127.0.0.1:${port}` : '';
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    REDIS_PREFIX: process.env.REDIS_PREFIX ?? 'th-test',
    LOG_LEVEL: kind === 'web' ? 'error' : 'info',
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...(kind === 'web' ? { HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: baseUrl } : {}),
    ...options.env,
  };
  const entry = kind === 'web' ? DIST_ENTRIES.web : DIST_ENTRIES.worker;
  // process.execPath: the project's Node 24 that runs the tests (the machine's own node may be older).
  const child = spawn(process.execPath, [entry], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-100_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const startedAt = Date.now();
  let killedAt: number | undefined;
  let alive = true;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      alive = false;
      resolve({ code, signal, ms: Date.now() - (killedAt ?? startedAt) });
    });
  });
  const kill = (signal: NodeJS.Signals): void => {
    killedAt ??= Date.now();
    if (alive) child.kill(signal);
  };
  const handle: DistProcess = {
    kind,
    pid: child.pid ?? -1,
    baseUrl,
    exited,
    output: () => output,
    running: () => alive,
    kill,
    async stop(graceMs = 15_000) {
      if (!alive) return exited;
      kill('SIGTERM');
      const timer = setTimeout(() => alive && child.kill('SIGKILL'), graceMs);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
  };

  const ready = async () =>
    kind === 'worker'
      ? output.includes(WORKER_READY_LINE)
      : fetch(`${baseUrl}/health`).then(
          (response) => response.ok,
          () => false,
        );
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (!(await ready())) {
    if (!alive) throw new Error(`The ${kind} process exited before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      await handle.stop(2_000);
      throw new Error(`The ${kind} process was not ready in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return handle;
}
