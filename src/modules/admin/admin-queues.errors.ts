import { DomainError, type DomainErrorKind } from '../../common/errors/domain-error.js';

export enum AdminQueuesErrorCode {
  AdminOnly = 'forbidden',
  QueueNotFound = 'queue_not_found',
  JobNotFound = 'job_not_found',
  JobNotFailed = 'job_not_failed',
}

const KIND: Record<AdminQueuesErrorCode, DomainErrorKind> = {
  [AdminQueuesErrorCode.AdminOnly]: 'forbidden',
  [AdminQueuesErrorCode.QueueNotFound]: 'not_found',
  [AdminQueuesErrorCode.JobNotFound]: 'not_found',
  [AdminQueuesErrorCode.JobNotFailed]: 'conflict',
};

export class AdminQueuesError extends DomainError {
  constructor(code: AdminQueuesErrorCode, message: string, details: DomainError['details'] = {}) {
    super(code, KIND[code], message, details);
  }
}
