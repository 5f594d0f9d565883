import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { LOOPBACK } from './urls.js';

/**
 * Every child the bench starts (the app, comparators, load generators) is tracked here by PID and stopped by
 * PID: on normal exit, on an error, and on Ctrl-C. Nothing is ever killed by name.
 */
const live = new Map<number, ChildProcess>();

export interface Child {
  readonly pid: number;
  readonly process: ChildProcess;
  /** Everything the child printed so far (stdout and stderr), for error messages. */
  output(): string;
  readonly exited: Promise<number | null>;
  stop(graceMs?: number): Promise<void>;
}

export function startChild(
  label: string,
  args: string[],
  env: Record<string, string>,
  options: { captureStdout?: boolean } = {},
): Child {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${label}`);
  const pid = child.pid;
  live.set(pid, child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (options.captureStdout === false) child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      live.delete(pid);
      resolve(code);
    });
  });
  return {
    pid,
    process: child,
    output: () => output,
    exited,
    async stop(graceMs = 5_000) {
      if (!live.has(pid)) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** SIGKILLs whatever is still running; for exit paths that cannot wait. */
export function killAllTracked(): void {
  for (const child of live.values()) child.kill('SIGKILL');
  live.clear();
}

let installed = false;
export function stopChildrenOnExit(): void {
  if (installed) return;
  installed = true;
  process.once('exit', killAllTracked);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAllTracked();
      process.exit(130);
    });
  }
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Polls `url` until it answers 200, the child dies, or the deadline passes. */
export async function waitForHttp(url: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void child.exited.then(() => {
    dead = true;
  });
  while (Date.now() < deadline) {
    if (dead) throw new Error(`process ${child.pid} exited before ${url} answered:\n${child.output().slice(-4000)}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${child.output().slice(-4000)}`);
}

/** Resident set size of a process in bytes (Linux /proc), or null once it is gone. */
export async function rssOf(pid: number): Promise<number | null> {
  const { readFile } = await import('node:fs/promises');
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}
