import { DomainError, type DomainErrorKind } from '../../common/errors/domain-error.js';

/** Errors of the catalogue and of selling packages. */
export enum PackageErrorCode {
  NotFound = 'package_not_found',
  PurchaseNotFound = 'purchase_not_found',
  ClientNotFound = 'client_not_found',
  Invalid = 'invalid_package',
  Sold = 'package_sold',
  Inactive = 'package_inactive',
  ClientArchived = 'client_archived',
  InvalidSale = 'invalid_sale',
}

const KIND: Record<PackageErrorCode, DomainErrorKind> = {
  [PackageErrorCode.NotFound]: 'not_found',
  [PackageErrorCode.PurchaseNotFound]: 'not_found',
  [PackageErrorCode.ClientNotFound]: 'not_found',
  [PackageErrorCode.Invalid]: 'invalid',
  [PackageErrorCode.Sold]: 'conflict',
  [PackageErrorCode.Inactive]: 'invalid',
  [PackageErrorCode.ClientArchived]: 'invalid',
  [PackageErrorCode.InvalidSale]: 'invalid',
};

export class PackageError extends DomainError {
  constructor(code: PackageErrorCode, message: string, details: DomainError['details'] = {}) {
    super(code, KIND[code], message, details);
  }

  static notFound(): PackageError {
    return new PackageError(PackageErrorCode.NotFound, 'That package doesn’t exist.');
  }
}
