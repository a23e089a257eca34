import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redisConnectionOptions, validateEnv } from './env';

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
