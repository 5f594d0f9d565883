import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../common/errors/domain-error.js';
import type { Account } from './auth.types.js';

/** The account the door's guard loaded with the Actor (user and trainer profile), for routes that show it. */
export const CurrentAccount = createParamDecorator((_data: unknown, ctx: ExecutionContext): Account => {
  const account = ctx.switchToHttp().getRequest<FastifyRequest>().account;
  if (!account) throw new DomainError('not_authenticated', 'unauthorized', 'Please log in.');
  return account;
});
