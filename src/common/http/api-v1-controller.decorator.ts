import { applyDecorators, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

/** A JSON controller under /api/v1, tagged in Swagger by its resource. */
export function ApiV1Controller(resource: string): ClassDecorator {
  return applyDecorators(Controller(`api/v1/${resource}`), ApiTags(resource));
}
