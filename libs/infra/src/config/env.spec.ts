import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { datasetCacheDir, redisConnectionOptions, validateEnv, workerOptions } from './env';

describe('validateEnv', () => {
  it('defaults to services on localhost', () => {
    const env = validateEnv({});
    assert.equal(env.PORT, 3000);
    assert.equal(env.DATABASE_URL, 'postgresql://postgres@127.0.0.1:5432/mnist_lab');
    assert.equal(env.REDIS_URL, 'redis://127.0.0.1:6379');
    assert.equal(env.QUEUE_PREFIX, 'mnist-lab');
    assert.equal(env.WORKER_CONCURRENCY, 1);
  });

  it('names each bad variable', () => {
    assert.throws(() => validateEnv({ PORT: 'eighty' }), /PORT must be an integer between 1 and 65535 \(got "eighty"\)/);
    assert.throws(() => validateEnv({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL must be a postgresql:\/\/ URL/);
    assert.throws(() => validateEnv({ REDIS_URL: 'localhost:6379' }), /REDIS_URL must be a redis:\/\//);
    assert.throws(() => validateEnv({ QUEUE_PREFIX: 'a b' }), /QUEUE_PREFIX must be/);
    assert.throws(() => validateEnv({ WORKER_CONCURRENCY: '0' }), /WORKER_CONCURRENCY must be an integer between 1 and 64/);
  });

  it('validates the log level and the worker metrics port (0 = off)', () => {
    assert.equal(validateEnv({}).LOG_LEVEL, 'info');
    assert.equal(validateEnv({}).WORKER_METRICS_PORT, 9464);
    assert.equal(validateEnv({ WORKER_METRICS_PORT: '0', LOG_LEVEL: 'debug' }).WORKER_METRICS_PORT, 0);
    assert.throws(() => validateEnv({ LOG_LEVEL: 'verbose' }), /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent \(got "verbose"\)/);
    assert.throws(() => validateEnv({ WORKER_METRICS_PORT: '70000' }), /WORKER_METRICS_PORT must be an integer between 0 and 65535 \(got "70000"\)/);
  });

  it('parses numbers from strings', () => {
    const env = validateEnv({ PORT: '8080', WORKER_CONCURRENCY: '2' });
    assert.equal(env.PORT, 8080);
    assert.equal(env.WORKER_CONCURRENCY, 2);
  });
});

describe('redisConnectionOptions', () => {
  it('reads host, port, credentials and db', () => {
    assert.deepEqual(redisConnectionOptions('redis://user:p%40ss@cache:6380/2'), {
      host: 'cache',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 2,
      tls: undefined,
    });
  });
});

describe('fit limits and job locks', () => {
  it('defaults to 12 GB per fit, 3 attempts and a 5 s lock', () => {
    const env = validateEnv({});
    assert.equal(env.WORKER_FIT_MAX_MEMORY_MB, 12_288);
    assert.equal(env.WORKER_MAX_FIT_ATTEMPTS, 3);
    assert.equal(env.JOB_LOCK_MS, 5000);
  });

  it('names a bad value', () => {
    assert.throws(() => validateEnv({ WORKER_FIT_MAX_MEMORY_MB: '32' }), /WORKER_FIT_MAX_MEMORY_MB must be an integer between 64 and 1048576 \(got "32"\)/);
    assert.throws(() => validateEnv({ WORKER_MAX_FIT_ATTEMPTS: '0' }), /WORKER_MAX_FIT_ATTEMPTS must be an integer between 1 and 100/);
  });

  it('checks for stalled jobs every half lock, and lets a stalled job back as often as fits may be attempted', () => {
    const options = workerOptions({ JOB_LOCK_MS: '8000', WORKER_MAX_FIT_ATTEMPTS: '4' });
    assert.deepEqual({ ...options, name: undefined }, { name: undefined, lockDuration: 8000, stalledInterval: 4000, maxStalledCount: 4 });
    assert.deepEqual({ ...workerOptions({}), name: undefined }, { name: undefined, lockDuration: 5000, stalledInterval: 2500, maxStalledCount: 3 });
  });
});

describe('datasets', () => {
  it('accepts uploads up to 1 GiB and caches under the OS cache directory by default', () => {
    const env = validateEnv({});
    assert.equal(env.DATASET_MAX_BYTES, 1024 ** 3);
    assert.equal(env.DATASET_CACHE_DIR, datasetCacheDir({ ...process.env, DATASET_CACHE_DIR: '' }));
    assert.match(env.DATASET_CACHE_DIR, /mnist-lab[/\\]datasets$/);
    assert.equal(datasetCacheDir({ XDG_CACHE_HOME: '/var/cache/me' }), process.platform === 'linux' ? '/var/cache/me/mnist-lab/datasets' : datasetCacheDir({}));
    assert.equal(validateEnv({ DATASET_CACHE_DIR: '/data/cache' }).DATASET_CACHE_DIR, '/data/cache');
  });

  it('names a bad upload limit', () => {
    assert.throws(() => validateEnv({ DATASET_MAX_BYTES: '100' }), /DATASET_MAX_BYTES must be an integer between 1024 and 68719476736/);
  });
});
