// docker-compose.yml as README's "docker compose up --build --scale worker=N" needs it: checked on
// the file itself (no Docker engine runs here); scripts/test.sh also runs `docker-compose config`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

// merge: the app services share one environment through a `<<: *env` merge key.
const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8'), { merge: true });
const { services, volumes } = compose;
const mounts = (service) => (services[service].volumes ?? []).map((volume) => volume.split(':'));

describe('docker-compose.yml', () => {
  it('brings up postgres, redis, the migration, the api and the workers, each service healthy before its dependants start', () => {
    assert.deepEqual(Object.keys(services).sort(), ['api', 'migrate', 'postgres', 'redis', 'worker']);
    for (const service of ['postgres', 'redis', 'api', 'worker']) assert.ok(services[service].healthcheck?.test, `${service} has a health check`);
    assert.match(services.postgres.healthcheck.test.join(' '), /pg_isready/);
    assert.match(services.redis.healthcheck.test.join(' '), /redis-cli ping/);
    assert.match(services.api.healthcheck.test.join(' '), /127\.0\.0\.1:3000\/health/);
    assert.match(services.worker.healthcheck.test.join(' '), new RegExp(`127\\.0\\.0\\.1:${services.worker.environment.WORKER_METRICS_PORT}/metrics`));
    assert.equal(services.api.depends_on.migrate.condition, 'service_completed_successfully');
    assert.equal(services.worker.depends_on.migrate.condition, 'service_completed_successfully');
    assert.equal(services.worker.depends_on.redis.condition, 'service_healthy');
  });

  it('lets the worker service scale: no container name, no published port', () => {
    assert.equal(services.worker.container_name, undefined);
    assert.equal(services.worker.ports, undefined);
    assert.deepEqual(services.worker.command, ['npm', 'run', 'start:worker']);
    assert.ok(Number(services.worker.environment.WORKER_METRICS_PORT) > 0, 'each replica serves its metrics');
  });

  it('shares one named dataset-cache volume, at DATASET_CACHE_DIR, between the api and every worker', () => {
    assert.ok('dataset-cache' in volumes);
    for (const service of ['api', 'worker']) {
      const cacheDir = services[service].environment.DATASET_CACHE_DIR;
      assert.ok(cacheDir, `${service} sets DATASET_CACHE_DIR`);
      assert.ok(mounts(service).some(([name, target]) => name === 'dataset-cache' && target === cacheDir), `${service} mounts dataset-cache at ${cacheDir}`);
    }
  });

  it('gives every app container the same database, Redis and queue prefix', () => {
    const env = (service) => services[service].environment;
    for (const service of ['api', 'worker', 'migrate']) {
      assert.equal(env(service).DATABASE_URL, 'postgresql://postgres:postgres@postgres:5432/mnist_lab');
      assert.equal(env(service).REDIS_URL, 'redis://redis:6379');
      assert.equal(env(service).QUEUE_PREFIX, env('api').QUEUE_PREFIX);
    }
  });
});
