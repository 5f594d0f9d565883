import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isApiPath } from '../http/paths.js';
import { problem, sendProblem } from './problem.js';
import { retryAfterOf, toErrorResponse } from './error-response.js';
import { WebErrorRenderer } from './web-error-renderer.js';

/**
 * One filter for both doors, because an unmatched route has no controller to carry a door-specific filter.
 * /api/* answers problem+json; everything else answers HTML (a flash for htmx, an error page otherwise).
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly web: WebErrorRenderer) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const response = toErrorResponse(error);
    if (!response.expected) this.logger.error({ err: error, requestId: req.id }, 'Unhandled error');
    if (response.unavailable)
      this.logger.warn({ cause: describeCause(error), requestId: req.id }, 'A dependency is unavailable');
    if (reply.sent) return;
    // Both doors: a 429 or 503 says when to come back (RFC 9110 Retry-After, whole seconds).
    const retryAfter = retryAfterOf(response);
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    if (isApiPath(req.url)) {
      sendProblem(
        reply,
        problem(response.status, response.code, response.message, {
          ...(response.fields ? { errors: response.fields } : {}),
          ...response.extra,
          requestId: String(req.id),
        }),
      );
      return;
    }
    this.web.render(req, reply, response);
  }
}

/** One line for the log: the outage's own words, without a stack trace per request. */
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message.split('\n')[0]}`;
}
