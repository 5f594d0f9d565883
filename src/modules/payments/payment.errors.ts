import { DomainError, type DomainErrorKind } from '../../common/errors/domain-error.js';

export enum PaymentErrorCode {
  ClientNotFound = 'client_not_found',
  PurchaseNotFound = 'purchase_not_found',
  BookingNotFound = 'booking_not_found',
  Invalid = 'invalid_payment',
}

const KIND: Record<PaymentErrorCode, DomainErrorKind> = {
  [PaymentErrorCode.ClientNotFound]: 'not_found',
  [PaymentErrorCode.PurchaseNotFound]: 'not_found',
  [PaymentErrorCode.BookingNotFound]: 'not_found',
  [PaymentErrorCode.Invalid]: 'invalid',
};

export class PaymentError extends DomainError {
  constructor(code: PaymentErrorCode, message: string, details: DomainError['details'] = {}) {
    super(code, KIND[code], message, details);
  }
}
