import { DomainError, type DomainErrorKind } from '../../common/errors/domain-error.js';

export enum AvailabilityErrorCode {
  InvalidHours = 'invalid_hours',
  InvalidDaysOff = 'invalid_days_off',
  InvalidSlotQuery = 'invalid_slot_query',
  DayOffNotFound = 'day_off_not_found',
}

const KIND: Record<AvailabilityErrorCode, DomainErrorKind> = {
  [AvailabilityErrorCode.InvalidHours]: 'invalid',
  [AvailabilityErrorCode.InvalidDaysOff]: 'invalid',
  [AvailabilityErrorCode.InvalidSlotQuery]: 'invalid',
  [AvailabilityErrorCode.DayOffNotFound]: 'not_found',
};

export class AvailabilityError extends DomainError {
  constructor(code: AvailabilityErrorCode, message: string, details: DomainError['details'] = {}) {
    super(code, KIND[code], message, details);
  }
}
