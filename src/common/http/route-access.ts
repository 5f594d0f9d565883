import { SetMetadata } from '@nestjs/common';
import type { UserRole } from '../roles.js';

export const PUBLIC_ROUTE = 'trainerhub:public';
export const ROLES = 'trainerhub:roles';
export const DOOR = 'trainerhub:door';

/**
 * Which front door a controller belongs to. The decorators only record it; the auth HTTP module's global guard
 * reads it and runs that door's guard, so this ground-floor file never needs to know the guards.
 */
export type Door = 'web' | 'api';

/** Marks a controller's door (set by @WebController and @ApiV1Controller, not used directly). */
export const DoorOf = (door: Door): ClassDecorator => SetMetadata(DOOR, door);

/** A page or API route anyone may call, signed in or not (landing, login, register, token refresh). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Restricts an API route to these roles; others get 403. */
export const Roles = (...roles: UserRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);
