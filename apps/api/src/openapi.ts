import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** The api's OpenAPI document: served at /docs-json, and the source of the dashboard's generated types (tools/openapi-types.mjs). */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('mnist-lab')
      .setDescription("scikit-learn's MNIST notebook as a service: training runs, sweeps, models")
      .setVersion('0.1.0')
      .build(),
  );
}
