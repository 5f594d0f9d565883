import {
  CheckConstraintViolationException,
  ConstraintViolationException,
  DeadlockException,
  DriverException,
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  UniqueConstraintViolationException,
} from '@mikro-orm/postgresql';
import type { ErrorResponse } from './error-response.js';

const EXCLUSION_VIOLATION = '23P01';
const TRANSIENT_STATES: ReadonlySet<string> = new Set(['40001', '40P01']);

/**
 * The last resort for a constraint or concurrency error that a service did not turn into its own DomainError:
 * a lost race is the caller's 404/409 (or 422), never a 500. Services map the races they know about with
 * friendlier words; anything reaching this is logged (`expected: false`) so the gap can be closed there.
 * Returns null for every other error, which the caller maps as before.
 */
export function databaseErrorResponse(error: unknown): ErrorResponse | null {
  if (!(error instanceof DriverException)) return null;
  const base = { expected: false } as const;
  if (error instanceof DeadlockException || (typeof error.code === 'string' && TRANSIENT_STATES.has(error.code))) {
    return {
      ...base,
      status: 409,
      code: 'try_again',
      message: 'Another change got in the way of this one. Please try again.',
    };
  }
  if (error instanceof UniqueConstraintViolationException) {
    return {
      ...base,
      status: 409,
      code: 'already_exists',
      message: 'That already exists, perhaps from another request a moment ago.',
    };
  }
  if (error instanceof ForeignKeyConstraintViolationException) {
    // PostgreSQL words the two directions differently: a delete of a row still in use, or a write naming a row
    // that is gone (say, a client deleted while being booked).
    return /still referenced|update or delete on/i.test(error.message)
      ? {
          ...base,
          status: 409,
          code: 'still_in_use',
          message: 'Other records still refer to this, so it can’t be removed.',
        }
      : {
          ...base,
          status: 404,
          code: 'related_not_found',
          message: 'Something this refers to no longer exists. Reload and try again.',
        };
  }
  if (error instanceof CheckConstraintViolationException) {
    return {
      ...base,
      status: 409,
      code: 'rule_conflict',
      message: 'That no longer fits the current state (perhaps another change just happened). Reload and try again.',
    };
  }
  if (error instanceof NotNullConstraintViolationException) {
    return { ...base, status: 422, code: 'missing_value', message: 'A required value is missing.' };
  }
  if (error.code === EXCLUSION_VIOLATION) {
    return { ...base, status: 409, code: 'conflict', message: 'That clashes with something that already exists.' };
  }
  if (error instanceof ConstraintViolationException) {
    return {
      ...base,
      status: 409,
      code: 'conflict',
      message: 'That conflicts with the current state. Reload and try again.',
    };
  }
  return null;
}
