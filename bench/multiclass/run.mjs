#!/usr/bin/env node
// OneVsOneClassifier and OneVsRestClassifier around LogisticRegression, libs/ml against
// scikit-learn 1.2.1 in the same run, on the notebook's 80/20 split (random_state 42): raw pixels
// (as the notebook) and StandardScaler-scaled pixels. Prints fit time, predict time and test
// accuracy with their ratios as a markdown table.
//
//   node bench/multiclass/run.mjs            # all 70000 images (scikit-learn takes minutes per model)
//   node bench/multiclass/run.mjs --quick    # the first 10000 images, for iterating
//
// Options: --n-samples N (first N images), --n-jobs N (both libraries; default -1, every core),
// --base JSON (LogisticRegression params for libs/ml, merged over {"random_state": 42}), --only ovo|ovr,
// --raw-only, --dist DIR (a libs/ml build to use instead of building libs/ml/dist), --skip-sklearn.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fitAndPredict, MNIST_DATA_DIR, root, writeSplit } from '../common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'n-samples': { type: 'string' },
    'n-jobs': { type: 'string', default: '-1' },
    base: { type: 'string', default: '{}' },
    only: { type: 'string' },
    'raw-only': { type: 'boolean', default: false },
    dist: { type: 'string' },
    'skip-sklearn': { type: 'boolean', default: false },
  },
});
const nSamples = args['n-samples'] ? Number(args['n-samples']) : args.quick ? 10000 : 70000;
const nJobs = Number(args['n-jobs']);

// LogisticRegression as a user would set it for this bench: by default its own defaults (adam
// mini-batches on the tensor backend), seeded so that runs repeat. scikit-learn's side is
// LogisticRegression(max_iter=1000).
const BASE = { type: 'logistic_regression', params: { random_state: 42, ...JSON.parse(args.base) } };
const STRATEGIES = { ovo: 'one_vs_one', ovr: 'one_vs_rest' };

const dist = args.dist ? resolve(args.dist) : buildLibrary();
const ml = require(join(dist, 'index.js'));

const dataset = ml.loadMnist({ n_samples: nSamples });
const { train, test } = ml.trainTestSplit(nSamples, { test_size: 0.2, random_state: 42 });
const XTrain = ml.takeRows(dataset.X, train);
const yTrain = ml.takeLabels(dataset.y, train);
const XTest = ml.takeRows(dataset.X, test);
const yTest = ml.takeLabels(dataset.y, test);
const splitDir = writeSplit('multiclass', train, test);

console.error(`MNIST first ${nSamples} images: ${train.length} train / ${test.length} test; n_jobs ${nJobs}; libs/ml from ${dist}`);
const rows = [];
try {
  for (const strategy of args.only ? [args.only] : ['ovo', 'ovr']) {
    for (const scaled of args['raw-only'] ? [false] : [false, true]) {
      const name = `${strategy === 'ovo' ? 'OneVsOne' : 'OneVsRest'}(LR), ${scaled ? 'scaled' : 'raw'} pixels`;
      console.error(`${name}: libs/ml ...`);
      const ours = await fitOurs(strategy, scaled);
      console.error(`  ${JSON.stringify(ours)}`);
      const theirs = args['skip-sklearn'] ? null : fitSklearn(strategy, scaled);
      if (theirs) console.error(`  scikit-learn: ${JSON.stringify(theirs)}`);
      rows.push({ name, ours, theirs });
    }
  }
} finally {
  rmSync(splitDir, { recursive: true, force: true });
}
printTable(rows);

function buildLibrary() {
  execFileSync('npx', ['tsc', '-b', 'libs/ml'], { cwd: root, stdio: 'inherit' });
  return join(root, 'libs/ml/dist');
}

async function fitOurs(strategy, scaled) {
  const model = { type: STRATEGIES[strategy], params: { estimator: BASE, n_jobs: nJobs } };
  const spec = scaled ? { type: 'pipeline', steps: [['scaler', { type: 'standard_scaler' }], ['model', model]] } : model;
  const estimator = ml.createEstimator(spec);
  const { fitSeconds, predictSeconds, predicted } = await fitAndPredict(estimator, XTrain, yTrain, XTest);
  const info = scaled ? estimator.fitInfo().model : estimator.fitInfo();
  const proba = estimator.predictProba(XTest);
  return {
    fit_seconds: fitSeconds,
    predict_seconds: predictSeconds,
    accuracy: ml.accuracyScore(yTest, predicted),
    n_estimators: info.n_estimators_fitted,
    n_not_converged: info.base_fit_info.converged?.false ?? 0,
    epochs: info.base_fit_info.n_iter_,
    // How often the most probable class is the predicted one (OvO couples pairwise probabilities).
    proba_agrees: agreement(proba, predicted, estimator.classes_),
  };
}

function agreement(proba, predicted, classes) {
  let same = 0;
  for (let i = 0; i < proba.rows; i++) {
    let best = 0;
    for (let c = 1; c < proba.cols; c++) if (proba.data[i * proba.cols + c] > proba.data[i * proba.cols + best]) best = c;
    if (classes[best] === predicted[i]) same += 1;
  }
  return same / proba.rows;
}

function fitSklearn(strategy, scaled) {
  console.error(`  scikit-learn ...`);
  const script = join(here, 'sklearn_multiclass.py');
  const argv = [script, '--strategy', strategy, '--data-dir', MNIST_DATA_DIR, '--split-dir', splitDir, '--n-jobs', String(nJobs)];
  if (scaled) argv.push('--scaled');
  return JSON.parse(execFileSync('/usr/bin/python3', argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
}

function printTable(results) {
  const f = (x, digits = 1) => (x === undefined || x === null ? '–' : x.toFixed(digits));
  console.log(`\nMNIST, first ${nSamples} images, 80/20 split (random_state 42), n_jobs ${nJobs} on both sides; base: libs/ml ${JSON.stringify(BASE.params)} vs scikit-learn LogisticRegression(max_iter=1000).\n`);
  console.log('| model | fit s (ours) | fit s (sklearn) | fit ratio | predict s (ours) | predict s (sklearn) | accuracy (ours) | accuracy (sklearn) | Δ accuracy (points) | estimators | not converged (ours / sklearn) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const { name, ours, theirs } of results) {
    console.log(
      `| ${name} | ${f(ours.fit_seconds)} | ${f(theirs?.fit_seconds)} | ${theirs ? f(ours.fit_seconds / theirs.fit_seconds, 2) : '–'} | ` +
        `${f(ours.predict_seconds, 2)} | ${f(theirs?.predict_seconds, 2)} | ${f(ours.accuracy, 4)} | ${f(theirs?.accuracy, 4)} | ` +
        `${theirs ? f(100 * (ours.accuracy - theirs.accuracy), 2) : '–'} | ${ours.n_estimators} | ${ours.n_not_converged} / ${theirs?.n_not_converged ?? '–'} |`,
    );
  }
  console.log('\nTargets: fit ratio ≤ 1, Δ accuracy ≥ -0.5 points.');
  console.log(`libs/ml base epochs and probability agreement: ${JSON.stringify(results.map(({ name, ours }) => ({ name, epochs: ours.epochs, proba_argmax_is_prediction: ours.proba_agrees })))}`);
}
