import { DomainError, type DomainErrorKind } from '../../common/errors/domain-error.js';

export enum ClientErrorCode {
  /** Unknown id, malformed id, or another trainer's client: all look the same from outside. */
  NotFound = 'not_found',
  InvalidClient = 'invalid_client',
  HasHistory = 'client_has_history',
  Archived = 'client_archived',
}

const KIND: Record<ClientErrorCode, DomainErrorKind> = {
  [ClientErrorCode.NotFound]: 'not_found',
  [ClientErrorCode.InvalidClient]: 'invalid',
  [ClientErrorCode.HasHistory]: 'conflict',
  [ClientErrorCode.Archived]: 'invalid',
};

export class ClientError extends DomainError {
  constructor(code: ClientErrorCode, message: string, details: DomainError['details'] = {}) {
    super(code, KIND[code], message, details);
  }

  static notFound(): ClientError {
    return new ClientError(ClientErrorCode.NotFound, 'This client doesn’t exist, or isn’t one of yours.');
  }
}
