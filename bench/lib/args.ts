import type { ScaleName } from '../dataset/scales.js';

export interface BenchArgs {
  scale: ScaleName;
  /** Seconds of each measured load (after its warm-up). */
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  scenarios?: string[];
  /** Sequential requests per scenario on the statement-counting app. */
  probeRequests: number;
}

const USAGE =
  'usage: npm run bench -- [--scale full|small] [--duration N] [--warmup N] [--connections N] [--scenarios S1,S2,...]';

/** `--name value` and `--name=value`; anything unknown is an error rather than a silently ignored typo. */
export function parseArgs(argv: string[]): BenchArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"\n${USAGE}`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value\n${USAGE}`);
    values.set(name, value);
  }
  const known = new Set(['scale', 'duration', 'warmup', 'connections', 'scenarios', 'probe']);
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
    scale,
    durationSeconds,
    warmupSeconds: number('warmup', Math.min(3, Math.max(1, Math.round(durationSeconds / 3))), 60),
    connections: number('connections', 32, 512),
    scenarios: values.get('scenarios')?.split(',').filter(Boolean),
    probeRequests: number('probe', 20, 1000),
  };
}
