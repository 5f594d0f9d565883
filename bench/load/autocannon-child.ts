import { readFileSync } from 'node:fs';
// autocannon ships no types; the shape used here is described by LoadResult below.
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore
import autocannon from 'autocannon';
import type { LoadRequest, LoadResult } from './load-types.js';

/**
 * The load generator in a process of its own, so it never shares an event loop (or a core's timing) with the
 * bench's own bookkeeping. Reads one LoadRequest (JSON file named by argv[2]), runs autocannon for its
 * duration, prints one LoadResult line as JSON on stdout.
 */
const request = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as LoadRequest;

let next = 0;
const bodies = request.bodies;
const options: Record<string, unknown> = {
  url: request.url,
  method: request.method ?? 'GET',
  headers: request.headers ?? {},
  connections: request.connections,
  duration: request.durationSeconds,
  pipelining: 1,
  timeout: 10,
};
if (bodies && bodies.length > 0) {
  // Each request takes the next prepared body, round robin: the same sequence for the app and its comparator.
  options.requests = [
    {
      method: request.method ?? 'POST',
      setupRequest: (raw: Record<string, unknown>) => ({ ...raw, body: bodies[next++ % bodies.length] }),
    },
  ];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- autocannon's untyped result object
const run = autocannon(options, (error: Error | null, result: Record<string, any>) => {
  if (error) {
    console.error(error);
    process.exit(1);
  }
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries((result.statusCodeStats ?? {}) as Record<string, { count: number }>))
    statuses[code] = Number(stat.count);
  const summary: LoadResult = {
    requestsPerSecond: result.requests.average,
    totalRequests: result.requests.total,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    latencyAverage: result.latency.average,
    bytesPerSecond: result.throughput.average,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses,
    durationSeconds: result.duration,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
});
// No progress bar or table: the parent prints its own.
void run;
