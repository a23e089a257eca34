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
 * The process environment, validated once at boot. Defaults point at services on localhost, so a
 * developer machine needs no configuration at all.
 */
export class Env {
  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @IsInt({ message: 'PORT must be an integer between 1 and 65535' })
  @Min(1, { message: 'PORT must be an integer between 1 and 65535' })
  @Max(65535, { message: 'PORT must be an integer between 1 and 65535' })
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

  @Transform(({ value }) => (value === undefined || value === '' ? 1 : Number(value)))
  @IsInt({ message: 'WORKER_CONCURRENCY must be an integer between 1 and 64' })
  @Min(1, { message: 'WORKER_CONCURRENCY must be an integer between 1 and 64' })
  @Max(64, { message: 'WORKER_CONCURRENCY must be an integer between 1 and 64' })
  WORKER_CONCURRENCY = 1;

  /**
   * Admission at the api: a run or sweep whose fit libs/ml estimates (an upper bound: data
   * copies, working buffers, a forest grown to every leaf its min_samples_leaf allows) to need more
   * memory than this is refused with a 400 naming the parameter, instead of being queued.
   * The default matches a worker's fit memory on a 24 GB machine (WORKER_FIT_MAX_MEMORY_MB).
   */
  @Transform(({ value }) => (value === undefined || value === '' ? 8192 : Number(value)))
  @IsInt({ message: 'RUN_MAX_MEMORY_MB must be an integer between 64 and 1048576' })
  @Min(64, { message: 'RUN_MAX_MEMORY_MB must be an integer between 64 and 1048576' })
  @Max(1_048_576, { message: 'RUN_MAX_MEMORY_MB must be an integer between 64 and 1048576' })
  RUN_MAX_MEMORY_MB = 8192;

  /** ... or more time than this, in seconds on one core (the default: 6 hours). */
  @Transform(({ value }) => (value === undefined || value === '' ? 21_600 : Number(value)))
  @IsInt({ message: 'RUN_MAX_FIT_SECONDS must be an integer between 1 and 31536000' })
  @Min(1, { message: 'RUN_MAX_FIT_SECONDS must be an integer between 1 and 31536000' })
  @Max(31_536_000, { message: 'RUN_MAX_FIT_SECONDS must be an integer between 1 and 31536000' })
  RUN_MAX_FIT_SECONDS = 21_600;

  /**
   * How long a worker's job lock lasts without renewal; workers renew it every half of this, from
   * an event loop that fits never block (they run in a fit process). A killed worker's job is
   * handed to another worker after at most about twice this.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? DEFAULT_JOB_LOCK_MS : Number(value)))
  @IsInt({ message: 'JOB_LOCK_MS must be an integer between 1000 and 600000' })
  @Min(1000, { message: 'JOB_LOCK_MS must be an integer between 1000 and 600000' })
  @Max(600_000, { message: 'JOB_LOCK_MS must be an integer between 1000 and 600000' })
  JOB_LOCK_MS = DEFAULT_JOB_LOCK_MS;

  /**
   * Memory one fit may use (its V8 heap, and its whole resident set): a fit that needs more
   * fails its run or trial, and the worker lives on. The default is half of a 24 GB machine, for
   * its two workers.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? 12_288 : Number(value)))
  @IsInt({ message: 'WORKER_FIT_MAX_MEMORY_MB must be an integer between 64 and 1048576' })
  @Min(64, { message: 'WORKER_FIT_MAX_MEMORY_MB must be an integer between 64 and 1048576' })
  @Max(1_048_576, { message: 'WORKER_FIT_MAX_MEMORY_MB must be an integer between 64 and 1048576' })
  WORKER_FIT_MAX_MEMORY_MB = 12_288;

  /**
   * Claims of one run or trial before it is marked failed instead of fitted again: a job whose fit
   * kills the worker process would otherwise take down every worker that picks it up, for ever.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? DEFAULT_MAX_FIT_ATTEMPTS : Number(value)))
  @IsInt({ message: 'WORKER_MAX_FIT_ATTEMPTS must be an integer between 1 and 100' })
  @Min(1, { message: 'WORKER_MAX_FIT_ATTEMPTS must be an integer between 1 and 100' })
  @Max(100, { message: 'WORKER_MAX_FIT_ATTEMPTS must be an integer between 1 and 100' })
  WORKER_MAX_FIT_ATTEMPTS = DEFAULT_MAX_FIT_ATTEMPTS;

  /** The largest dataset file `POST /datasets` accepts (and the largest an IDX file may decode to); more is a 413. */
  @Transform(({ value }) => (value === undefined || value === '' ? DEFAULT_DATASET_MAX_BYTES : Number(value)))
  @IsInt({ message: 'DATASET_MAX_BYTES must be an integer between 1024 and 68719476736' })
  @Min(1024, { message: 'DATASET_MAX_BYTES must be an integer between 1024 and 68719476736' })
  @Max(2 ** 36, { message: 'DATASET_MAX_BYTES must be an integer between 1024 and 68719476736' })
  DATASET_MAX_BYTES = DEFAULT_DATASET_MAX_BYTES;

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
  @Transform(({ value }) => (value === undefined || value === '' ? DEFAULT_WORKER_METRICS_PORT : Number(value)))
  @IsInt({ message: 'WORKER_METRICS_PORT must be an integer between 0 (off) and 65535' })
  @Min(0, { message: 'WORKER_METRICS_PORT must be an integer between 0 (off) and 65535' })
  @Max(65535, { message: 'WORKER_METRICS_PORT must be an integer between 0 (off) and 65535' })
  WORKER_METRICS_PORT = DEFAULT_WORKER_METRICS_PORT;
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
