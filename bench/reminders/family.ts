import { randomBytes } from 'node:crypto';
import { SCALES } from '../dataset/scales.js';
import type { BenchArgs } from '../lib/args.js';
import { DEFAULT_ADMIN_URL, DEFAULT_REDIS_URL } from '../lib/urls.js';
import { formatGates } from '../report.js';
import { appendRemindersResults, formatRemindersTable, writeRemindersLatest } from './report.js';
import { runReminders } from './run-reminders.js';

/**
 * `npm run bench -- reminders [--scale full|small] [--bookings N]`: runs the family, prints its table, gates and
 * marks, writes them under `reminders` in bench/results/latest.json and a dated line in bench/RESULTS.md.
 * Answers the exit code: 1 when a correctness gate failed. `--duration` does not apply: the family's work is a
 * fixed amount (the bookings planned, the reminders sent), timed.
 */
export async function runRemindersFamily(args: BenchArgs, log: (line: string) => void): Promise<number> {
  const startedAt = new Date().toISOString();
  log(`\nreminders family (${args.scale})…`);
  const result = await runReminders({
    adminUrl: process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL,
    scale: SCALES[args.scale],
    bookings: args.bookings,
    secrets: {
      sessionSecret: randomBytes(32).toString('hex'),
      jwtAccessSecret: randomBytes(32).toString('hex'),
      jwtRefreshSecret: randomBytes(32).toString('hex'),
      redisPrefix: `th-bench-reminders-${randomBytes(4).toString('hex')}`,
      // Unused: the family runs on a redis-server of its own (bench/lib/private-redis.ts).
      redisUrl: process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
    },
    log,
  });
  console.log(`\n${formatRemindersTable(result)}`);
  console.log('\nHard gates:');
  console.log(formatGates(result.gates));
  console.log('\nTargets (marks only):');
  console.log(formatGates(result.marks));
  const file = writeRemindersLatest(startedAt, result);
  appendRemindersResults(startedAt, result);
  console.log(
    `\nReminders family: ${result.seconds.toFixed(0)} s. Wrote ${file} (reminders) and appended to bench/RESULTS.md`,
  );
  const failed = result.gates.filter((gate) => !gate.pass);
  if (failed.length > 0)
    console.error(`\n${failed.length} hard gate(s) failed: ${failed.map((gate) => gate.name).join('; ')}`);
  return failed.length > 0 ? 1 : 0;
}
