import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DOOR, type Door } from '../../common/http/route-access.js';
import { ApiAuthGuard } from './api-auth.guard.js';
import { WebAuthGuard } from './web-auth.guard.js';

/**
 * The one global guard (APP_GUARD in auth.http.module.ts): runs the guard of the door the controller declares
 * with @WebController or @ApiV1Controller. Controllers without a door (health, Nest's own) are open, as before.
 */
@Injectable()
export class DoorGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly web: WebAuthGuard,
    private readonly api: ApiAuthGuard,
  ) {}

  canActivate(context: ExecutionContext): Promise<boolean> | boolean {
    const door = this.reflector.get<Door | undefined>(DOOR, context.getClass());
    if (door === 'web') return this.web.canActivate(context);
    if (door === 'api') return this.api.canActivate(context);
    return true;
  }
}
