#!/usr/bin/env node
// The notebook's workflow as API calls: submits the runs (and, once sweeps exist, the sweep),
// shows their progress, and prints the metrics the notebook prints.
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    api: { type: 'string', default: 'http://127.0.0.1:3000' },
    only: { type: 'string', default: '' },
    'n-samples': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`usage: npm run main -- [--only logistic,forest,tuned_forest] [--n-samples N]
  --only       comma-separated subset of the runs to submit
  --n-samples  use only the first N images (quick look); default: all 70000`);
  process.exit(0);
}

const split = { test_size: 0.2, random_state: 42 };
const scaled = (model) => ({ type: 'pipeline', steps: [['scale', { type: 'standard_scaler' }], ['model', model]] });
const RUNS = {
  logistic: { title: 'LogisticRegression on scaled pixels', estimator: scaled({ type: 'logistic_regression', params: { C: 1.0, random_state: 42 } }) },
  forest: { title: 'RandomForest (defaults)', estimator: scaled({ type: 'random_forest', params: { random_state: 42, n_jobs: -1 } }) },
  tuned_forest: {
    title: 'RandomForest (hand-tuned)',
    estimator: scaled({
      type: 'random_forest',
      params: { n_estimators: 100, max_depth: 15, min_samples_split: 5, min_samples_leaf: 3, max_features: 'sqrt', random_state: 42, n_jobs: -1 },
    }),
  },
};

const api = async (method, path, body) => {
  const response = await fetch(`${args.api}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status}: ${JSON.stringify(json)}`);
  return json;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForApi() {
  for (let i = 0; i < 120; i++) {
    try {
      await api('GET', '/health');
      return;
    } catch {
      await sleep(500);
    }
  }
  throw new Error(`the api at ${args.api} did not become healthy`);
}

async function main() {
  await waitForApi();
  const wanted = args.only ? args.only.split(',') : Object.keys(RUNS);
  const unknown = wanted.filter((name) => !RUNS[name]);
  if (unknown.length) throw new Error(`unknown run(s) ${unknown.join(', ')}; choose from ${Object.keys(RUNS).join(', ')}`);
  const nSamples = args['n-samples'] ? Number(args['n-samples']) : null;

  const submitted = [];
  for (const name of wanted) {
    const { id } = await api('POST', '/runs', { dataset: 'mnist_784', n_samples: nSamples, split, estimator: RUNS[name].estimator });
    console.log(`submitted ${RUNS[name].title}: run ${id}`);
    submitted.push({ name, id });
  }

  const started = Date.now();
  const finished = new Map();
  while (finished.size < submitted.length) {
    const states = await Promise.all(submitted.map(({ id }) => api('GET', `/runs/${id}`)));
    const line = states.map((run, i) => `${submitted[i].name}: ${run.status}`).join(' | ');
    process.stdout.write(`\r[${Math.round((Date.now() - started) / 1000)} s] ${line}   `);
    for (const run of states) if (run.status === 'succeeded' || run.status === 'failed') finished.set(run.id, run);
    if (finished.size < submitted.length) await sleep(2000);
  }
  process.stdout.write('\n');

  for (const { name, id } of submitted) report(RUNS[name].title, finished.get(id));
  const failed = [...finished.values()].filter((run) => run.status !== 'succeeded');
  if (failed.length) process.exitCode = 1;
}

function report(title, run) {
  console.log(`\n=== ${title} (run ${run.id}) ===`);
  if (run.status !== 'succeeded') {
    console.log(`FAILED: ${run.error}`);
    return;
  }
  const { test, train } = run.metrics;
  console.log(`backend: ${run.tensor_backend}   fit: ${run.timings.fit_seconds.toFixed(1)} s   predict (test): ${run.timings.predict_seconds.toFixed(2)} s`);
  console.log(`accuracy  train ${train.accuracy.toFixed(4)}   test ${test.accuracy.toFixed(4)}   (gap ${(train.accuracy - test.accuracy).toFixed(4)}: the notebook's overfitting check)`);
  console.log('\nconfusion matrix (test; rows = true label, columns = predicted):');
  const { labels, matrix } = test.confusion_matrix;
  console.log(`      ${labels.map((label) => String(label).padStart(5)).join('')}`);
  matrix.forEach((row, i) => console.log(`${String(labels[i]).padStart(5) } ${row.map((v) => String(v).padStart(5)).join('')}`));
  console.log('\nclassification report (test):');
  const reportRows = test.classification_report;
  console.log(`${''.padStart(14)}${['precision', 'recall', 'f1-score', 'support'].map((h) => h.padStart(10)).join('')}`);
  for (const [key, row] of Object.entries(reportRows)) {
    if (key === 'accuracy') continue;
    console.log(`${key.padStart(14)}${[row.precision, row.recall, row['f1-score']].map((v) => v.toFixed(2).padStart(10)).join('')}${String(row.support).padStart(10)}`);
  }
  console.log(`${'accuracy'.padStart(14)}${''.padStart(20)}${reportRows.accuracy.toFixed(2).padStart(10)}${String(test.n_samples).padStart(10)}`);
}

main().catch((error) => {
  console.error(`\n${error.message}`);
  process.exit(1);
});
