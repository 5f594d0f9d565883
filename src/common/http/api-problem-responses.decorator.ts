import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ProblemDto } from '../errors/problem.dto.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON, unknown fields or invalid values (per-field messages in `errors`).',
  401: 'Missing, expired or invalid credentials.',
  403: 'Signed in, but not allowed to do this.',
  404: 'No such resource for this trainer.',
  409: 'Conflicts with the current state (for example an overlapping session).',
  422: 'Well-formed but breaks a business rule (per-field messages in `errors`).',
  429: 'Too many attempts; wait and retry.',
};

/** Documents the problem+json answers a route can give, so Swagger shows every error with its shape. */
export function ApiProblemResponses(...statuses: number[]): MethodDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status],
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
      }),
    ),
  );
}

export { ProblemDto };
