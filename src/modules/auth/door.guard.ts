import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ApiAuthGuard } from './api-auth.guard.js';
import { RouteAccessReader } from './route-access.reader.js';
import { WebAuthGuard } from './web-auth.guard.js';

/**
 * The one global guard (APP_GUARD in auth.http.module.ts): runs the guard of the door the controller declares
 * with @WebController or @ApiV1Controller. Controllers without a door (health, Nest's own) are open, as before.
 */
@Injectable()
export class DoorGuard implements CanActivate {
  constructor(
    private readonly access: RouteAccessReader,
    private readonly web: WebAuthGuard,
    private readonly api: ApiAuthGuard,
  ) {}

  canActivate(context: ExecutionContext): Promise<boolean> | boolean {
    const { door } = this.access.of(context);
    if (door === 'web') return this.web.canActivate(context);
    if (door === 'api') return this.api.canActivate(context);
    return true;
  }
}
