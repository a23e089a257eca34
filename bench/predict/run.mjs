#!/usr/bin/env node
// Prediction latency of the api, over HTTP, against scikit-learn 1.2.1's predict for the same
// model type on the same 14000 test images (the notebook's 80/20 split of mnist_784, random_state
// 42). For each model type it fits the pipeline here with libs/ml (as a worker's run does, via
// runExperiment), uploads the artifact (POST /models), warms the api's model cache, then times
// POST /models/{id}/predict for one image, batches of 100 and the 14000 test images, as JSON and
// as raw bytes (application/octet-stream, 784 bytes per image), answered as JSON or, with
// Accept: application/octet-stream, as binary (int32 labels, then float32 probabilities).
// scikit-learn fits the same pipeline on the same training rows and times predict in process.
// Prints a markdown table with the ratios to the targets: one image p50 <= 20 ms end to end, and
// the 14000 batch <= 1 x scikit-learn's predict time.
//
//   node bench/predict/run.mjs                      # starts an api on local Postgres and Redis
//   node bench/predict/run.mjs --api-url http://localhost:3000   # or uses a running one
//
// Options: --models logistic_regression,random_forest (default: both, when libs/ml has a forest),
// --n-samples N (first N images; default 70000, so the test set is 14000), --max-iter N
// (LogisticRegression, both libraries; default 20), --n-estimators N (forests; default 100),
// --repeats N (timed 14000 batches; single images and batches of 100 are timed 20x and 5x that),
// --skip-sklearn, --database-url URL (a migrated database for the started api; default: a new
// one on postgresql://postgres@127.0.0.1:5432, dropped at the end), --redis-url URL.
//
// Times are from sending the request to having read the whole response body (not parsing it),
// with a kept-alive connection, one request at a time. The test images are kept as bytes and JSON
// bodies made from them when needed: kept as 14000 arrays of numbers, they made each of this
// client's full GCs (one every request or two, from the bodies it sends and reads) cost 30-50 ms
// that landed in the timings. Build first: npx tsc -b tsconfig.json.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { API_KEY_HEADER, MNIST_DATA_DIR, root, startStack, waitForHealth, writeSplit } from '../common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const { values: args } = parseArgs({
  options: {
    'api-url': { type: 'string' },
    'database-url': { type: 'string' },
    'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
    models: { type: 'string' },
    'n-samples': { type: 'string', default: '70000' },
    'max-iter': { type: 'string', default: '20' },
    'n-estimators': { type: 'string', default: '100' },
    repeats: { type: 'string', default: '10' },
    'skip-sklearn': { type: 'boolean', default: false },
  },
});
const nSamples = Number(args['n-samples']);
const repeats = Number(args.repeats);
const ONE_IMAGE_TARGET_MS = 20;

for (const built of ['libs/ml/dist/index.js', 'apps/api/dist/main.js']) {
  if (!existsSync(join(root, built))) throw new Error(`${built} is missing: build first (npx tsc -b tsconfig.json)`);
}
const ml = require(join(root, 'libs/ml/dist/index.js'));

const SPECS = {
  logistic_regression: { type: 'logistic_regression', params: { max_iter: Number(args['max-iter']), random_state: 42 } },
  random_forest: { type: 'random_forest', params: { n_estimators: Number(args['n-estimators']), n_jobs: -1, random_state: 42 } },
};
const modelTypes = (args.models ? args.models.split(',') : Object.keys(SPECS)).filter((type) => {
  if (!SPECS[type]) throw new Error(`unknown model ${type}; use ${Object.keys(SPECS).join(', ')}`);
  if (ml.estimatorTypes().includes(type)) return true;
  console.error(`skipping ${type}: libs/ml has no such estimator yet`);
  return false;
});

const dataset = ml.loadMnist({ n_samples: nSamples });
const split = { test_size: 0.2, random_state: 42, stratify: false };
const { X, train, test } = ml.splitDataset({ dataset, nSamples, split });
const splitDir = writeSplit('predict', train, test);
const testBytes = Buffer.from(ml.takeRows(X, test).data.buffer);
const testLabels = Int32Array.from(test, (row) => dataset.y[row]);
const nTest = test.length;
console.error(`mnist_784, first ${nSamples} images: ${train.length} train / ${test.length} test`);

const server = args['api-url']
  ? { baseUrl: args['api-url'].replace(/\/$/, ''), stop: async () => {} }
  : await startStack({ name: 'predict', redisUrl: args['redis-url'], databaseUrl: args['database-url'] });
const results = [];
try {
  await waitForHealth(server.baseUrl);
  for (const modelType of modelTypes) results.push(await benchModel(modelType));
} finally {
  await server.stop();
  rmSync(splitDir, { recursive: true, force: true });
}
printTables(results);

async function benchModel(modelType) {
  const estimator = { type: 'pipeline', params: { steps: [['scale', { type: 'standard_scaler' }], ['model', SPECS[modelType]]] } };
  console.error(`${modelType}: fitting with libs/ml on ${train.length} images ...`);
  const outcome = await ml.runExperiment({ datasetName: 'mnist_784', dataset, nSamples, split, estimator });
  const uploaded = await fetch(`${server.baseUrl}/models`, {
    method: 'POST',
    headers: { ...API_KEY_HEADER, 'content-type': 'application/octet-stream' },
    body: outcome.artifact.bytes,
  });
  const model = await uploaded.json();
  if (uploaded.status !== 201 && uploaded.status !== 200) throw new Error(`upload failed: ${uploaded.status} ${JSON.stringify(model)}`);
  console.error(`${modelType}: model ${model.id}, ${outcome.artifact.bytes.length} bytes, fit ${outcome.fitSeconds.toFixed(1)} s, test accuracy ${outcome.evaluation.test.accuracy}`);

  const body = (start, count, encoding = 'json') =>
    encoding === 'json'
      ? JSON.stringify({ instances: Array.from({ length: count }, (_, i) => Array.from(testBytes.subarray((start + i) * 784, (start + i + 1) * 784))) })
      : testBytes.subarray(start * 784, (start + count) * 784);
  const predict = async (payload, answer = 'json') => {
    const started = performance.now();
    const contentType = typeof payload === 'string' ? 'application/json' : 'application/octet-stream';
    const accept = answer === 'json' ? 'application/json' : 'application/octet-stream';
    const response = await fetch(`${server.baseUrl}/models/${model.id}/predict`, { method: 'POST', headers: { ...API_KEY_HEADER, 'content-type': contentType, accept }, body: payload });
    const bytes = Buffer.from(await response.arrayBuffer());
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`predict failed: ${response.status} ${bytes.toString('utf8', 0, 500)}`);
    return { ms, bytes, headers: response.headers };
  };

  // Warm-up: loads the model into the api's cache, and warms both JITs.
  const all = body(0, nTest);
  const reference = summarize(JSON.parse((await predict(all)).bytes.toString('utf8')));
  const correct = reference.labels.filter((label, i) => label === testLabels[i]).length;
  for (let i = 0; i < 20; i++) await predict(body(i, 1));
  for (let i = 0; i < 3; i++) await predict(body(i * 100, 100));
  await predict(body(0, nTest, 'binary'));
  // The binary answer holds the JSON answer's labels and probabilities (docs/predict-format.md).
  const binary = await predict(body(0, nTest, 'binary'), 'binary');
  const n = Number(binary.headers.get('x-instances'));
  const labels = new Int32Array(binary.bytes.buffer, binary.bytes.byteOffset, n);
  const proba = new Float32Array(binary.bytes.buffer, binary.bytes.byteOffset + 4 * n, n * reference.nClasses);
  if (n !== nTest || labels.some((label, i) => label !== reference.labels[i]) || proba.subarray(0, reference.nClasses).some((p, k) => p !== reference.firstProba[k])) {
    throw new Error('the binary answer differs from the JSON answer');
  }

  const rows = [];
  const cases = [
    ['one image', 1, 20 * repeats, 'json', 'json'],
    ['one image', 1, 20 * repeats, 'binary', 'json'],
    ['one image', 1, 20 * repeats, 'binary', 'binary'],
    ['batch', 100, 5 * repeats, 'json', 'json'],
    ['batch', nTest, repeats, 'json', 'json'],
    ['batch', nTest, repeats, 'binary', 'json'],
    ['batch', nTest, repeats, 'binary', 'binary'],
  ];
  for (const [name, count, times, encoding, answer] of cases) {
    const payloads = Array.from({ length: Math.min(times, 50) }, (_, i) =>
      count === nTest && encoding === 'json' ? all : body((i * count) % (nTest - count + 1), count, encoding),
    );
    for (let i = 0; i < 2; i++) await predict(payloads[i % payloads.length], answer);
    const ms = [];
    for (let i = 0; i < times; i++) ms.push((await predict(payloads[i % payloads.length], answer)).ms);
    rows.push({ name: `${name}, ${encoding} -> ${answer}`, count, bodyBytes: Buffer.byteLength(payloads[0]), ...percentiles(ms) });
    console.error(`${modelType}: ${name} x${count} (${encoding} -> ${answer}): p50 ${rows.at(-1).p50.toFixed(1)} ms`);
  }

  // The same model's predict_proba in this process, without HTTP: what the api computes.
  const XTest = ml.takeRows(dataset.X, test);
  const loaded = ml.loadModel(outcome.artifact.bytes);
  loaded.predictProba(XTest);
  const library = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    loaded.predictProba(XTest);
    library.push(performance.now() - started);
  }

  let sklearn = null;
  if (!args['skip-sklearn']) {
    console.error(`${modelType}: scikit-learn fits and predicts ...`);
    const output = execFileSync(
      '/usr/bin/python3',
      [
        join(here, 'sklearn_predict.py'),
        `--model=${modelType}`,
        `--data-dir=${MNIST_DATA_DIR}`,
        `--split-dir=${splitDir}`,
        `--repeats=${repeats}`,
        `--max-iter=${args['max-iter']}`,
        `--n-estimators=${args['n-estimators']}`,
      ],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    sklearn = JSON.parse(output);
  }
  return { modelType, accuracy: correct / testLabels.length, fitSeconds: outcome.fitSeconds, rows, library: percentiles(library), sklearn };
}

/** A JSON answer's labels, and the first instance's probabilities (in class order), without the rest of it. */
function summarize(answer) {
  return {
    nClasses: answer.classes.length,
    labels: Int32Array.from(answer.predictions, (prediction) => prediction.label),
    firstProba: Float32Array.from(answer.classes, (label) => answer.predictions[0].probabilities[label]),
  };
}

function printTables(results) {
  const f = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
  const lines = [
    `Prediction over HTTP (JSON or raw bytes, answered as JSON or binary, one request at a time) on mnist_784's 80/20 split (${test.length} test images), against scikit-learn 1.2.1 in process. ${new Date().toISOString()}, ${process.platform} ${process.arch}, Node ${process.version}.`,
    '',
    '| model | request -> response | instances | request body | api p50 ms | api p95 ms | scikit-learn p50 ms | target | ratio | met |',
    '|---|---|---:|---:|---:|---:|---:|---|---:|---|',
  ];
  for (const result of results) {
    const sk = result.sklearn;
    for (const row of result.rows) {
      let reference = '';
      let target = '';
      let ratio = '';
      let met = '';
      if (row.count === 1) {
        reference = sk ? `${f(sk.predict_one.p50_ms)} (predict_proba of 1)` : '';
        target = `p50 <= ${ONE_IMAGE_TARGET_MS} ms`;
        ratio = (row.p50 / ONE_IMAGE_TARGET_MS).toFixed(2);
        met = row.p50 <= ONE_IMAGE_TARGET_MS ? 'yes' : 'no';
      } else if (row.count === test.length && sk) {
        reference = `${f(sk.predict.p50_ms)} (predict)`;
        target = "p50 <= 1 x scikit-learn's predict";
        ratio = (row.p50 / sk.predict.p50_ms).toFixed(2);
        met = row.p50 <= sk.predict.p50_ms ? 'yes' : 'no';
      }
      lines.push(`| ${result.modelType} | ${row.name} | ${row.count} | ${(row.bodyBytes / 1e6).toFixed(2)} MB | ${f(row.p50)} | ${f(row.p95)} | ${reference} | ${target} | ${ratio} | ${met} |`);
    }
  }
  lines.push(
    '',
    `Where the ${test.length}-image time goes, and the models (p50 ms of ${repeats} runs):`,
    '',
    '| model | api over HTTP (binary -> binary) | libs/ml predictProba in process | scikit-learn predict | scikit-learn predict_proba | test accuracy (api / scikit-learn) | fit s (libs/ml / scikit-learn) |',
    '|---|---:|---:|---:|---:|---|---|',
  );
  for (const result of results) {
    const sk = result.sklearn;
    const batch = result.rows.find((row) => row.count === test.length && row.name.endsWith('binary -> binary'));
    lines.push(
      `| ${result.modelType} | ${f(batch.p50)} | ${f(result.library.p50)} | ${sk ? f(sk.predict.p50_ms) : ''} | ${sk ? f(sk.predict_proba.p50_ms) : ''} | ${result.accuracy.toFixed(4)} / ${sk ? sk.accuracy.toFixed(4) : ''} | ${result.fitSeconds.toFixed(1)} / ${sk ? sk.fit_seconds.toFixed(1) : ''} |`,
    );
  }
  console.log(lines.join('\n'));
}

function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { p50: at(0.5), p95: at(0.95), n: values.length };
}

