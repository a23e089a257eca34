import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The dashboard's static build (apps/web/dist), from apps/api/dist/web at run time. */
const WEB_DIST = path.resolve(__dirname, '../../../web/dist');

/**
 * Paths the JSON API owns. The dashboard routes on the client (`/#/runs/...`), so only `/` and its
 * assets are files; an unknown path under these prefixes stays a JSON 404, never index.html.
 */
const API_PATHS = ['/runs', '/sweeps', '/models', '/datasets', '/workers', '/health', '/docs'].map((prefix) => `${prefix}{*rest}`);

/**
 * Serves the web dashboard at `/`, same origin as the API. Controllers are routed before these
 * static handlers, so the API always wins. Without a build the api still starts, without the UI.
 */
@Module({})
export class WebModule {
  static register(): DynamicModule {
    if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
      new Logger(WebModule.name).warn(`no dashboard build at ${WEB_DIST}; run \`npm run build --workspace apps/web\` to serve it at /`);
      return { module: WebModule };
    }
    return { module: WebModule, imports: [ServeStaticModule.forRoot({ rootPath: WEB_DIST, exclude: API_PATHS })] };
  }
}
