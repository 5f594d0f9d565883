import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';

/**
 * Marks an API POST as safe to retry: with an `Idempotency-Key` header, a retry gets the first answer replayed
 * (same key, other body: 422; first still running: 409). Documented in Swagger on the route.
 */
export function Idempotent(): MethodDecorator {
  return applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A unique key per intended operation (e.g. a UUID). Retries with the same key replay the first answer.',
      example: '5f3c1c9e-1d2b-4b8f-9c1e-0a7d3e2f4b61',
    }),
  );
}
