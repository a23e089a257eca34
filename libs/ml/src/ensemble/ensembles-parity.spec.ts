/**
 * VotingClassifier and StackingClassifier against scikit-learn 1.2.1 on the same data and the same
 * deterministic base estimators (libs/ml/fixtures/ensembles/generate.py wrote the fixture).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Classifier, EstimatorSpec } from '../base/estimator';
import { matrix, type Matrix } from '../base/matrix';
import { createEstimator } from '../base/registry';
import { StandardScaler } from '../preprocessing/standard-scaler';
import { StackingClassifier } from './stacking';
import type { VotingClassifier } from './voting';

interface Case {
  readonly name: string;
  readonly spec: EstimatorSpec;
  /** multi: bytes, 10 classes; binary: bytes of two digits; standardized: multi through a StandardScaler fitted on its training rows. */
  readonly data: 'multi' | 'binary' | 'standardized';
  readonly predict: number[];
  readonly predict_proba?: number[];
  readonly transform?: number[];
  readonly member_predict?: number[][];
}

interface Fixture {
  readonly sklearn_version: string;
  readonly n_features: number;
  readonly train: { X: number[]; y: number[] };
  readonly test: { X: number[] };
  readonly binary_train: { X: number[]; y: number[] };
  readonly binary_test: { X: number[] };
  readonly cases: readonly Case[];
}

const fixture: Fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/ensembles/ensembles.json'), 'utf8'));
const bytes = (values: number[]): Matrix<Uint8Array> => matrix(Uint8Array.from(values), values.length / fixture.n_features, fixture.n_features);

/**
 * Probabilities and stacked features agree to float32 solvers' precision (relative, or absolute
 * below 1): lbfgs stops at `tol`, and float32 sums differ between the native and the wasm backend,
 * so a stacked logistic regression lands up to a few 1e-3 from scikit-learn's float64 solution.
 */
const PROBA_TOLERANCE = 5e-3;

function assertClose(actual: ArrayLike<number>, expected: readonly number[], tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let worst = 0;
  let at = 0;
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (error > worst) [worst, at] = [error, i];
  }
  assert.ok(worst <= tolerance, `${what}: ${actual[at]} vs scikit-learn's ${expected[at]} at ${at} (relative error ${worst})`);
}

/** The share of labels equal to scikit-learn's (a near-tie of probabilities may fall either way). */
function agreement(actual: ArrayLike<number>, expected: readonly number[]): number {
  let same = 0;
  for (let i = 0; i < expected.length; i++) same += actual[i] === expected[i] ? 1 : 0;
  return same / expected.length;
}

async function caseData(data: Case['data']): Promise<{ X: Matrix; y: Int32Array; Xtest: Matrix }> {
  const [train, test] = data === 'binary' ? [fixture.binary_train, fixture.binary_test] : [fixture.train, fixture.test];
  const y = Int32Array.from(train.y);
  if (data !== 'standardized') return { X: bytes(train.X), y, Xtest: bytes(test.X) };
  const scaler = await new StandardScaler().fit(bytes(train.X));
  return { X: scaler.transform(bytes(train.X)), y, Xtest: scaler.transform(bytes(test.X)) };
}

describe(`ensembles match scikit-learn ${fixture.sklearn_version}`, () => {
  for (const testCase of fixture.cases) {
    it(testCase.name, async () => {
      const { X, y, Xtest } = await caseData(testCase.data);
      const model = (await createEstimator(testCase.spec).fit(X, y)) as Classifier;
      assert.deepEqual(Array.from(model.classes_), [...new Set(y)].sort((a, b) => a - b));
      if (testCase.member_predict) {
        // The base estimators predict what scikit-learn's do, so the votes are what the labels test: exactly.
        const members = (model as VotingClassifier).estimators_;
        testCase.member_predict.forEach((expected, e) => assert.deepEqual(Array.from(members[e].predict(Xtest)), expected, `member ${e}`));
        assert.deepEqual(Array.from(model.predict(Xtest)), testCase.predict);
      }
      assert.ok(agreement(model.predict(Xtest), testCase.predict) >= 0.995, `labels agree on ${agreement(model.predict(Xtest), testCase.predict)}`);
      if (testCase.predict_proba) assertClose(model.predictProba(Xtest).data, testCase.predict_proba, PROBA_TOLERANCE, 'predict_proba');
      if (testCase.transform) assertClose((model as StackingClassifier).transform(Xtest).data, testCase.transform, PROBA_TOLERANCE, 'transform');
    });
  }
});
