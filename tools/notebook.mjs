#!/usr/bin/env node
// The notebook's workflow as API calls: submits the runs (and, once sweeps exist, the sweep),
// shows their progress, and prints the metrics the notebook prints.
import { parseCommandLine } from './cli-args.mjs';
import { parseNotebookArgs, USAGE } from './notebook-args.mjs';
import { NOTEBOOK_SWEEP, RUNS, SPLIT } from './notebook-specs.mjs';

const args = parseCommandLine(parseNotebookArgs, USAGE);

const api = async (method, path, body) => {
  const response = await fetch(`${args.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${process.env.ADMIN_API_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
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
  await exploreData(args.dataset);
  const wanted = args.only;
  const nSamples = args.nSamples;

  const submitted = [];
  for (const name of wanted) {
    const { id } = await api('POST', '/runs', { dataset: args.dataset, n_samples: nSamples, split: SPLIT, estimator: RUNS[name].estimator });
    console.log(`submitted ${RUNS[name].title}: run ${id}`);
    submitted.push({ name, id });
  }

  const sweepId = args.sweep ? (await api('POST', '/sweeps', { ...NOTEBOOK_SWEEP, dataset: args.dataset, n_samples: nSamples })).id : null;
  if (sweepId) console.log(`submitted the notebook's RandomizedSearchCV (10 candidates x 3 folds): sweep ${sweepId}`);

  const started = Date.now();
  const finished = new Map();
  let sweep = null;
  const sweepDone = () => !sweepId || ['succeeded', 'failed', 'cancelled'].includes(sweep?.status);
  while (finished.size < submitted.length || !sweepDone()) {
    const states = await Promise.all(submitted.map(({ id }) => api('GET', `/runs/${id}`)));
    if (sweepId) sweep = await api('GET', `/sweeps/${sweepId}`);
    const parts = states.map((run, i) => `${submitted[i].name}: ${run.status}`);
    if (sweep) parts.push(`sweep: ${sweep.status} ${sweep.progress.done}/${sweep.progress.total}${sweep.eta_seconds ? ` (eta ${sweep.eta_seconds} s)` : ''}`);
    console.log(`[${Math.round((Date.now() - started) / 1000)} s] ${parts.join(' | ')}`);
    for (const run of states) if (run.status === 'succeeded' || run.status === 'failed') finished.set(run.id, run);
    if (finished.size < submitted.length || !sweepDone()) await sleep(5000);
  }

  for (const { name, id } of submitted) report(RUNS[name].title, finished.get(id));
  if (sweep) await reportSweep(sweep);
  const failed = [...finished.values()].filter((run) => run.status !== 'succeeded');
  if (failed.length || (sweep && sweep.status !== 'succeeded')) process.exitCode = 1;
}

/** The notebook's "explore the data" step: shape, classes, value range, NaN check, and where to see a sample. */
async function exploreData(name) {
  const dataset = await api('GET', `/datasets/${encodeURIComponent(name)}`);
  const shape = dataset.image_shape ? `${dataset.image_shape.join(' x ')} images` : `${dataset.n_features} features`;
  console.log(`=== dataset ${dataset.name}: ${dataset.n_samples} samples of ${shape} (sha256 ${dataset.sha256.slice(0, 12)}) ===`);
  console.log(`values in [${dataset.min}, ${dataset.max}], mean ${dataset.mean?.toFixed(2)}; NaN values: ${dataset.nan_count}`);
  console.log(`classes: ${dataset.classes.map(({ label, count }) => `${label} (${count})`).join(', ')}`);
  if (dataset.image_shape) console.log(`first sample: ${args.api}/datasets/${encodeURIComponent(name)}/images/0.png\n`);
}

async function reportSweep(sweep) {
  console.log(`\n=== RandomizedSearchCV sweep ${sweep.id}: ${sweep.status} ===`);
  if (sweep.error) console.log(`error: ${sweep.error}`);
  console.log('leaderboard (mean CV accuracy over 3 folds):');
  console.log(`${'rank'.padStart(4)}  ${'mean'.padStart(7)}  ${'std'.padStart(7)}  folds                      params`);
  const rows = [...sweep.candidates].sort((a, b) => a.rank_test_score - b.rank_test_score);
  for (const candidate of rows) {
    const folds = candidate.fold_scores.map((score) => (score === null ? '  n/a ' : score.toFixed(4))).join(' ');
    const mean = candidate.mean_test_score === null ? 'n/a' : candidate.mean_test_score.toFixed(4);
    const std = candidate.std_test_score === null ? 'n/a' : candidate.std_test_score.toFixed(4);
    console.log(`${String(candidate.rank_test_score).padStart(4)}  ${mean.padStart(7)}  ${std.padStart(7)}  ${folds.padEnd(26)} ${JSON.stringify(candidate.params)}`);
  }
  if (sweep.refit_run) {
    const run = await api('GET', `/runs/${sweep.refit_run.id}`);
    report(`best candidate refitted on the whole training set`, run);
  }
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
