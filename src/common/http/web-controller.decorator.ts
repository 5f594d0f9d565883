import { applyDecorators, Controller } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DoorOf } from './route-access.js';

/**
 * An HTML controller: session + CSRF guarded by the web door's guard (mark open pages with @Public()), and kept
 * out of Swagger since web pages are not part of the versioned API.
 */
export function WebController(prefix = ''): ClassDecorator {
  return applyDecorators(Controller(prefix), ApiExcludeController(), DoorOf('web'));
}
