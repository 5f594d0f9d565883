import { DomainError, type DomainErrorKind } from '../../common/errors/domain-error.js';

export enum RollupErrorCode {
  AdminOnly = 'forbidden',
  TrainerNotFound = 'trainer_not_found',
  InvalidRange = 'invalid_range',
}

const KIND: Record<RollupErrorCode, DomainErrorKind> = {
  [RollupErrorCode.AdminOnly]: 'forbidden',
  [RollupErrorCode.TrainerNotFound]: 'not_found',
  [RollupErrorCode.InvalidRange]: 'invalid',
};

export class RollupError extends DomainError {
  constructor(code: RollupErrorCode, message: string, details: DomainError['details'] = {}) {
    super(code, KIND[code], message, details);
  }
}
