import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Env } from '@mnist-lab/infra';
import { assertJsonDepth } from '@mnist-lab/ml';
import { json, type RequestHandler } from 'express';
import helmet from 'helmet';

type HardeningSettings = Pick<Env, 'CORS_ORIGINS' | 'BODY_LIMIT_MB' | 'PREDICT_BODY_LIMIT_MB'> & {
  /** The path of the one JSON route whose bodies are large by design: a batch of instances to predict. */
  readonly predictPath: RegExp;
};

/**
 * Security headers (helmet, with a content security policy the dashboard works under), CORS for
 * the configured origins only, and JSON body limits per route: BODY_LIMIT_MB everywhere,
 * PREDICT_BODY_LIMIT_MB for predictions; beyond either, a 413 before the body is parsed. Binary
 * bodies (artifact and dataset uploads, PNGs) are read by their own routes with their own limits.
 */
export function hardenHttp(app: NestExpressApplication, settings: HardeningSettings): void {
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // ECharts and React set style attributes; no script can be injected through them.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
  const origins = settings.CORS_ORIGINS.split(',').filter(Boolean);
  // Without configured origins no CORS header is sent at all: browsers then allow the dashboard's own origin only.
  if (origins.length > 0) app.enableCors({ origin: origins, methods: ['GET', 'POST', 'PATCH', 'DELETE'], maxAge: 600 });
  const verify = (_req: unknown, _res: unknown, body: Buffer) => assertJsonDepth(body);
  const defaultJson = json({ limit: `${settings.BODY_LIMIT_MB}mb`, verify });
  const predictJson = json({ limit: `${settings.PREDICT_BODY_LIMIT_MB}mb`, verify });
  const jsonBodies: RequestHandler = (req, res, next) => (settings.predictPath.test(req.path) ? predictJson : defaultJson)(req, res, next);
  app.use(jsonBodies);
}
