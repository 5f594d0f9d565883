import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isApiPath } from '../http/paths.js';
import { problem, sendProblem } from './problem.js';
import { toErrorResponse } from './error-response.js';
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
    if (reply.sent) return;
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
