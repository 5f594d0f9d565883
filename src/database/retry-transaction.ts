import { DeadlockException, DriverException } from '@mikro-orm/postgresql';

/** SQLSTATEs PostgreSQL uses when it aborted a transaction only because another one got in the way. */
const TRANSIENT_STATES: ReadonlySet<string> = new Set(['40001', '40P01']);

/** A serialization failure (40001) or a deadlock (40P01): the same work may well succeed if run again. */
export function isTransientConflict(error: unknown): boolean {
  if (error instanceof DeadlockException) return true;
  return error instanceof DriverException && typeof error.code === 'string' && TRANSIENT_STATES.has(error.code);
}

/**
 * Runs a unit of work and, when PostgreSQL aborted it as a deadlock victim or a serialization failure, runs it
 * once more: by then the other transaction has committed or rolled back, so the retry sees its outcome (and
 * usually ends in the caller's ordinary 409 or success). `work` must start from a clean slate each time (read,
 * decide, write in one transaction); `beforeRetry` is the place to clear an identity map holding stale rows.
 * A second failure is rethrown for the error mapping (database-errors.ts answers it as a 409 "try again").
 */
export async function retryTransientConflict<T>(
  work: () => Promise<T>,
  beforeRetry?: () => void | Promise<void>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isTransientConflict(error)) throw error;
    // A short random pause so the two victims of one deadlock do not collide again in lockstep.
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(Math.random() * 20)));
    await beforeRetry?.();
    return work();
  }
}
