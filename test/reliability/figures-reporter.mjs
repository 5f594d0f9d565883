// A Jest reporter: after the run, sums the reliability figures the checks wrote and prints one table.
// Plain ESM JavaScript because Jest loads reporters outside its transform pipeline.
import { existsSync, readFileSync } from 'node:fs';

const LABELS = {
  requestsTried: 'requests tried',
  serverErrors: '5xx seen',
  nonProblemErrors: 'non-problem+json errors',
  crossTenantLeaks: 'cross-tenant leaks',
  csrfAccepted: 'CSRF accepted',
  invariantViolations: 'invariant violations',
  faultsInjected: 'faults injected',
  faultsNotSurvived: 'faults not survived',
  attacksAccepted: 'attacks accepted',
};
const TRY_COUNTS = new Set(['requestsTried', 'faultsInjected']);

export default class FiguresReporter {
  #failure = undefined;

  /** Jest fails the run when a reporter reports an error, so a non-zero figure can never pass quietly. */
  getLastError() {
    return this.#failure;
  }

  onRunComplete() {
    const file = process.env.TRAINERHUB_RELIABILITY_FIGURES;
    if (!file || !existsSync(file)) return;
    const totals = Object.fromEntries(Object.keys(LABELS).map((key) => [key, 0]));
    const checks = new Set();
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const entry = JSON.parse(line);
      checks.add(entry.check);
      for (const key of Object.keys(LABELS)) totals[key] += Number(entry[key] ?? 0);
    }
    if (checks.size === 0) return;
    const width = Math.max(...Object.values(LABELS).map((label) => label.length));
    const rows = Object.entries(LABELS).map(([key, label]) => {
      const verdict = TRY_COUNTS.has(key) ? '' : totals[key] === 0 ? '  ok' : '  FAIL';
      return `  ${label.padEnd(width)}  ${String(totals[key]).padStart(8)}${verdict}`;
    });
    const failed = Object.keys(LABELS).some((key) => !TRY_COUNTS.has(key) && totals[key] !== 0);
    if (failed) this.#failure = new Error('Reliability figures are not all zero');
    process.stdout.write(
      `\nReliability figures (${checks.size} checks)\n${rows.join('\n')}\n` +
        `  ${failed ? 'FAILED: every figure except the tries must be 0' : 'passed: every figure except the tries is 0'}\n\n`,
    );
  }
}
