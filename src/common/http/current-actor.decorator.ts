import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../actor.js';
import { DomainError } from '../errors/domain-error.js';

/** The Actor the door's guard established. Only used on routes a guard has already required sign-in for. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<FastifyRequest>().actor;
  if (!actor) throw new DomainError('not_authenticated', 'unauthorized', 'Please log in.');
  return actor;
});
