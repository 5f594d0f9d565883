export type CheckState = 'ok' | 'down';

/**
 * The worker as the web process sees it, from the heartbeats in Redis: `ok` when one beat within 30 s, `stale`
 * when none did (lastSeenSeconds says how long ago the last one was, null if none was ever seen), `unknown` when
 * Redis could not be read.
 */
export interface WorkerReport {
  status: 'ok' | 'stale' | 'unknown';
  lastSeenSeconds: number | null;
  /** Workers that beat within the last 30 s. */
  live: number;
}

/**
 * The outbox relay's backlog: `lagging` when the oldest row still waiting is over a minute old (the relay runs
 * every second while a worker is up), `unknown` when PostgreSQL could not be read.
 */
export interface OutboxReport {
  status: 'ok' | 'lagging' | 'unknown';
  /** Rows not yet moved to BullMQ, counted up to 10,000; null when unknown. */
  pending: number | null;
  oldestPendingSeconds: number | null;
}

export interface Readiness {
  status: CheckState;
  checks: { database: CheckState; redis: CheckState };
  worker: WorkerReport;
  outbox: OutboxReport;
}
