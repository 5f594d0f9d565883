import { DomainError, type DomainErrorKind } from '../../common/errors/domain-error.js';

export enum BookingErrorCode {
  NotFound = 'booking_not_found',
  ClientNotFound = 'client_not_found',
  Overlap = 'booking_overlap',
  InvalidTransition = 'invalid_transition',
  /** Completed and no-show record what happened, so they wait until the session has started. */
  SessionNotStarted = 'session_not_started',
  InvalidTime = 'invalid_time',
  OutsideWorkingHours = 'outside_working_hours',
  InvalidInput = 'invalid_booking',
  NoCredit = 'no_credit_left',
  /** Lost two races in a row to other changes of the same session; retrying is safe. */
  ChangedConcurrently = 'booking_changed_concurrently',
}

const KIND: Record<BookingErrorCode, DomainErrorKind> = {
  [BookingErrorCode.NotFound]: 'not_found',
  [BookingErrorCode.ClientNotFound]: 'not_found',
  [BookingErrorCode.Overlap]: 'conflict',
  [BookingErrorCode.InvalidTransition]: 'conflict',
  [BookingErrorCode.SessionNotStarted]: 'conflict',
  [BookingErrorCode.InvalidTime]: 'invalid',
  [BookingErrorCode.OutsideWorkingHours]: 'invalid',
  [BookingErrorCode.InvalidInput]: 'invalid',
  [BookingErrorCode.NoCredit]: 'conflict',
  [BookingErrorCode.ChangedConcurrently]: 'conflict',
};

export class BookingError extends DomainError {
  constructor(code: BookingErrorCode, message: string, details: DomainError['details'] = {}) {
    super(code, KIND[code], message, details);
  }
}
