import type pg from 'pg';
import type { Dataset } from '../dataset/load.js';
import type { Scale } from '../dataset/scales.js';
import type { LoadResult } from '../load/load-types.js';

/**
 * A scenario is one file: the request it loads the app with, the bare comparator (a file under comparators/)
 * that answers the same request directly, its targets and budgets, and optional checks after the runs.
 * Add one by writing bench/scenarios/<name>.ts and listing it in bench/scenarios/index.ts.
 */
export type Side = 'app' | 'bare';

export interface BenchContext {
  scale: Scale;
  dataset: Dataset;
  /** The bench's own connection to the bench database (setup, checks and cleanup; never timed). */
  db: pg.Pool;
  /** The busy studio (trainer 1). */
  studio: { userId: string; trainerId: string };
  /** Cookie header of a signed-in browser session of the studio, and its API Authorization header. */
  auth: { cookie: string; bearer: string };
}

export interface LoadSpec {
  path: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  /** POST bodies, one per request, cycled; rotated between runs so a second run does not replay the first. */
  bodies?: string[];
}

export interface GateResult {
  name: string;
  pass: boolean;
  detail: string;
}

export interface ScenarioEvidence {
  /** Every load the app took in this scenario (warm-ups included). */
  appLoads: LoadResult[];
  bareLoads: LoadResult[];
  /** The statement probe: its first `probeRequests` bodies, sent one at a time, and the statuses they got. */
  probeRequests: number;
  probeStatuses: Record<string, number>;
  /** The one sample request sent to the app before its loads. */
  sampleStatus: number;
  /** Connections per load: at most this many requests per load are in flight (uncounted) when it stops. */
  connections: number;
}

export interface Scenario {
  id: string;
  title: string;
  /** File name (without .js) under bench/comparators/. */
  comparator: string;
  /** Whose sign-in cost is subtracted for "SQL after auth": the browser session or the bearer token. */
  door: 'web' | 'api';
  /** Hard gate: SQL statements per request after auth, counted on the wire. Omitted: reported only. */
  budgetAfterAuth?: number;
  /** The app and the comparator must answer the same bytes (reported; the request's dynamic parts aside). */
  compareBytes: boolean;
  /** Speed targets, app req/s ÷ comparator req/s: printed as pass/fail marks, never a hard gate. */
  target: { minimum: number; stretch?: number };
  /** Statuses a correct answer may have; anything else fails the scenario. */
  okStatuses: number[];
  /** Builds the request (once per side). */
  prepare(ctx: BenchContext, side: Side): Promise<LoadSpec>;
  /** Hard gates that need the database after the runs (e.g. no overlapping bookings). */
  verify?(ctx: BenchContext, evidence: ScenarioEvidence): Promise<GateResult[]>;
  /** Puts the dataset back as it was (rows a write scenario added). */
  cleanup?(ctx: BenchContext): Promise<void>;
}
