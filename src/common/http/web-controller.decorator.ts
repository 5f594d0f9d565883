import { applyDecorators, Controller } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/** An HTML controller: kept out of Swagger, since web pages are not part of the versioned API. */
export function WebController(prefix = ''): ClassDecorator {
  return applyDecorators(Controller(prefix), ApiExcludeController());
}
