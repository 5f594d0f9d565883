import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ProblemDto } from './common/errors/problem.dto.js';

/** The OpenAPI document, built from the DTO classes; committed as test/contract/openapi.json. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('TrainerHub API')
    .setDescription(
      'REST API for the TrainerHub mobile app and operations staff. Authenticate with POST /api/v1/auth/login, ' +
        'then send the access token as a Bearer token. Errors are application/problem+json.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
    extraModels: [ProblemDto],
  });
}
