import { DomainError, type DomainErrorKind } from '../../common/errors/domain-error.js';

/** Errors of the credit ledger: consuming, refunding and adjusting credits. */
export enum CreditErrorCode {
  PackageNotFound = 'package_not_found',
  PackageExpired = 'package_expired',
  NoCreditLeft = 'no_credit_left',
  AlreadyConsumed = 'credit_already_consumed',
}

const KIND: Record<CreditErrorCode, DomainErrorKind> = {
  [CreditErrorCode.PackageNotFound]: 'not_found',
  [CreditErrorCode.PackageExpired]: 'invalid',
  [CreditErrorCode.NoCreditLeft]: 'conflict',
  [CreditErrorCode.AlreadyConsumed]: 'conflict',
};

export class CreditError extends DomainError {
  constructor(code: CreditErrorCode, message: string, details: DomainError['details'] = {}) {
    super(code, KIND[code], message, details);
  }
}
