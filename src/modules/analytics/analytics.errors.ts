import { DomainError, type DomainErrorKind } from '../../common/errors/domain-error.js';

export enum AnalyticsErrorCode {
  InvalidRange = 'invalid_range',
  UnknownTable = 'unknown_table',
}

const KIND: Record<AnalyticsErrorCode, DomainErrorKind> = {
  [AnalyticsErrorCode.InvalidRange]: 'invalid',
  [AnalyticsErrorCode.UnknownTable]: 'not_found',
};

export class AnalyticsError extends DomainError {
  constructor(code: AnalyticsErrorCode, message: string, details: DomainError['details'] = {}) {
    super(code, KIND[code], message, details);
  }
}
