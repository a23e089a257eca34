import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidParameterError } from '../base/errors';
import { matrix, type Labels, type Matrix } from '../base/matrix';
import type { ParamValue } from '../base/params';
import { createEstimator, restoreEstimator } from '../base/registry';
import type { Pipeline } from '../compose/pipeline';
import { StandardScaler } from '../preprocessing/standard-scaler';
import { RandomState } from '../utils/random';
import { RandomForestClassifier, type RandomForestParams } from './random-forest';

/** Three classes (labels 3, 7, 9) decided by features 0 and 1, plus noise features; bytes. */
function dataset(n: number, seed: number): { X: Matrix<Uint8Array>; y: Labels } {
  const rng = new RandomState(seed);
  const F = 8;
  const data = Uint8Array.from({ length: n * F }, () => rng.randint(0, 256));
  const y = Int32Array.from({ length: n }, (_, i) => (data[i * F] < 90 ? 3 : data[i * F + 1] < 128 ? 7 : 9));
  return { X: matrix(data, n, F), y };
}

const train = dataset(300, 1);
const test = dataset(100, 2);

async function fitted(params: Partial<RandomForestParams>): Promise<RandomForestClassifier> {
  return new RandomForestClassifier({ n_estimators: 10, random_state: 0, ...params }).fit(train.X, train.y);
}

function accuracy(predicted: Labels, y: Labels): number {
  return predicted.filter((label, i) => label === y[i]).length / y.length;
}

describe('RandomForestClassifier', () => {
  it('is created through the registry, which says what max_depth allows when given 0', () => {
    assert.ok(createEstimator({ type: 'random_forest' }) instanceof RandomForestClassifier);
    assert.throws(
      () => createEstimator({ type: 'random_forest', params: { max_depth: 0 } }),
      (error: unknown) =>
        error instanceof InvalidParameterError &&
        error.path === 'estimator.params.max_depth' &&
        error.message.includes('must be an int in the range [1, inf) or null; got 0'),
    );
  });

  it('rejects every invalid parameter by name', () => {
    const invalid: Record<string, ParamValue[]> = {
      n_estimators: [0, 2.5, null],
      criterion: ['mse', null],
      max_depth: [0, -1, 1.5],
      min_samples_split: [1, 0, 1.5],
      min_samples_leaf: [0, 1.5],
      max_features: [0, 'auto', 1.5],
      bootstrap: ['yes', null],
      max_samples: [0, 1.5],
      class_weight: ['even', { a: 1 }, { 1: -1 }],
      random_state: [-1, 2 ** 32, 0.5],
      n_jobs: [0, 1.5],
      oob_score: [1],
    };
    for (const [name, values] of Object.entries(invalid)) {
      for (const value of values) {
        assert.throws(
          () => createEstimator({ type: 'random_forest', params: { [name]: value } }),
          (error: unknown) => error instanceof InvalidParameterError && error.path === `estimator.params.${name}`,
          `${name}=${JSON.stringify(value)}`,
        );
      }
    }
    assert.throws(() => new RandomForestClassifier({ bootstrap: false, oob_score: true }), /params\.oob_score: .*bootstrap/);
    assert.throws(() => new RandomForestClassifier({ bootstrap: false, max_samples: 10 }), /params\.max_samples/);
  });

  it('learns the classes and their probabilities', async () => {
    const forest = await fitted({});
    assert.deepEqual(Array.from(forest.classes_), [3, 7, 9]);
    assert.ok(accuracy(forest.predict(test.X), test.y) > 0.9);
    const proba = forest.predictProba(test.X);
    assert.equal(proba.cols, 3);
    for (let i = 0; i < proba.rows; i++) {
      const row = proba.data.subarray(i * 3, i * 3 + 3);
      assert.ok(Math.abs(row[0] + row[1] + row[2] - 1) < 1e-6);
    }
    const importances = forest.feature_importances_;
    assert.ok(Math.abs(importances.reduce((sum, value) => sum + value, 0) - 1) < 1e-12);
    assert.ok(importances[0] + importances[1] > 0.5);
  });

  it('grows the same forest for the same random_state, and another for another', async () => {
    const [a, b, c] = await Promise.all([fitted({}), fitted({}), fitted({ random_state: 1 })]);
    assert.deepEqual(a.serialize().arrays, b.serialize().arrays);
    assert.notDeepEqual(a.serialize().arrays['threshold'], c.serialize().arrays['threshold']);
  });

  it('grows the same forest on 1 and on 2 threads', async () => {
    const one = await fitted({ oob_score: true, n_jobs: 1 });
    const two = await fitted({ oob_score: true, n_jobs: 2 });
    assert.deepEqual(two.serialize(), { ...one.serialize(), params: { ...one.getParams(), n_jobs: 2 } });
  });

  it('predicts the same after serialize and restore', async () => {
    const forest = await fitted({ oob_score: true, class_weight: 'balanced_subsample' });
    const restored = restoreEstimator(forest.serialize()) as RandomForestClassifier;
    assert.deepEqual(restored.predict(test.X), forest.predict(test.X));
    assert.deepEqual(restored.predictProba(test.X), forest.predictProba(test.X));
    assert.equal(restored.oob_score_, forest.oob_score_);
    assert.deepEqual(restored.feature_importances_, forest.feature_importances_);
  });

  it('scores out of bag', async () => {
    const forest = await fitted({ oob_score: true, n_estimators: 20 });
    assert.ok((forest.oob_score_ as number) > 0.85, `oob ${forest.oob_score_}`);
    assert.equal(forest.oob_decision_function_?.length, train.X.rows * 3);
  });

  it('grows the same trees after a StandardScaler: scaling changes no split', async () => {
    const raw = await fitted({});
    const scaler = await new StandardScaler().fit(train.X);
    const scaled = await new RandomForestClassifier({ n_estimators: 10, random_state: 0 }).fit(scaler.transform(train.X), train.y);
    const withoutThresholds = (forest: RandomForestClassifier) => {
      const arrays = { ...forest.serialize().arrays };
      delete arrays['threshold'];
      return arrays;
    };
    assert.deepEqual(withoutThresholds(scaled), withoutThresholds(raw));
    // Thresholds are midpoints, so only an unseen value exactly halfway between two training
    // values could go another way (float32 rounding); training values cannot.
    assert.deepEqual(scaled.predict(scaler.transform(train.X)), raw.predict(train.X));
  });

  it("reads the input of a Pipeline's scaler through it: the same forest and predictions, without a scaled copy", async () => {
    const params = { n_estimators: 10, random_state: 0, max_depth: 6 };
    const pipeline = createEstimator({
      type: 'pipeline',
      params: { steps: [['scale', { type: 'standard_scaler' }], ['forest', { type: 'random_forest', params }]] },
    }) as Pipeline;
    await pipeline.fit(train.X, train.y);
    const scaler = await new StandardScaler().fit(train.X);
    const direct = await new RandomForestClassifier(params).fit(scaler.transform(train.X), train.y);
    assert.deepEqual((pipeline.steps[1][1] as RandomForestClassifier).serialize(), direct.serialize());
    // Bytes are compared with thresholds moved to the byte scale; floats go through the scaler.
    const floats = matrix(Float32Array.from(test.X.data), test.X.rows, test.X.cols);
    for (const X of [test.X, floats, train.X]) {
      assert.deepEqual(pipeline.predictProba(X), direct.predictProba(scaler.transform(X)));
      assert.deepEqual(pipeline.predict(X), direct.predict(scaler.transform(X)));
    }
  });

  it('takes class weights, fractions and entropy', async () => {
    for (const params of [
      { class_weight: { 3: 2, 7: 1, 9: 0.5 } },
      { class_weight: 'balanced' as const, criterion: 'log_loss' as const },
      { min_samples_split: 0.05, min_samples_leaf: 0.01, max_features: 0.5, max_samples: 0.5 },
      { bootstrap: false, max_features: null },
    ]) {
      const forest = await fitted(params);
      assert.ok(accuracy(forest.predict(test.X), test.y) > 0.85, JSON.stringify(params));
    }
    await assert.rejects(fitted({ class_weight: { 3: 1, 5: 2 } }), /params\.class_weight/);
    await assert.rejects(fitted({ max_features: 9 }), /params\.max_features/);
  });
});
