import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The dashboard's static build (apps/web/dist), from apps/api/dist/web at run time. */
const WEB_DIST = path.resolve(__dirname, '../../../web/dist');

/**
 * Serves the web dashboard at `/`, same origin as the API. The dashboard routes on the client
 * (`/#/runs/...`), so only `/` and its assets are files and no fallback page can shadow an API
 * path; a request that is no file falls through to the controllers, errors included (a body
 * parser's 400 stays a 400). Without a build the api still starts, without the UI.
 */
export function serveDashboard(app: NestExpressApplication): void {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
    new Logger('Dashboard').warn(`no dashboard build at ${WEB_DIST}; run \`npm run build --workspace apps/web\` to serve it at /`);
    return;
  }
  app.useStaticAssets(WEB_DIST, { index: 'index.html', fallthrough: true, maxAge: '1h' });
}
