/** A queue read or write from a request gives up after this long: the request answers 503, never hangs. */
export const QUEUE_CALL_TIMEOUT_MS = 3_000;

/**
 * What a queue call that did not answer in time rejects with. Its code is ETIMEDOUT on purpose: the
 * infrastructure-error classifier (common/errors) maps it to 503 with Retry-After on both doors, like any other
 * store that cannot be reached.
 */
export class QueueCallTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';

  constructor(what: string, ms: number) {
    super(`Redis did not answer ${what} within ${ms} ms`);
    this.name = 'QueueCallTimeoutError';
  }
}

/**
 * Bounds a BullMQ call made for a request. BullMQ's connections keep maxRetriesPerRequest null and an offline
 * queue (its blocking commands must survive a reconnect), so while Redis is down its calls wait for the reconnect
 * instead of failing. The call itself is not cancelled; its late outcome is swallowed here, so a timed-out read
 * never surfaces as an unhandled rejection.
 */
export function withQueueTimeout<T>(work: Promise<T>, what: string, ms = QUEUE_CALL_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => undefined);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueCallTimeoutError(what, ms)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
