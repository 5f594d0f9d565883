import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { isInfrastructureError } from '../../common/errors/infrastructure-error.js';
import { actorFor } from './accounts.service.js';
import { AuthError, AuthErrorCode } from './auth.errors.js';
import type { Account } from './auth.types.js';
import { RouteAccessReader } from './route-access.reader.js';

/**
 * Guards every /api/v1 controller: a valid bearer access token through passport-jwt (JwtStrategy; cookies are
 * never considered here), a user still live with the token's auth version (from the ActorCache, else one
 * statement), then the route's roles. Failures become 401/403 problem+json through the global filter.
 */
@Injectable()
export class ApiAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly access: RouteAccessReader) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, roles } = this.access.of(context);
    if (isPublic) return true;
    await super.canActivate(context);
    const req = context.switchToHttp().getRequest<FastifyRequest & { user?: Account }>();
    if (!req.user) throw this.notAuthenticated();
    req.account = req.user;
    req.actor = actorFor(req.user);
    if (roles && !roles.includes(req.actor.role)) {
      throw new AuthError(AuthErrorCode.Forbidden, 'Your account is not allowed to do this.');
    }
    return true;
  }

  /**
   * Passport hands over what the strategy threw as `error`. When that is an outage (PostgreSQL or Redis
   * unreachable while loading the user), the token may be perfectly valid: rethrow it so the filter answers 503.
   * A 401 here would make a mobile app sign its user out.
   */
  override handleRequest<T>(error: unknown, user: T): T {
    if (isInfrastructureError(error)) throw error;
    if (error || !user) throw this.notAuthenticated();
    return user;
  }

  private notAuthenticated(): AuthError {
    return new AuthError(AuthErrorCode.NotAuthenticated, 'A valid access token is required.');
  }
}
