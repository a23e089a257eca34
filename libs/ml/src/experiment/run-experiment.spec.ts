import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isClassifier } from '../base/estimator';
import { takeLabels, takeRows, uniqueLabels } from '../base/matrix';
import type { ClassificationDataset } from '../data/mnist';
import { accuracyScore } from '../metrics/classification';
import { blobs } from '../multiclass/test-helpers';
import { loadModel } from '../persistence/artifact';
import { validateSpec } from '../spec/validate-spec';
import { runExperiment, splitDataset, type ExperimentSplit } from './run-experiment';
import { runCvFold } from './run-fold';

/**
 * A tabular dataset as a CSV upload gives it: float32 features with negative values and ranges
 * from thousandths to thousands (column j is scaled by 10^(j mod 7 - 3) and shifted), 4 classes.
 */
function tabular(): ClassificationDataset<Float32Array> {
  const { X, y } = blobs(4, 150, 10, 7);
  for (let i = 0; i < X.data.length; i++) {
    const j = i % X.cols;
    X.data[i] = X.data[i] * 10 ** ((j % 7) - 3) - 5 * j;
  }
  return { X, y, classes: uniqueLabels(y), nTrain: y.length };
}

const dataset = tabular();
const split: ExperimentSplit = { test_size: 0.25, random_state: 0, stratify: true };
const forest = { type: 'random_forest', params: { n_estimators: 25, random_state: 0 } };
const scaled = (model: unknown) => ({ type: 'pipeline', params: { steps: [['scale', { type: 'standard_scaler' }], ['model', model]] } });
const scaledLogistic = scaled({ type: 'logistic_regression', params: { max_iter: 200 } });
const ESTIMATORS: Record<string, unknown> = {
  random_forest: forest,
  'standard_scaler + logistic_regression': scaledLogistic,
  'standard_scaler + random_forest': scaled(forest),
  one_vs_rest: { type: 'one_vs_rest', params: { estimator: forest } },
  one_vs_one: scaled({ type: 'one_vs_one', params: { estimator: { type: 'logistic_regression', params: { max_iter: 100 } } } }),
};

describe('runExperiment on float32 features', () => {
  for (const [name, spec] of Object.entries(ESTIMATORS)) {
    it(`fits ${name}, and its saved model predicts float rows as the evaluation did`, async () => {
      const outcome = await runExperiment({ datasetName: 'tabular', dataset, nSamples: null, split, estimator: validateSpec(spec) });
      assert.ok(outcome.evaluation.test.accuracy > 0.85, `${name}: test accuracy ${outcome.evaluation.test.accuracy}`);
      const model = loadModel(outcome.artifact.bytes);
      assert.ok(isClassifier(model));
      const { test } = splitDataset({ dataset, nSamples: null, split });
      const XTest = takeRows(dataset.X, test);
      assert.ok(XTest.data instanceof Float32Array);
      assert.equal(accuracyScore(takeLabels(dataset.y, test), model.predict(XTest)), outcome.evaluation.test.accuracy);
    });
  }
});

describe('runCvFold on float32 features', () => {
  it('scores forest and scaled logistic-regression candidates on the same cached fold', async () => {
    const fold = { dataset, nSamples: null, split, cv: 3, fold: 1, datasetKey: 'tabular-float-spec' };
    for (const spec of [forest, scaledLogistic]) {
      const outcome = await runCvFold({ ...fold, estimator: validateSpec(spec) });
      assert.equal(outcome.n_train + outcome.n_test, 450);
      assert.ok(outcome.test_score > 0.85, `${spec.type}: fold accuracy ${outcome.test_score}`);
    }
  });
});
