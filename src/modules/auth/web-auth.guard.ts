import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isInfrastructureError } from '../../common/errors/infrastructure-error.js';
import { AuthError, AuthErrorCode } from './auth.errors.js';
import { WebAuthService } from './web-auth.service.js';
import { RouteAccessReader } from './route-access.reader.js';
import { cookieNames, readCookie } from '../../common/http/cookies.js';

const SESSION_COOKIES = [cookieNames(true).session, cookieNames(false).session];

/**
 * Guards every web controller: loads the session, checks CSRF on unsafe methods, and sends signed-out
 * visitors of private pages to /login?next=…. Bearer tokens are never looked at here.
 */
@Injectable()
export class WebAuthGuard implements CanActivate {
  constructor(
    private readonly webAuth: WebAuthService,
    private readonly access: RouteAccessReader,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    try {
      await this.webAuth.attach(req, http.getResponse<FastifyReply>());
    } catch (error) {
      // An outage while loading the session is not a sign-out: the filter answers 503 with a friendly page,
      // which offers the way back to the dashboard when the visitor came with a session.
      if (isInfrastructureError(error)) {
        req.shell = { ...req.shell, signedIn: SESSION_COOKIES.some((name) => Boolean(readCookie(req, name))) };
      }
      throw error;
    }
    this.webAuth.verifyCsrf(req);
    if (this.access.of(context).isPublic) return true;
    if (!req.actor) {
      throw new AuthError(AuthErrorCode.NotAuthenticated, 'Please log in to continue.', { loginRedirect: req.url });
    }
    if (!req.actor.trainerId) {
      throw new AuthError(
        AuthErrorCode.Forbidden,
        'These pages are for trainers. Admins work through the API at /docs.',
      );
    }
    return true;
  }
}
