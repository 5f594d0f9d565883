import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { StartupError } from './startup-error.js';

/** True when nothing listens on host:port yet (we could bind it ourselves). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The first free port from `first` on, trying `attempts` ports. */
export async function findFreePort(first: number, attempts = 20, host = '127.0.0.1'): Promise<number> {
  for (let port = first; port < first + attempts; port++) {
    if (await isPortFree(port, host)) return port;
  }
  throw new StartupError(`no free port between ${first} and ${first + attempts - 1}`);
}

/** Absolute path of an executable on PATH, or undefined. */
export function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves true once the child has exited, false if it is still running after `timeoutMs`. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * Sends `signal` to the child's whole process group when it leads one (spawned `detached`), else to the child.
 * The group also holds anything the child started itself, so nothing of it is left behind.
 */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || hasExited(child)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal); // not a group leader (spawned without `detached`)
    } catch {
      // already gone
    }
  }
}

/** Asks a child (and its process group) to stop with `signal`, waits up to `graceMs`, then kills the group. */
export async function stopChild(
  child: ChildProcess,
  graceMs: number,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (hasExited(child)) return;
  signalGroup(child, signal);
  if (await waitForExit(child, graceMs)) return;
  signalGroup(child, 'SIGKILL');
  await waitForExit(child, 2_000);
}

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr together, in arrival order. */
  output: string;
}

/**
 * Runs a short-lived command to completion. Never throws on a failed exit (the caller reads `code`); a command
 * that cannot be started at all (missing, not executable, a directory on the way not searchable) becomes a
 * StartupError built by `cannotSpawn`, so no 'error' event ever escapes as an unhandled exception.
 */
const runningCommands = new Set<ChildProcess>();

/** For process 'exit': a command cut short by a stop (initdb, pg_ctl) must not outlive us. */
export function killRunningCommands(): void {
  for (const child of runningCommands) if (!hasExited(child)) child.kill('SIGKILL');
}

export function runCommand(
  file: string,
  args: readonly string[],
  options: SpawnOptions & { timeoutMs?: number },
  cannotSpawn: (error: NodeJS.ErrnoException) => string,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      reject(new StartupError(cannotSpawn(error as NodeJS.ErrnoException)));
      return;
    }
    runningCommands.add(child);
    child.once('exit', () => runningCommands.delete(child));
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const timer = options.timeoutMs
      ? setTimeout(() => {
          output += `\n(stopped after ${options.timeoutMs} ms)`;
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : undefined;
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new StartupError(cannotSpawn(error)));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

/**
 * Calls `onOrphaned` once when this process's parent goes away (its parent PID changes: the OS re-parents an
 * orphan). npm forwards SIGTERM to the shell it runs the script in, and that shell does not always pass it on,
 * so "the parent died" is the one signal that always arrives. The timer is unref'd: it never keeps us alive.
 */
export function watchParent(onOrphaned: () => void, intervalMs = 250): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onOrphaned();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `url` until it answers 200. Returns false when `timeoutMs` passes or `giveUp()` turns true first
 * (for example because the process that should answer has died).
 */
export async function waitForHttpOk(url: string, timeoutMs: number, giveUp: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !giveUp()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    await sleep(300);
  }
  return false;
}

/** Keeps the last lines of a noisy log so a failure can show them. */
export class LogTail {
  private readonly lines: string[] = [];

  constructor(private readonly size = 30) {}

  push(text: string): void {
    for (const line of text.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      this.lines.push(line);
      if (this.lines.length > this.size) this.lines.shift();
    }
  }

  toString(): string {
    return this.lines.map((line) => `    ${line}`).join('\n');
  }
}
