import { ConnectionException } from '@mikro-orm/core';

/**
 * The one place that decides whether an error means "a store we depend on is unreachable" (PostgreSQL or
 * Redis down, restarting, out of connections or too slow) rather than "this request is wrong" or "our code is
 * wrong". Such errors answer 503 with Retry-After on both doors: never 401 (a mobile app would sign its user
 * out) and never a 500 (nothing is broken in the code, it is worth retrying).
 */

/** Socket-level failures, as Node, pg and ioredis report them in `code`. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_SOCKET_CLOSED',
]);

/**
 * PostgreSQL SQLSTATE classes: 08 connection exception, 53 insufficient resources (too many connections, out
 * of memory, disk full), 57P operator intervention (admin shutdown, crash shutdown, cannot connect now).
 */
const SQLSTATE_UNAVAILABLE = /^(08[0-9A-Z]{3}|53[0-9A-Z]{3}|57P[0-9A-Z]{2})$/;

/** Errors that carry no code: the pg driver and pool, and ioredis, report these with plain messages. */
const UNAVAILABLE_MESSAGES: RegExp[] = [
  // pg
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^Cannot use a pool after calling end on the pool/,
  // ioredis
  /^Connection is closed\.?$/,
  /^Stream isn't writeable and enableOfflineQueue options is false/,
  /^Command timed out$/,
  /^Reached the max retries per request limit/,
  /^connect ETIMEDOUT$/,
  /^Socket timeout\. Expecting data/,
];

const UNAVAILABLE_NAMES = new Set(['ConnectionException', 'MaxRetriesPerRequestError', 'ConnectionTimeoutError']);

/** How long a client should wait before retrying an answer caused by an infrastructure error. */
export const INFRASTRUCTURE_RETRY_AFTER_SECONDS = 5;

export function isInfrastructureError(error: unknown): boolean {
  return check(error, 0);
}

function check(error: unknown, depth: number): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  if (error instanceof ConnectionException) return true;
  const { name, code, sqlState, message, cause, errors } = error as {
    name?: unknown;
    code?: unknown;
    sqlState?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
  for (const value of [code, sqlState]) {
    if (typeof value === 'string' && (NETWORK_CODES.has(value) || SQLSTATE_UNAVAILABLE.test(value))) return true;
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  // Wrapped errors (Error.cause) and Node's AggregateError for a host with several addresses.
  if (cause !== undefined && check(cause, depth + 1)) return true;
  return Array.isArray(errors) && errors.some((inner) => check(inner, depth + 1));
}
