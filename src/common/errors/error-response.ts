import { HttpException } from '@nestjs/common';
import { databaseErrorResponse } from './database-errors.js';
import { DomainError, KIND_STATUS } from './domain-error.js';
import { INFRASTRUCTURE_RETRY_AFTER_SECONDS, isInfrastructureError } from './infrastructure-error.js';
import { ValidationFailedException } from './validation-failed.exception.js';

/** Any thrown value reduced to what a transport may show. Unknown errors never leak their message. */
export interface ErrorResponse {
  status: number;
  code: string;
  message: string;
  fields?: Record<string, string[]>;
  extra?: Record<string, unknown>;
  expected: boolean;
  /** A store we depend on is unreachable: worth a warning in the logs, not a stack trace per request. */
  unavailable?: boolean;
}

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

const FASTIFY_CODES: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'This content type is not supported.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'malformed_body', message: 'The JSON body is empty.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed_body', message: 'The body is not valid JSON.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'body_too_large', message: 'The request body is too large.' },
};

const HTTP_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'body_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  503: 'service_unavailable',
};

/** What a client sees while PostgreSQL or Redis is unreachable; the same words on both doors. */
export const UNAVAILABLE_MESSAGE = 'TrainerHub is briefly unavailable. Please try again in a few seconds.';

/** The Retry-After a response should carry: only 429 and 503 answers that know when to come back. */
export function retryAfterOf(response: ErrorResponse): number | undefined {
  if (response.status !== 429 && response.status !== 503) return undefined;
  const seconds = Number(response.extra?.retryAfterSeconds);
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}

export function toErrorResponse(error: unknown): ErrorResponse {
  // First: a dependency outage can surface anywhere, wrapped in anything, and must never read as the caller's fault.
  if (isInfrastructureError(error)) {
    return {
      status: 503,
      code: 'service_unavailable',
      message: UNAVAILABLE_MESSAGE,
      extra: { retryAfterSeconds: INFRASTRUCTURE_RETRY_AFTER_SECONDS },
      expected: true,
      unavailable: true,
    };
  }
  // A constraint or deadlock error no service mapped: a lost race answers 404/409, never 500.
  const fromDatabase = databaseErrorResponse(error);
  if (fromDatabase) return fromDatabase;
  if (error instanceof DomainError) {
    const { fields, ...extra } = error.details;
    return { status: KIND_STATUS[error.kind], code: error.code, message: error.message, fields, extra, expected: true };
  }
  if (error instanceof ValidationFailedException) {
    return {
      status: 400,
      code: 'validation_failed',
      message: 'Some fields are invalid.',
      fields: error.fields,
      expected: true,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 400 && /JSON/i.test(error.message)) {
      return { status, code: 'malformed_body', message: 'The body is not valid JSON.', expected: true };
    }
    const message = status === 404 ? 'Nothing lives at this address.' : error.message;
    const code = HTTP_CODES[status] ?? `http_${status}`;
    const extra = status === 503 ? { retryAfterSeconds: INFRASTRUCTURE_RETRY_AFTER_SECONDS } : undefined;
    return { status, code, message, ...(extra ? { extra } : {}), expected: status < 500 };
  }
  const fastify = error as FastifyLikeError;
  if (typeof fastify?.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    const known = fastify.code ? FASTIFY_CODES[fastify.code] : undefined;
    if (
      fastify.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      (error instanceof SyntaxError && fastify.statusCode === 400)
    ) {
      return { status: 400, code: 'malformed_body', message: 'The body is not valid JSON.', expected: true };
    }
    return {
      status: fastify.statusCode,
      code: known?.code ?? 'bad_request',
      message: known?.message ?? 'The request could not be understood.',
      expected: true,
    };
  }
  return {
    status: 500,
    code: 'internal_error',
    message: 'Something went wrong on our side. Please try again.',
    expected: false,
  };
}
