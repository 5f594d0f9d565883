import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/common/paths.js';
import type { ScenarioResult } from './runner.js';
import type { GateResult } from './scenarios/types.js';

export const RESULTS_DIR = join(PROJECT_ROOT, 'bench', 'results');
export const RESULTS_MD = join(PROJECT_ROOT, 'bench', 'RESULTS.md');

export interface RunMeta {
  startedAt: string;
  scale: string;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  node: string;
  cpus: number;
  dataset: { reused: boolean; loadSeconds: number; counts: Record<string, number> };
  rssAtBoot: number | null;
  rssAtEnd: number | null;
}

const MB = 1024 * 1024;
const mb = (bytes: number | null) => (bytes === null ? '—' : `${Math.round(bytes / MB)}`);
const num = (value: number, digits = 0) =>
  value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function mark(pass: boolean): string {
  return pass ? 'pass' : 'FAIL';
}

function targetCell(result: ScenarioResult): string {
  const minimum = `≥ ${result.target.minimum.toFixed(2)}× ${mark(result.ratio >= result.target.minimum)}`;
  return result.target.stretch
    ? `${minimum}; stretch ${result.target.stretch.toFixed(2)}× ${mark(result.ratio >= result.target.stretch)}`
    : minimum;
}

/** Gates and speed marks that span scenarios: the deep page must keep up with the first page. */
export function crossScenarioMarks(results: ScenarioResult[]): GateResult[] {
  const first = results.find((result) => result.id === 'S2');
  const deep = results.find((result) => result.id === 'S2-deep');
  if (!first || !deep) return [];
  const ratio = deep.app.requestsPerSecond / Math.max(1, first.app.requestsPerSecond);
  return [
    { name: 'S2 deep page ≥ 0.90× first page (speed target)', pass: ratio >= 0.9, detail: `${ratio.toFixed(2)}×` },
  ];
}

export function formatTable(results: ScenarioResult[]): string {
  const header =
    '| Scenario | App req/s | App p50 / p99 ms | Bare req/s | Bare p50 / p99 ms | Ratio | Target | SQL/req (after auth) | App RSS MB before → after | Same bytes |';
  const rule = '|---|---:|---:|---:|---:|---:|---|---:|---:|---|';
  const rows = results.map((r) => {
    const sql = `${r.sql.perRequest} (${r.sql.afterAuth}${r.sql.budgetAfterAuth !== undefined ? `, budget ${r.sql.budgetAfterAuth}` : ''})`;
    const bytes = r.bytes.compared
      ? r.bytes.same
        ? `yes (${num(r.bytes.app)} B)`
        : `no: ${num(r.bytes.app)} vs ${num(r.bytes.bare)} B`
      : 'n/a';
    return `| ${r.id} ${r.title} | ${num(r.app.requestsPerSecond)} | ${r.app.latencyP50} / ${r.app.latencyP99} | ${num(r.bare.requestsPerSecond)} | ${r.bare.latencyP50} / ${r.bare.latencyP99} | ${r.ratio.toFixed(2)}× | ${targetCell(r)} | ${sql} | ${mb(r.rss.before)} → ${mb(r.rss.afterSecondRun)} | ${bytes} |`;
  });
  return [header, rule, ...rows].join('\n');
}

export function formatGates(gates: GateResult[]): string {
  return gates.map((gate) => `  [${mark(gate.pass)}] ${gate.name}: ${gate.detail}`).join('\n');
}

export function writeLatest(
  meta: RunMeta,
  results: ScenarioResult[],
  gates: GateResult[],
  speed: GateResult[],
): string {
  if (!existsSync(RESULTS_DIR)) mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, 'latest.json');
  writeFileSync(file, `${JSON.stringify({ meta, results, gates, speed }, null, 2)}\n`);
  return file;
}

/** One dated line per scenario at the end of bench/RESULTS.md: the history of every run. */
export function appendResults(meta: RunMeta, results: ScenarioResult[]): void {
  if (!existsSync(RESULTS_MD)) writeFileSync(RESULTS_MD, '# Benchmark results\n\n## Run log\n\n');
  const stamp = meta.startedAt.slice(0, 16).replace('T', ' ');
  const lines = results.map((r) => {
    const failed = r.gates.filter((gate) => !gate.pass).map((gate) => gate.name);
    return `- ${stamp} UTC · ${meta.scale} · ${meta.durationSeconds} s · ${r.id}: app ${num(r.app.requestsPerSecond)} req/s (p50 ${r.app.latencyP50} ms, p99 ${r.app.latencyP99} ms) vs bare ${num(r.bare.requestsPerSecond)} req/s → ${r.ratio.toFixed(2)}× (min ${r.target.minimum}×); SQL/req ${r.sql.perRequest} (${r.sql.afterAuth} after auth); RSS ${mb(r.rss.before)} → ${mb(r.rss.afterSecondRun)} MB; gates ${failed.length ? `FAILED: ${failed.join(', ')}` : 'pass'}`;
  });
  appendFileSync(RESULTS_MD, `${lines.join('\n')}\n`);
}
