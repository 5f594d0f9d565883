import { SetMetadata } from '@nestjs/common';
import type { UserRole } from '../../modules/auth/user.entity.js';

export const PUBLIC_ROUTE = 'trainerhub:public';
export const ROLES = 'trainerhub:roles';

/** A page or API route anyone may call, signed in or not (landing, login, register, token refresh). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Restricts an API route to these roles; others get 403. */
export const Roles = (...roles: UserRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);
