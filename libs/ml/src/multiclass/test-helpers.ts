/** Fixtures shared by the multiclass specs (not exported from the package). */
import assert from 'node:assert/strict';
import type { EstimatorState } from '../base/estimator';
import { matrix, type Labels, type Matrix } from '../base/matrix';
import { LogisticRegression } from '../linear/logistic-regression';
import { RandomState } from '../utils/random';

/** Seeded and short: these tests are about the decomposition, not about fitting well. */
export const QUICK_BASE_PARAMS = { max_iter: 20, learning_rate_init: 0.05, random_state: 0 } as const;

/** The binary classifier the decomposition specs fit. */
export const quickBase = () => new LogisticRegression(QUICK_BASE_PARAMS);

/** `nClasses` Gaussian blobs in `nFeatures` dimensions, labels `labelOf(k)`; overlapping enough that pairs disagree. */
export function blobs(nClasses: number, nPerClass: number, nFeatures: number, seed: number, labelOf = (k: number) => k): { X: Matrix<Float32Array>; y: Labels } {
  const random = new RandomState(seed);
  const centres = Array.from({ length: nClasses }, () => Array.from({ length: nFeatures }, () => 2 * random.normal()));
  const n = nClasses * nPerClass;
  const X = new Float32Array(n * nFeatures);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % nClasses;
    for (let j = 0; j < nFeatures; j++) X[i * nFeatures + j] = centres[k][j] + random.normal();
    y[i] = labelOf(k);
  }
  return { X: matrix(X, n, nFeatures), y };
}

/**
 * A fitted binary LogisticRegression whose decision function is exactly `w·x + b` (scikit-learn's
 * `coef_ = [w]`, `intercept_ = [b]`): class 0's row is zero.
 */
export function binaryLogisticState(w: readonly number[], b: number): EstimatorState {
  return {
    type: 'logistic_regression',
    params: {},
    attributes: { n_features_in_: w.length },
    arrays: {
      coef: Float32Array.from([...w.map(() => 0), ...w]),
      intercept: Float32Array.from([0, b]),
      classes: Int32Array.from([0, 1]),
    },
    children: [],
  };
}

/** A fitted meta-estimator's state around hand-made LogisticRegression children. */
export function decompositionState(type: string, classes: readonly number[], children: readonly EstimatorState[], nFeatures: number): EstimatorState {
  return {
    type,
    params: { estimator: { type: 'logistic_regression', params: {} }, n_jobs: null },
    attributes: { n_features_in_: nFeatures, fit_info: {} },
    arrays: { classes: Int32Array.from(classes) },
    children,
  };
}

export function assertCloseTo(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `${what}[${i}]: ${actual[i]} vs ${expected[i]} (all: ${Array.from(actual).join(', ')})`);
  }
}
