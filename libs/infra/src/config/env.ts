import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';

const DEFAULT_JOB_LOCK_MS = 5000;
const DEFAULT_MAX_FIT_ATTEMPTS = 3;
const DEFAULT_DATASET_MAX_BYTES = 1024 ** 3;
/** The OpenTelemetry Prometheus exporter's port, a common choice for a process's own metrics. */
const DEFAULT_WORKER_METRICS_PORT = 9464;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * An integer variable between `min` and `max`; unset or empty means `fallback`. The message names
 * the variable (the property's own name) and its range, as every other variable's does.
 */
function IntegerVariable(min: number, max: number, fallback: number): PropertyDecorator {
  return (target, property) => {
    const message = `${String(property)} must be an integer between ${min} and ${max}`;
    Transform(({ value }) => (value === undefined || value === '' ? fallback : Number(value)))(target, property);
    IsInt({ message })(target, property);
    Min(min, { message })(target, property);
    Max(max, { message })(target, property);
  };
}

/**
 * The process environment, validated once at boot. Defaults point at services on localhost, so a
 * developer machine needs no configuration at all.
 */
export class Env {
  @IntegerVariable(1, 65535, 3000)
  PORT = 3000;

  @Transform(({ value }) => value ?? 'postgresql://postgres@127.0.0.1:5432/mnist_lab')
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'DATABASE_URL must be a postgresql:// URL' })
  DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/mnist_lab';

  @Transform(({ value }) => value ?? 'redis://127.0.0.1:6379')
  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Transform(({ value }) => value ?? 'mnist-lab')
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'QUEUE_PREFIX must be 1-64 characters of letters, digits, "_", "." or "-"' })
  QUEUE_PREFIX = 'mnist-lab';

  @IntegerVariable(1, 64, 1)
  WORKER_CONCURRENCY = 1;

  /**
   * Admission at the api: a run or sweep whose fit libs/ml estimates (an upper bound: data
   * copies, working buffers, a forest grown to every leaf its min_samples_leaf allows) to need more
   * memory than this is refused with a 400 naming the parameter, instead of being queued.
   * The default matches a worker's fit memory on a 24 GB machine (WORKER_FIT_MAX_MEMORY_MB).
   */
  @IntegerVariable(64, 1_048_576, 8192)
  RUN_MAX_MEMORY_MB = 8192;

  /** ... or more time than this, in seconds on one core (the default: 6 hours). */
  @IntegerVariable(1, 31_536_000, 21_600)
  RUN_MAX_FIT_SECONDS = 21_600;

  /**
   * How long a worker's job lock lasts without renewal; workers renew it every half of this, from
   * an event loop that fits never block (they run in a fit process). A killed worker's job is
   * handed to another worker after at most about twice this.
   */
  @IntegerVariable(1000, 600_000, DEFAULT_JOB_LOCK_MS)
  JOB_LOCK_MS = DEFAULT_JOB_LOCK_MS;

  /**
   * Memory one fit may use (its V8 heap, and its whole resident set): a fit that needs more
   * fails its run or trial, and the worker lives on. The default is half of a 24 GB machine, for
   * its two workers.
   */
  @IntegerVariable(64, 1_048_576, 12_288)
  WORKER_FIT_MAX_MEMORY_MB = 12_288;

  /**
   * Claims of one run or trial before it is marked failed instead of fitted again: a job whose fit
   * kills the worker process would otherwise take down every worker that picks it up, for ever.
   */
  @IntegerVariable(1, 100, DEFAULT_MAX_FIT_ATTEMPTS)
  WORKER_MAX_FIT_ATTEMPTS = DEFAULT_MAX_FIT_ATTEMPTS;

  /** The largest dataset file `POST /datasets` accepts (and the largest an IDX file may decode to); more is a 413. */
  @IntegerVariable(1024, 2 ** 36, DEFAULT_DATASET_MAX_BYTES)
  DATASET_MAX_BYTES = DEFAULT_DATASET_MAX_BYTES;

  /**
   * Per-project quota (issue #15): queued plus running trials and runs of one project. A run or
   * sweep that would take its project over it is refused with a 429 and nothing is stored.
   */
  @IntegerVariable(1, 100_000_000, 10_000)
  PROJECT_MAX_PENDING_TRIALS = 10_000;

  /** Per-project quota: sweeps of one project queued, running or refitting at once. */
  @IntegerVariable(1, 100_000, 10)
  PROJECT_MAX_CONCURRENT_SWEEPS = 10;

  /** Where datasets fetched from Postgres are cached, one file per sha256. */
  @Transform(({ value }) => (value === undefined || value === '' ? defaultDatasetCacheDir() : value))
  @IsString({ message: 'DATASET_CACHE_DIR must be a directory path' })
  DATASET_CACHE_DIR = defaultDatasetCacheDir();

  /** pino's level for the JSON logs of the api and the workers. */
  @Transform(({ value }) => (value === undefined || value === '' ? 'info' : value))
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /**
   * The port of a worker's Prometheus endpoint (`GET /metrics`); 0 turns it off. Two workers on one
   * machine need two ports: a worker whose port is taken runs on without the endpoint, with a warning.
   */
  @IntegerVariable(0, 65535, DEFAULT_WORKER_METRICS_PORT)
  WORKER_METRICS_PORT = DEFAULT_WORKER_METRICS_PORT;

  /**
   * Origins whose pages may call the api from a browser (CORS), comma-separated, e.g.
   * `https://ml.example.com,http://localhost:5173`. Empty (the default): the dashboard's own origin only.
   */
  @Transform(({ value }) => (value === undefined ? '' : value))
  @Matches(/^$|^https?:\/\/[^\s,/]+(,https?:\/\/[^\s,/]+)*$/, { message: 'CORS_ORIGINS must be a comma-separated list of origins like https://ml.example.com' })
  CORS_ORIGINS = '';

  /** The largest JSON body a route takes, in MB; more is a 413. Predictions have their own limit. */
  @IntegerVariable(1, 1024, 1)
  BODY_LIMIT_MB = 1;

  /** The largest JSON body `POST /models/:id/predict` takes, in MB (20,000 MNIST rows are about 37 MB). */
  @IntegerVariable(1, 1024, 64)
  PREDICT_BODY_LIMIT_MB = 64;

  /**
   * Requests one API key may make per minute across every api instance (counted in Redis); more
   * is a 429 with Retry-After. Health and metrics are not counted, nor requests refused with a 401.
   */
  @IntegerVariable(1, 10_000_000, 600)
  RATE_LIMIT_PER_MINUTE = 600;

  /** The same for `POST /models/:id/predict`, counted on its own: serving predictions is a model's main use. */
  @IntegerVariable(1, 10_000_000, 6000)
  PREDICT_RATE_LIMIT_PER_MINUTE = 6000;

  /**
   * A global admin key accepted as given (compared in constant time), to bootstrap a deployment:
   * create projects and keys with it, then unset it. Empty (the default): only stored keys.
   */
  @Transform(({ value }) => (value === undefined ? '' : value))
  @Matches(/^$|^\S{16,}$/, { message: 'ADMIN_API_KEY must be at least 16 characters without spaces' })
  ADMIN_API_KEY = '';

  /** When set, `GET /metrics` takes `Authorization: Bearer <METRICS_TOKEN>` (a scraper's token) instead of being open. */
  @Transform(({ value }) => (value === undefined ? '' : value))
  @Matches(/^$|^\S{16,}$/, { message: 'METRICS_TOKEN must be at least 16 characters without spaces' })
  METRICS_TOKEN = '';
}

/** `<the OS's cache directory>/mnist-lab/datasets`, or DATASET_CACHE_DIR (fit processes read it from their environment). */
export function datasetCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['DATASET_CACHE_DIR'] || defaultDatasetCacheDir(env);
}

function defaultDatasetCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const cacheHome =
    process.platform === 'win32'
      ? (env['LOCALAPPDATA'] ?? join(homedir(), 'AppData', 'Local'))
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Caches')
        : (env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'));
  return join(cacheHome, 'mnist-lab', 'datasets');
}

/**
 * BullMQ's worker options are fixed when the processor class is decorated, before Nest's config
 * exists; the variables are validated again with the rest at boot. Workers are named after their
 * process, so that `GET /workers` tells them apart. Stalled jobs are looked for every half lock,
 * so a killed worker's job is back in the queue within about 1.5 locks. A stalled job goes back
 * as often as WORKER_MAX_FIT_ATTEMPTS allows: the claim after that fails it, with a message
 * saying why (BullMQ's own limit would fail it in Redis and leave its row running).
 */
export function workerOptions(env: NodeJS.ProcessEnv = process.env): { name: string; lockDuration: number; stalledInterval: number; maxStalledCount: number } {
  const lock = Number(env['JOB_LOCK_MS'] || DEFAULT_JOB_LOCK_MS);
  const lockDuration = Number.isInteger(lock) && lock >= 1000 ? lock : DEFAULT_JOB_LOCK_MS;
  const attempts = Number(env['WORKER_MAX_FIT_ATTEMPTS'] || DEFAULT_MAX_FIT_ATTEMPTS);
  const maxStalledCount = Number.isInteger(attempts) && attempts >= 1 ? attempts : DEFAULT_MAX_FIT_ATTEMPTS;
  return { name: `${hostname()}:${process.pid}`, lockDuration, stalledInterval: Math.round(lockDuration / 2), maxStalledCount };
}

export class EnvValidationError extends Error {
  override readonly name = 'EnvValidationError';
}

/** Used as `ConfigModule.forRoot({ validate })`: throws one message naming every bad variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const env = plainToInstance(Env, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const problems = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map((message) => `${message} (got ${JSON.stringify(raw[error.property])})`),
    );
    throw new EnvValidationError(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
  }
  return env;
}

/** BullMQ's ioredis options from a redis:// URL. */
export function redisConnectionOptions(redisUrl: string) {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
}
