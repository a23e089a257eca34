import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import { hostname } from 'node:os';
import { storage, Store } from 'nestjs-pino/storage';
import { stdTimeFunctions, type Bindings } from 'pino';
import { workerOptions, type Env } from '../config/env';

/** Request headers that carry credentials: never written to a log. */
export const REDACTED_HEADERS = ['authorization', 'cookie', 'x-api-key', 'proxy-authorization'];

/**
 * Every log path that may hold a secret: those headers, and a `key` or `authorization` field at
 * the top of a log object or up to two levels down (an API key's creation, a logged request).
 */
export const REDACTED_PATHS = [
  ...REDACTED_HEADERS.map((header) => `req.headers["${header}"]`),
  ...['key', 'authorization', 'ADMIN_API_KEY', 'METRICS_TOKEN'].flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

/** Routes polled by health checks and Prometheus: a log line per poll would drown the rest. */
const QUIET_ROUTES = new Set(['/health', '/metrics']);

/**
 * Fields that follow every log line written while `work` runs, however deep: Nest's `Logger`
 * writes through nestjs-pino, which takes its logger from this async context (as it does for a
 * request's). Used by the worker for a job's `job_id`, `run_id`, `sweep_id` and `trial_id`.
 */
@Injectable()
export class LogContext {
  constructor(private readonly pino: PinoLogger) {}

  run<T>(fields: Bindings, work: () => T): T {
    return storage.run(new Store(this.pino.logger.child(fields)), work);
  }
}

/**
 * JSON logs, one object a line, through pino (nestjs-pino): `level`, ISO `time`, `app`, `pid`,
 * `hostname`, Nest's `context` and `msg`, plus `worker_id` in a worker. The api also logs each
 * request once it is answered (method, url, status, response time), without credentials.
 * LOG_LEVEL sets the level.
 */
@Module({})
export class LoggingModule {
  static forApp(app: 'api' | 'worker'): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Env, true>) => ({
            pinoHttp: {
              level: config.get('LOG_LEVEL', { infer: true }),
              base: { app, pid: process.pid, hostname: hostname(), ...(app === 'worker' ? { worker_id: workerOptions().name } : {}) },
              timestamp: stdTimeFunctions.isoTime,
              formatters: { level: (label: string) => ({ level: label }) },
              redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
              autoLogging: { ignore: (request) => QUIET_ROUTES.has((request.url ?? '').split('?')[0] ?? '') },
              // The request as sent (headers included, credentials redacted); of the answer, its status.
              serializers: { res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }) },
              customProps: (request) => resourceIds(request.url ?? ''),
            },
          }),
        }),
      ],
      providers: [LogContext],
      exports: [LogContext],
    };
  }
}

const RESOURCE_PATH = /^\/(runs|sweeps|models)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/?.]|$)/i;
const RESOURCE_FIELD = { runs: 'run_id', sweeps: 'sweep_id', models: 'model_id' } as const;

/** `run_id`, `sweep_id` or `model_id` for a request about one of them, from its URL (`/runs/<uuid>/evaluation`). */
export function resourceIds(url: string): Record<string, string> {
  const match = RESOURCE_PATH.exec(url);
  if (!match) return {};
  return { [RESOURCE_FIELD[match[1]!.toLowerCase() as keyof typeof RESOURCE_FIELD]]: match[2]! };
}
