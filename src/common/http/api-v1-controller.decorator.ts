import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DoorOf } from './route-access.js';

/** A JSON controller under /api/v1: bearer-token guarded (mark open routes with @Public()), tagged in Swagger. */
export function ApiV1Controller(resource: string): ClassDecorator {
  return applyDecorators(Controller(`api/v1/${resource}`), ApiTags(resource), ApiBearerAuth('bearer'), DoorOf('api'));
}
