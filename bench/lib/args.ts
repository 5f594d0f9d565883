import type { ScaleName } from '../dataset/scales.js';

/** `http`: the request scenarios against bare comparators; `reminders`: the worker's enqueue and delivery. */
export type BenchFamily = 'http' | 'reminders';
export const BENCH_FAMILIES: readonly BenchFamily[] = ['http', 'reminders'];

export interface BenchArgs {
  /** Named on the command line (`npm run bench -- reminders`); none named: every family (`--scenarios`: http). */
  families: BenchFamily[];
  scale: ScaleName;
  /** Seconds of each measured load (after its warm-up). */
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  scenarios?: string[];
  /** Sequential requests per scenario on the statement-counting app. */
  probeRequests: number;
  /** Reminders family: future bookings to plan instead of the scale's count. */
  bookings?: number;
}

const USAGE =
  'usage: npm run bench -- [http] [reminders] [--scale full|small] [--duration N] [--warmup N] [--connections N] [--scenarios S1,S2,...] [--bookings N]';

/** `--name value` and `--name=value`; anything unknown is an error rather than a silently ignored typo. */
export function parseArgs(argv: string[]): BenchArgs {
  const values = new Map<string, string>();
  const families: BenchFamily[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (BENCH_FAMILIES.includes(arg as BenchFamily)) {
      families.push(arg as BenchFamily);
      continue;
    }
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"\n${USAGE}`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value\n${USAGE}`);
    values.set(name, value);
  }
  const known = new Set(['scale', 'duration', 'warmup', 'connections', 'scenarios', 'probe', 'bookings']);
  for (const name of values.keys()) if (!known.has(name)) throw new Error(`unknown option --${name}\n${USAGE}`);
  const scale = values.get('scale') ?? 'small';
  if (scale !== 'full' && scale !== 'small') throw new Error(`--scale must be full or small\n${USAGE}`);
  const number = (name: string, fallback: number, max: number) => {
    const raw = values.get(name);
    const parsed = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > max)
      throw new Error(`--${name} must be a whole number from 1 to ${max}`);
    return parsed;
  };
  const durationSeconds = number('duration', 10, 600);
  return {
    families: families.length > 0 ? [...new Set(families)] : values.has('scenarios') ? ['http'] : [...BENCH_FAMILIES],
    scale,
    durationSeconds,
    warmupSeconds: number('warmup', Math.min(3, Math.max(1, Math.round(durationSeconds / 3))), 60),
    connections: number('connections', 32, 512),
    scenarios: values.get('scenarios')?.split(',').filter(Boolean),
    probeRequests: number('probe', 20, 1000),
    bookings: values.has('bookings') ? number('bookings', 0, 1_000_000) : undefined,
  };
}
