// What bench/history's runs are made of: the estimator specs (each as the api stores a submitted
// run: libs/contracts' validateRunRequest with every default filled in, model_type and seeds as
// RunsRepository's runCreateData derives them), their expected accuracies and fit times on MNIST
// (close to what this project's bench/forest and bench/multiclass measured), and evaluations made
// by libs/ml's own evaluateClassifier from synthetic predictions, so that run_results and the
// run_metrics derived from them have exactly the worker's format. fill.sql picks from these.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from '../common.mjs';

const require = createRequire(import.meta.url);
const contracts = require(join(root, 'libs/contracts/dist/index.js'));
const ml = require(join(root, 'libs/ml/dist/index.js'));

/** MNIST's class counts in the 80/20 split (random_state 42) of its 70,000 images. */
const TEST_SUPPORT = [1381, 1575, 1398, 1428, 1365, 1263, 1375, 1459, 1365, 1391];
const ALL_SUPPORT = [6903, 7877, 6990, 7141, 6824, 6313, 6876, 7293, 6825, 6958];
const TRAIN_SUPPORT = ALL_SUPPORT.map((count, label) => count - TEST_SUPPORT[label]);
/** How much more often than average each digit is misread (1 and 0 rarely, 8 and 9 often), and what as. */
const ERROR_SHARE = [0.45, 0.4, 1.15, 1.2, 1.0, 1.3, 0.65, 1.0, 1.5, 1.35];
const CONFUSED_WITH = [6, 7, 8, 5, 9, 3, 0, 9, 3, 4];

export const SPLIT = { test_size: 0.2, random_state: 42 };
export const RF_GRID = { model__n_estimators: [10, 25, 50, 100, 200, 300], model__criterion: ['gini', 'entropy', 'log_loss'], model__max_depth: [null, 1, 2, 3, 5, 10, 20] };
export const LR_GRID = { model__C: [0.01, 0.1, 1, 10, 100], model__max_iter: [20, 50, 100, 200, 1000] };
const RF_DEPTH = new Map([[null, [0.967, 1.0, 1]], [20, [0.966, 0.999, 0.95]], [10, [0.948, 0.97, 0.6]], [5, [0.86, 0.865, 0.3]], [3, [0.77, 0.772, 0.2]], [2, [0.66, 0.661, 0.15]], [1, [0.47, 0.47, 0.1]]]);
const RF_TREES = new Map([[10, -0.015], [25, -0.006], [50, -0.002], [100, 0], [200, 0.001], [300, 0.0015]]);
const LR_C = new Map([[0.01, 0.915], [0.1, 0.92], [1, 0.918], [10, 0.915], [100, 0.913]]);
const LR_ITER = new Map([[20, -0.01], [50, -0.003], [100, 0], [200, 0], [1000, 0]]);

const pipeline = (model) => ({ type: 'pipeline', params: { steps: [['scale', { type: 'standard_scaler' }], ['model', model]] } });
const forest = (n_estimators, criterion, max_depth) => ({ type: 'random_forest', params: { n_estimators, criterion, max_depth, n_jobs: -1, random_state: 42 } });
const logistic = (C, max_iter) => ({ type: 'logistic_regression', params: { C, max_iter, random_state: 42 } });

/** A stored run's columns for an estimator, as RunsRepository's runCreateData makes them. */
export function storedSpec(estimator, split = SPLIT) {
  const spec = contracts.validateRunRequest({ dataset: 'mnist_784', split, estimator });
  return { spec, model_type: contracts.finalEstimatorType(spec.estimator), split_seed: spec.split.random_state, estimator_seed: contracts.estimatorSeed(spec.estimator) };
}

/**
 * The specs runs are drawn from, with their share of the runs: forests in a scaled pipeline (half
 * the runs), LogisticRegression scaled and on raw pixels, and OneVsRest / OneVsOne of it. Each has
 * `quality` (expected test accuracy), `overfit` (train minus test), `fit_base` / `predict_base` seconds.
 */
export function specPool() {
  const entries = [];
  for (const trees of RF_GRID.model__n_estimators)
    for (const criterion of RF_GRID.model__criterion)
      for (const depth of RF_GRID.model__max_depth) {
        const [accuracy, train, depthCost] = RF_DEPTH.get(depth);
        const quality = accuracy + RF_TREES.get(trees) + (criterion === 'gini' ? 0 : 0.001);
        entries.push({ estimator: pipeline(forest(trees, criterion, depth)), label: `rf-${trees}-${criterion}-${depth ?? 'none'}`, weight: 0.5, quality, overfit: Math.max(0.002, train - quality), fit_base: 0.055 * trees * depthCost, predict_base: 0.004 * trees + 0.05 });
      }
  const wrappers = [
    ['lr', (C, iter) => pipeline(logistic(C, iter)), 0.15, 0, 1],
    ['lr-raw', (C, iter) => logistic(C, iter), 0.1, -0.01, 1],
    ['ovr', (C, iter) => pipeline({ type: 'one_vs_rest', params: { estimator: logistic(C, iter) } }), 0.125, -0.005, 8],
    ['ovo', (C, iter) => pipeline({ type: 'one_vs_one', params: { estimator: logistic(C, iter) } }), 0.125, 0.01, 3],
  ];
  for (const [label, make, weight, offset, cost] of wrappers)
    for (const C of LR_GRID.model__C)
      for (const iter of LR_GRID.model__max_iter) {
        const quality = LR_C.get(C) + LR_ITER.get(iter) + offset;
        entries.push({ estimator: make(C, iter), label: `${label}-C${C}-it${iter}`, weight, quality, overfit: 0.02, fit_base: 0.12 * Math.min(iter, 150) * cost, predict_base: 0.05 * cost });
      }
  return entries;
}

/** A seeded generator (mulberry32): the same evaluations every time. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * libs/ml's evaluation of predictions that are right with probability about `accuracy`: each
 * digit misread at its own rate (ERROR_SHARE, with some noise), most often as the digit it is
 * usually confused with, else as any other.
 */
export function syntheticEvaluation(accuracy, subset, random) {
  const support = subset === 'test' ? TEST_SUPPORT : TRAIN_SUPPORT;
  const n = support.reduce((sum, count) => sum + count, 0);
  const yTrue = new Int32Array(n);
  const yPred = new Int32Array(n);
  let at = 0;
  support.forEach((count, label) => {
    const errorRate = Math.min(0.95, (1 - accuracy) * ERROR_SHARE[label] * (0.8 + 0.4 * random()));
    for (let i = 0; i < count; i++, at++) {
      yTrue[at] = label;
      const wrong = random() < errorRate;
      yPred[at] = !wrong ? label : random() < 0.6 ? CONFUSED_WITH[label] : (label + 1 + Math.floor(random() * 9)) % 10;
    }
  });
  const { accuracy: measured, n_samples, metrics } = ml.evaluateClassifier(yTrue, yPred, Int32Array.from({ length: 10 }, (_, label) => label));
  return { subset, accuracy: measured, n_samples, metrics };
}
