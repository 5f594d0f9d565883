import { type CallHandler, type ExecutionContext, HttpStatus, Injectable, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, of, type Observable } from 'rxjs';
import { IdempotencyService } from './idempotency.service.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Wraps an API POST so an Idempotency-Key retry replays the first answer instead of repeating the work. */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const key = req.headers[IDEMPOTENCY_HEADER];
    if (typeof key !== 'string' || !req.actor) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    const route = `${req.method} ${req.routeOptions.url ?? req.url}`;
    return from(this.run(req, reply, key, route, status, next));
  }

  private async run(
    req: FastifyRequest,
    reply: FastifyReply,
    key: string,
    route: string,
    status: number,
    next: CallHandler,
  ): Promise<unknown> {
    const actor = req.actor;
    if (!actor) return lastValueFrom(next.handle());
    const claim = await this.idempotency.claim(actor, key, `${route} ${JSON.stringify(req.params ?? {})}`, req.body);
    if (claim.kind === 'replay') {
      void reply.status(claim.status).header('idempotency-replayed', 'true');
      return lastValueFrom(of(claim.body));
    }
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.idempotency.complete(claim.id, status, body ?? null);
      return body;
    } catch (error) {
      await this.idempotency.release(claim.id);
      throw error;
    }
  }
}
