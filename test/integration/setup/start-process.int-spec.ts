import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runtimeDirFor } from '../../../scripts/lib/postgres-layout.js';
import {
  descendantsOf,
  isRunning,
  killAll,
  type ProcessInfo,
  treeOf,
  waitUntilGone,
} from '../../helpers/process-tree.js';
import { makePrivateCheckout, type PrivateCheckout } from '../../helpers/private-checkout.js';

/**
 * `npm start` as a newcomer runs it: the compiled dist/scripts/start.js in a checkout inside a 0700 directory
 * (root's home, most CI images), with the embedded PostgreSQL, which under root runs as the "postgres" user.
 * The banner must be the last thing printed and nothing before it JSON; a SIGTERM to the top process (npm,
 * or start.js itself) must stop every process it started within 10 s. Everything is checked by PID.
 */
const BANNER_END = 'Press Ctrl-C to stop.';
const BANNER_TIMEOUT_MS = 75_000;
const STOP_BUDGET_MS = 10_000;
// eslint-disable-next-line no-control-regex -- colour codes are stripped before lines are compared
const ANSI = /\u001b\[[0-9;]*m/g;

interface Run {
  top: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** The environment of a developer's shell: none of the test run's database, log level or NODE_ENV. */
function developerEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('npm_') || key.startsWith('TRAINERHUB_') || key.startsWith('PG')) continue;
    if (
      ['DATABASE_URL', 'NODE_ENV', 'LOG_LEVEL', 'PUBLIC_URL', 'HOST', 'PORT', 'REDIS_PREFIX', 'FORCE_COLOR'].includes(
        key,
      )
    )
      continue;
    env[key] = value;
  }
  // Its own port and Redis key prefix: never in the way of a developer's running instance or its queues.
  return { ...env, PORT: String(port), HOST: '127.0.0.1', REDIS_PREFIX: `th-start-${randomBytes(4).toString('hex')}` };
}

function launch(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Run {
  const top = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  top.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  top.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => top.once('exit', (code) => resolve(code)));
  return { top, output: () => text.replace(ANSI, ''), exited };
}

async function waitForBanner(run: Run): Promise<void> {
  const deadline = Date.now() + BANNER_TIMEOUT_MS;
  while (!run.output().includes(BANNER_END)) {
    if (run.top.exitCode !== null || Date.now() > deadline) {
      throw new Error(`no banner (exit ${run.top.exitCode}); output so far:\n${run.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // Whatever the web and the worker still had to say at start-up would arrive now.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
}

async function answers(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

function expectBannerLastAndNoJson(output: string): void {
  const lines = output.split('\n').map((line) => line.trimEnd());
  const bannerEnd = lines.findIndex((line) => line.trim() === BANNER_END);
  expect(bannerEnd).toBeGreaterThan(0);
  expect(lines.slice(bannerEnd + 1).filter((line) => line.trim() !== '')).toEqual([]);
  const jsonLines = lines.slice(0, bannerEnd).filter((line) => line.trim().startsWith('{'));
  expect(jsonLines).toEqual([]);
  expect(output).toMatch(/Log in: +demo@trainerhub\.app/);
  expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace anywhere
}

/** start.js, the postmaster, the web process and the worker: the top process and what runs below it, by PID. */
function processesOf(topPid: number): {
  all: ProcessInfo[];
  startJs?: ProcessInfo;
  postgres?: ProcessInfo;
  web?: ProcessInfo;
  worker?: ProcessInfo;
} {
  const all = treeOf(topPid);
  const find = (pattern: RegExp): ProcessInfo | undefined => all.find((info) => pattern.test(info.command));
  return {
    all,
    startJs: find(/dist\/scripts\/start\.js/),
    postgres: find(/bin\/postgres -D /),
    web: find(/dist\/src\/main\.js/),
    worker: find(/dist\/src\/worker\.js/),
  };
}

describe('npm start in a private (0700) checkout', () => {
  let checkout: PrivateCheckout;
  let runtimeDir: string | undefined;
  const started: number[] = [];

  beforeAll(() => {
    checkout = makePrivateCheckout();
    runtimeDir = process.getuid?.() === 0 ? runtimeDirFor(checkout.root) : undefined;
  }, 200_000);

  afterAll(() => {
    killAll(started.filter(isRunning)); // only if a test failed half-way; by PID, never by name
    checkout?.remove();
    if (runtimeDir) rmSync(runtimeDir, { recursive: true, force: true });
  });

  async function startAndStop(
    how: 'npm' | 'start.js',
  ): Promise<{ beforeStop: string; output: string; stopMs: number }> {
    const port = await freePort();
    const env = developerEnv(port);
    const run =
      how === 'npm'
        ? launch('npm', ['start', '--ignore-scripts'], checkout.root, env) // the build is the test's own step
        : launch(process.execPath, ['dist/scripts/start.js'], checkout.root, env);
    started.push(run.top.pid ?? -1);
    try {
      await waitForBanner(run);
    } finally {
      started.push(...descendantsOf(run.top.pid ?? -1).map((info) => info.pid));
    }
    const tree = processesOf(run.top.pid ?? -1);
    expect({ startJs: !!tree.startJs, postgres: !!tree.postgres, web: !!tree.web, worker: !!tree.worker }).toEqual({
      startJs: true,
      postgres: true,
      web: true,
      worker: true,
    });
    expect(await answers(port)).toBe(true);

    const beforeStop = run.output();
    const pids = tree.all.map((info) => info.pid);
    const signalledAt = Date.now();
    run.top.kill('SIGTERM'); // to the top process only, as Docker, systemd or an IDE's stop button would
    const left = await waitUntilGone(pids, STOP_BUDGET_MS);
    const stopMs = Date.now() - signalledAt;
    if (process.env.TRAINERHUB_TEST_VERBOSE)
      console.log(`${how}: stopped ${pids.length} processes in ${stopMs} ms\n${run.output()}`);
    expect(left.map((pid) => tree.all.find((info) => info.pid === pid)?.command ?? String(pid))).toEqual([]);
    expect(await answers(port)).toBe(false);
    return { beforeStop, output: run.output(), stopMs };
  }

  it('as root too, reaches the banner (last, no JSON before it) and SIGTERM to npm stops everything within 10 s', async () => {
    const { beforeStop, stopMs } = await startAndStop('npm');
    expectBannerLastAndNoJson(beforeStop);
    expect(stopMs).toBeLessThan(STOP_BUDGET_MS);
    if (runtimeDir) {
      // Under root the cluster lives where "postgres" can reach it, tied to this checkout by a pointer in .data/.
      expect(existsSync(join(runtimeDir, 'data', 'PG_VERSION'))).toBe(true);
      expect(existsSync(join(checkout.root, '.data', 'postgres.location'))).toBe(true);
    }
  }, 120_000);

  it('restarts on the same cluster, and SIGTERM to start.js itself stops everything within 10 s', async () => {
    const { beforeStop, output, stopMs } = await startAndStop('start.js');
    expect(output).not.toContain('First run');
    expectBannerLastAndNoJson(beforeStop);
    expect(output).toContain('SIGTERM received; stopping');
    expect(stopMs).toBeLessThan(STOP_BUDGET_MS);
  }, 120_000);

  it('a start that cannot go ahead ends in one sentence naming the fix, with no stack trace', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const address = busy.address();
    const port = address && typeof address === 'object' ? address.port : 0;
    try {
      const run = launch(process.execPath, ['dist/scripts/start.js'], checkout.root, developerEnv(port));
      started.push(run.top.pid ?? -1);
      expect(await run.exited).toBe(1);
      const lines = run.output().trim().split('\n');
      expect(lines).toEqual([
        expect.stringMatching(
          new RegExp(`^\\[start\\] cannot start: port ${port} .* already in use\\. .*PORT=\\d+ npm start`),
        ),
      ]);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  }, 30_000);
});
