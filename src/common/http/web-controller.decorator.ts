import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { WebAuthGuard } from '../../modules/auth/web-auth.guard.js';

/**
 * An HTML controller: session + CSRF guarded (mark open pages with @Public()), and kept out of Swagger since
 * web pages are not part of the versioned API.
 */
export function WebController(prefix = ''): ClassDecorator {
  return applyDecorators(Controller(prefix), ApiExcludeController(), UseGuards(WebAuthGuard));
}
