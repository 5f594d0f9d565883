import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './load/load-types.js';
import { runLoad } from './load/run-load.js';
import type { AppProcess, RunSecrets } from './lib/app-process.js';
import { sendOnce, type StatementProbe } from './lib/probe.js';
import { freePort, startChild, waitForHttp } from './lib/processes.js';
import { LOOPBACK } from './lib/urls.js';
import type { BenchContext, GateResult, LoadSpec, Scenario } from './scenarios/types.js';

const COMPARATOR_SERVER = join(dirname(fileURLToPath(import.meta.url)), 'comparators', 'server.js');
const MB = 1024 * 1024;
/** RSS may not grow by more than this between two identical measured runs of one scenario. */
export const RSS_GROWTH_LIMIT_BYTES = 50 * MB;

export interface RunOptions {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
}

export interface ScenarioResult {
  id: string;
  title: string;
  app: LoadResult;
  /** The first of the two identical measured app runs (the table shows the second, warmer one). */
  appFirstRun: LoadResult;
  bare: LoadResult;
  /** The comparator's first measured run, taken between the app's two. */
  bareFirstRun: LoadResult;
  /** Both app runs over both comparator runs (requests per second summed). */
  ratio: number;
  target: Scenario['target'];
  sql: { perRequest: number; afterAuth: number; authCost: number; budgetAfterAuth?: number; probe: StatementProbe };
  rss: { before: number | null; afterFirstRun: number | null; afterSecondRun: number | null };
  bytes: { compared: boolean; same: boolean | null; app: number; bare: number; firstDifference?: number };
  /** Lines the app printed while under load (warn level): a happy path should print none. */
  appLogLines: number;
  gates: GateResult[];
}

function rotate(spec: LoadSpec, offset: number): LoadSpec {
  if (!spec.bodies || spec.bodies.length === 0) return spec;
  const at = offset % spec.bodies.length;
  return { ...spec, bodies: spec.bodies.slice(at).concat(spec.bodies.slice(0, at)) };
}

function pairedRatio(app: readonly LoadResult[], bare: readonly LoadResult[]): number {
  const sum = (loads: readonly LoadResult[]) => loads.reduce((total, load) => total + load.requestsPerSecond, 0);
  return sum(bare) > 0 ? sum(app) / sum(bare) : 0;
}

function firstDifference(a: Buffer, b: Buffer): number | undefined {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) if (a[i] !== b[i]) return i;
  return a.length === b.length ? undefined : length;
}

/** Loads one side for `seconds`; bodies continue where the previous load of that side stopped. */
async function loadSide(
  baseUrl: string,
  spec: LoadSpec,
  options: RunOptions,
  state: { offset: number; loads: LoadResult[] },
  seconds: number,
): Promise<LoadResult> {
  const rotated = rotate(spec, state.offset);
  const result = await runLoad({
    url: `${baseUrl}${spec.path}`,
    method: spec.method,
    headers: spec.headers,
    bodies: rotated.bodies,
    connections: options.connections,
    durationSeconds: seconds,
  });
  state.offset += result.totalRequests;
  state.loads.push(result);
  return result;
}

export async function runScenario(
  scenario: Scenario,
  ctx: BenchContext,
  app: AppProcess,
  secrets: RunSecrets,
  databaseUrl: string,
  measured: { probe: StatementProbe; authCost: number; bodiesUsed: number },
  options: RunOptions,
  log: (line: string) => void,
): Promise<ScenarioResult> {
  const port = await freePort();
  const bareUrl = `http://${LOOPBACK}:${port}`;
  const comparator = startChild(`comparator ${scenario.comparator}`, [COMPARATOR_SERVER, scenario.comparator], {
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    REDIS_URL: secrets.redisUrl,
    REDIS_PREFIX: secrets.redisPrefix,
    JWT_ACCESS_SECRET: secrets.jwtAccessSecret,
  });
  try {
    await waitForHttp(`${bareUrl}/health`, comparator);
    const appSpec = await scenario.prepare(ctx, 'app');
    const bareSpec = await scenario.prepare(ctx, 'bare');
    const gates: GateResult[] = [];

    // One answer from each, same request, before any load: same bytes, and a real answer rather than an error page.
    const appSample = await sendOnce(app.baseUrl, appSpec, appSpec.bodies?.[measured.bodiesUsed]);
    const bareSample = await sendOnce(bareUrl, bareSpec, bareSpec.bodies?.[0]);
    const appState = { offset: measured.bodiesUsed + 1, loads: [] as LoadResult[] };
    const bareState = { offset: 1, loads: [] as LoadResult[] };
    for (const [side, sample] of [
      ['app', appSample],
      ['comparator', bareSample],
    ] as const) {
      if (!scenario.okStatuses.includes(sample.status)) {
        throw new Error(
          `${scenario.id}: the ${side} answered ${sample.status}: ${sample.body.toString('utf8').slice(0, 500)}`,
        );
      }
    }
    const same = scenario.compareBytes ? appSample.body.equals(bareSample.body) : null;

    // Warm both, then alternate app and comparator twice: a slow spell of the machine (another process, a
    // thermal step) then falls on both sides instead of on whichever happened to run during it.
    log(
      `${scenario.id}: warm-up ${options.warmupSeconds} s each, then app and comparator alternately, 2 × ${options.durationSeconds} s each…`,
    );
    await loadSide(app.baseUrl, appSpec, options, appState, options.warmupSeconds);
    await loadSide(bareUrl, bareSpec, options, bareState, options.warmupSeconds);
    const rssBefore = await app.rss();
    const outputBefore = app.child.output().length;
    const appFirstRun = await loadSide(app.baseUrl, appSpec, options, appState, options.durationSeconds);
    const bareFirstRun = await loadSide(bareUrl, bareSpec, options, bareState, options.durationSeconds);
    const rssAfterFirst = await app.rss();
    const appRun = await loadSide(app.baseUrl, appSpec, options, appState, options.durationSeconds);
    const rssAfterSecond = await app.rss();
    const bare = await loadSide(bareUrl, bareSpec, options, bareState, options.durationSeconds);
    const appLogLines = app.child
      .output()
      .slice(outputBefore)
      .split('\n')
      .filter((line) => line.trim()).length;

    for (const [side, loads] of [
      ['app', appState.loads],
      ['comparator', bareState.loads],
    ] as const) {
      const bad: Record<string, number> = {};
      for (const load of loads) {
        for (const [code, count] of Object.entries(load.statuses))
          if (!scenario.okStatuses.includes(Number(code))) bad[code] = (bad[code] ?? 0) + count;
        if (load.errors + load.timeouts > 0) bad.errors = (bad.errors ?? 0) + load.errors + load.timeouts;
      }
      gates.push({
        name: `${scenario.id} ${side} answers only ${scenario.okStatuses.join('/')}`,
        pass: Object.keys(bad).length === 0,
        detail: JSON.stringify(bad),
      });
    }
    const afterAuth = measured.probe.median - measured.authCost;
    if (scenario.budgetAfterAuth !== undefined) {
      gates.push({
        name: `${scenario.id} SQL after auth ≤ ${scenario.budgetAfterAuth}`,
        pass: afterAuth <= scenario.budgetAfterAuth,
        detail: `${measured.probe.median} per request, ${measured.authCost} of them for auth`,
      });
    }
    const growth = rssAfterSecond !== null && rssAfterFirst !== null ? rssAfterSecond - rssAfterFirst : 0;
    gates.push({
      name: `${scenario.id} RSS growth between identical runs ≤ 50 MB`,
      pass: growth <= RSS_GROWTH_LIMIT_BYTES,
      detail: `${(growth / MB).toFixed(1)} MB`,
    });
    if (scenario.verify) {
      gates.push(
        ...(await scenario.verify(ctx, {
          appLoads: appState.loads,
          bareLoads: bareState.loads,
          probeRequests: measured.probe.requests,
          probeStatuses: measured.probe.statuses,
          sampleStatus: appSample.status,
          connections: options.connections,
        })),
      );
    }
    return {
      id: scenario.id,
      title: scenario.title,
      app: appRun,
      appFirstRun,
      bare,
      bareFirstRun,
      ratio: pairedRatio([appFirstRun, appRun], [bareFirstRun, bare]),
      target: scenario.target,
      sql: {
        perRequest: measured.probe.median,
        afterAuth,
        authCost: measured.authCost,
        budgetAfterAuth: scenario.budgetAfterAuth,
        probe: measured.probe,
      },
      rss: { before: rssBefore, afterFirstRun: rssAfterFirst, afterSecondRun: rssAfterSecond },
      bytes: {
        compared: scenario.compareBytes,
        same,
        app: appSample.body.length,
        bare: bareSample.body.length,
        firstDifference: same === false ? firstDifference(appSample.body, bareSample.body) : undefined,
      },
      appLogLines,
      gates,
    };
  } finally {
    await comparator.stop();
    await scenario.cleanup?.(ctx);
  }
}
