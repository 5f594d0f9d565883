import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIR, RESULTS_MD } from '../report.js';
import { type EnqueueSide, REMINDER_TARGETS, type RemindersResult } from './run-reminders.js';

const num = (value: number, digits = 0) =>
  value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mark = (pass: boolean) => (pass ? 'pass' : 'FAIL');

function side(label: string, result: EnqueueSide): string {
  return `| ${label} | ${num(result.jobs.total)} | ${num(result.seconds, 2)} | ${num(result.perSecond)} | ${num(result.memory.perJob)} | ${num(result.memory.keyBytesPerJob)} (job hash ${num(result.memory.jobHashBytesPerJob)}) |`;
}

/** The family's table: both enqueue sides, then the delivery figures. */
export function formatRemindersTable(result: RemindersResult): string {
  const { delivery } = result;
  return [
    `Reminders · ${num(result.bookings)} future bookings · ${num(result.relay.jobs.reminders)} reminders + ${num(result.relay.jobs.notices)} notices planned`,
    '',
    '| Enqueue | Jobs | Seconds | Jobs/s | Redis B/job (INFO) | Redis B/job (MEMORY USAGE) |',
    '|---|---:|---:|---:|---:|---:|',
    side('app relay (outbox → BullMQ)', result.relay),
    side('raw BullMQ addBulk', result.addBulk),
    `| ratio | | | ${result.ratio.toFixed(2)}× (≥ ${REMINDER_TARGETS.enqueueRatio}× ${mark(result.ratio >= REMINDER_TARGETS.enqueueRatio)}) | | |`,
    '',
    '| Delivery (worker process, no-op transport) | Jobs | Result |',
    '|---|---:|---|',
    `| backlog, all due at once | ${num(delivery.burst.jobs)} | ${num(delivery.burst.perSecond)}/s over ${num(delivery.burst.seconds, 2)} s (≥ ${num(REMINDER_TARGETS.deliveryPerSecond)}/s ${mark(delivery.burst.perSecond >= REMINDER_TARGETS.deliveryPerSecond)}) |`,
    `| steady, ${num(delivery.paced.dueRate)} due/s | ${num(delivery.paced.jobs)} | lateness p50 ${num(delivery.paced.latenessP50)} ms, p99 ${num(delivery.paced.latenessP99)} ms, max ${num(delivery.paced.latenessMax)} ms (p99 ≤ ${REMINDER_TARGETS.latenessP99Ms} ms ${mark(delivery.paced.latenessP99 <= REMINDER_TARGETS.latenessP99Ms)}) |`,
  ].join('\n');
}

/**
 * Puts the family's figures under `reminders` in bench/results/latest.json, keeping what the HTTP scenarios of
 * this or an earlier run wrote there (a `npm run bench -- reminders` run measures only this family).
 */
export function writeRemindersLatest(startedAt: string, result: RemindersResult): string {
  if (!existsSync(RESULTS_DIR)) mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, 'latest.json');
  let latest: Record<string, unknown> = {};
  try {
    latest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // First run, or an unreadable file: start afresh.
  }
  latest.reminders = { startedAt, ...result };
  writeFileSync(file, `${JSON.stringify(latest, null, 2)}\n`);
  return file;
}

/** One dated line in bench/RESULTS.md, like the HTTP scenarios' lines. */
export function appendRemindersResults(startedAt: string, result: RemindersResult): void {
  if (!existsSync(RESULTS_MD)) writeFileSync(RESULTS_MD, '# Benchmark results\n\n## Run log\n\n');
  const stamp = startedAt.slice(0, 16).replace('T', ' ');
  const failed = result.gates.filter((gate) => !gate.pass).map((gate) => gate.name);
  const { delivery } = result;
  appendFileSync(
    RESULTS_MD,
    `- ${stamp} UTC · ${result.scale} · reminders (${num(result.bookings)} bookings, ${num(result.relay.jobs.total)} jobs): relay ${num(result.relay.perSecond)} jobs/s vs addBulk ${num(result.addBulk.perSecond)} jobs/s → ${result.ratio.toFixed(2)}× (min ${REMINDER_TARGETS.enqueueRatio}×); Redis ${num(result.relay.memory.perJob)} B/job (INFO), ${num(result.relay.memory.keyBytesPerJob)} B/job (MEMORY USAGE); delivery ${num(delivery.burst.perSecond)}/s, lateness at ${num(delivery.paced.dueRate)} due/s p50 ${num(delivery.paced.latenessP50)} ms, p99 ${num(delivery.paced.latenessP99)} ms; gates ${failed.length ? `FAILED: ${failed.join(', ')}` : 'pass'}\n`,
  );
}
