import type { LoadSpec } from '../scenarios/types.js';
import type { StatementCounter } from './pg-statement-counter.js';

/** What N sequential requests cost in SQL, counted on the wire (one request at a time, so nothing is shared). */
export interface StatementProbe {
  requests: number;
  /** Median statements per request (transaction control excluded); the gate uses it, so a stray background query cannot flip it. */
  median: number;
  max: number;
  mean: number;
  /** BEGIN/COMMIT/SAVEPOINT/SET per request, on average. */
  controlMean: number;
  statuses: Record<string, number>;
  /** The SQL of the last request, for reading what the route does. */
  sampleSql: string[];
}

export interface Sample {
  status: number;
  body: Buffer;
}

export async function sendOnce(baseUrl: string, spec: LoadSpec, body?: string): Promise<Sample> {
  const response = await fetch(`${baseUrl}${spec.path}`, {
    method: spec.method ?? 'GET',
    headers: spec.headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Runs `count` requests one after another and counts the statements each one sent. Bodies are taken from `bodyOffset`. */
export async function probeStatements(
  baseUrl: string,
  counter: StatementCounter,
  spec: LoadSpec,
  count: number,
  bodyOffset = 0,
): Promise<StatementProbe> {
  const perRequest: number[] = [];
  const control: number[] = [];
  const statuses: Record<string, number> = {};
  let sampleSql: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const body = spec.bodies ? spec.bodies[(bodyOffset + i) % spec.bodies.length] : undefined;
    const before = counter.counts();
    if (i === count - 1) counter.startRecording();
    const sample = await sendOnce(baseUrl, spec, body);
    // Statements issued after the answer was sent (a deferred write) belong to this request too.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const after = counter.counts();
    if (i === count - 1) sampleSql = counter.takeRecorded();
    perRequest.push(after.statements - before.statements);
    control.push(after.control - before.control);
    statuses[sample.status] = (statuses[sample.status] ?? 0) + 1;
  }
  const mean = perRequest.reduce((sum, n) => sum + n, 0) / Math.max(1, perRequest.length);
  return {
    requests: count,
    median: median(perRequest),
    max: Math.max(0, ...perRequest),
    mean,
    controlMean: control.reduce((sum, n) => sum + n, 0) / Math.max(1, control.length),
    statuses,
    sampleSql,
  };
}
