import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC_ROUTE } from '../../common/http/route-access.js';
import { AuthError, AuthErrorCode } from './auth.errors.js';
import { WebAuthService } from './web-auth.service.js';

/**
 * Guards every web controller: loads the session, checks CSRF on unsafe methods, and sends signed-out
 * visitors of private pages to /login?next=…. Bearer tokens are never looked at here.
 */
@Injectable()
export class WebAuthGuard implements CanActivate {
  constructor(
    private readonly webAuth: WebAuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    await this.webAuth.attach(req, http.getResponse<FastifyReply>());
    this.webAuth.verifyCsrf(req);
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    if (!req.actor) {
      throw new AuthError(AuthErrorCode.NotAuthenticated, 'Please log in to continue.', { loginRedirect: req.url });
    }
    if (!req.actor.trainerId) {
      throw new AuthError(AuthErrorCode.Forbidden, 'These pages are for trainers. Admins work through the API at /docs.');
    }
    return true;
  }
}
