import 'reflect-metadata';
import { Logger, ValidationPipe } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { ApiMetrics, type Env } from '@mnist-lab/infra';
import { Logger as JsonLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ReadinessService } from './health/readiness.service';
import { ErrorFilter } from './common/error.filter';
import { hardenHttp } from './common/http-hardening';
import { createOpenApiDocument } from './openapi';
import { requireJsonBodies } from './common/media-type.middleware';
import { BINARY_ROUTES, PREDICT_PATH } from './models/binary-routes';
import { DATASET_BINARY_ROUTES } from './datasets/binary-routes';
import { validationException } from './common/validation-exception';
import { serveDashboard } from './web/dashboard';
import { recordHttpDurations } from './metrics/http-durations';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(JsonLogger));
  // First, so that requests refused by the middlewares below are timed too.
  app.use(recordHttpDurations(app.get(ApiMetrics)));
  const config = app.get(ConfigService<Env, true>);
  // Only JSON, or a route's documented binary types: no form a web page can post (see requireJsonBodies).
  app.use(requireJsonBodies([...BINARY_ROUTES, ...DATASET_BINARY_ROUTES]));
  hardenHttp(app, {
    CORS_ORIGINS: config.get('CORS_ORIGINS', { infer: true }),
    BODY_LIMIT_MB: config.get('BODY_LIMIT_MB', { infer: true }),
    PREDICT_BODY_LIMIT_MB: config.get('PREDICT_BODY_LIMIT_MB', { infer: true }),
    predictPath: PREDICT_PATH,
  });
  app.enableShutdownHooks();
  serveDashboard(app);
  app.useGlobalPipes(
    new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true, exceptionFactory: validationException }),
  );
  app.useGlobalFilters(new ErrorFilter());
  SwaggerModule.setup('docs', app, createOpenApiDocument(app));
  const port = config.get('PORT', { infer: true });
  await app.listen(port);
  // Listening is not being ready: say which dependency is missing, as GET /health does.
  const readiness = await app.get(ReadinessService).check();
  const listening = `api listening on http://localhost:${port} (OpenAPI at /docs)`;
  if (readiness.ready) Logger.log(`${listening}; ${readiness.message}`, 'Bootstrap');
  else Logger.error(`${listening}, but ${readiness.message}; GET /health answers 503 until it is reachable`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
