import { DomainError, type DomainErrorKind } from '../../common/errors/domain-error.js';

export enum AuthErrorCode {
  InvalidCredentials = 'invalid_credentials',
  EmailTaken = 'email_taken',
  WeakPassword = 'weak_password',
  WrongPassword = 'wrong_password',
  TooManyAttempts = 'too_many_attempts',
  InvalidRefreshToken = 'invalid_refresh_token',
  NotAuthenticated = 'not_authenticated',
  Forbidden = 'forbidden',
  SessionNotFound = 'session_not_found',
  InvalidProfile = 'invalid_profile',
}

const KIND: Record<AuthErrorCode, DomainErrorKind> = {
  [AuthErrorCode.InvalidCredentials]: 'unauthorized',
  [AuthErrorCode.EmailTaken]: 'invalid',
  [AuthErrorCode.WeakPassword]: 'invalid',
  [AuthErrorCode.WrongPassword]: 'invalid',
  [AuthErrorCode.TooManyAttempts]: 'too_many',
  [AuthErrorCode.InvalidRefreshToken]: 'unauthorized',
  [AuthErrorCode.NotAuthenticated]: 'unauthorized',
  [AuthErrorCode.Forbidden]: 'forbidden',
  [AuthErrorCode.SessionNotFound]: 'not_found',
  [AuthErrorCode.InvalidProfile]: 'invalid',
};

export class AuthError extends DomainError {
  constructor(code: AuthErrorCode, message: string, details: DomainError['details'] = {}) {
    super(code, KIND[code], message, details);
  }
}
