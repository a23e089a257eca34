import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matrix } from '../base/matrix';
import { restoreEstimator } from '../base/registry';
import { decodeArtifact, encodeArtifact } from '../persistence/artifact';
import { OneVsRestClassifier } from './one-vs-rest';
import { assertCloseTo, binaryLogisticState, blobs, decompositionState, quickBase } from './test-helpers';

const oneVsRest = (nJobs: number | null = null) => new OneVsRestClassifier({ estimator: quickBase(), n_jobs: nJobs });

describe('OneVsRestClassifier', () => {
  it('predicts, breaks ties and normalises probabilities as scikit-learn 1.2.1 does', () => {
    // Classes 1, 4, 7; decision functions x0, x1 and x0 again, so classes 1 and 7 always tie.
    const children = [binaryLogisticState([1, 0], 0), binaryLogisticState([0, 1], 0), binaryLogisticState([1, 0], 0)];
    const model = restoreEstimator(decompositionState('one_vs_rest', [1, 4, 7], children, 2));
    assert.ok(model instanceof OneVsRestClassifier);
    const X = matrix(Float32Array.from([1, 0.5, 0.5, 1, -1, -1, 0, 0]), 4, 2);
    // scikit-learn 1.2.1, OneVsRestClassifier with these LogisticRegression estimators_.
    assert.deepEqual(Array.from(model.decisionFunction(X).data), [1, 0.5, 1, 0.5, 1, 0.5, -1, -1, -1, 0, 0, 0]);
    assert.deepEqual(Array.from(model.predict(X)), [7, 4, 7, 7], 'a tie goes to the last class');
    const expected = [
      [0.35069885066650985, 0.29860229866698024, 0.35069885066650985],
      [0.31501341122543536, 0.36997317754912923, 0.31501341122543536],
      [1 / 3, 1 / 3, 1 / 3],
      [1 / 3, 1 / 3, 1 / 3],
    ];
    assertCloseTo(model.predictProba(X).data, expected.flat(), 1e-7, 'predictProba');
  });

  it('fits one estimator per class, each against the rest: 10 for ten classes', async () => {
    const { X, y } = blobs(10, 6, 4, 1);
    const model = await oneVsRest().fit(X, y);
    assert.equal(model.estimators_.length, 10);
    assert.equal(model.fitInfo()['n_estimators_fitted'], 10);
    // Estimator k (column k) scores the samples of class k above the others, on average.
    const scores = model.decisionFunction(X);
    const rows = Array.from(y.keys());
    for (let k = 0; k < 10; k++) {
      const mean = (of: number[]) => of.reduce((sum, i) => sum + scores.data[i * 10 + k], 0) / of.length;
      assert.ok(mean(rows.filter((i) => y[i] === k)) > mean(rows.filter((i) => y[i] !== k)), `estimator ${k}`);
    }
  });

  it('fits a single estimator for two classes, for the second class', async () => {
    const { X, y } = blobs(2, 10, 3, 2, (k) => [3, 8][k]);
    const model = await oneVsRest().fit(X, y);
    assert.equal(model.estimators_.length, 1);
    const scores = model.decisionFunction(X);
    assert.equal(scores.cols, 1);
    assert.deepEqual(Array.from(model.predict(X)), Array.from(scores.data, (s) => (s > 0 ? 8 : 3)));
    assertCloseTo(model.predictProba(X).data, model.estimators_[0].predictProba(X).data, 1e-6, 'probabilities');
  });

  it('fits the same model on one thread and on two, and round-trips through an artifact', async () => {
    const { X, y } = blobs(4, 12, 3, 3);
    const [serial, parallel] = await Promise.all([oneVsRest(null).fit(X, y), oneVsRest(-1).fit(X, y)]);
    assert.deepEqual(parallel.decisionFunction(X), serial.decisionFunction(X));
    assert.deepEqual(parallel.predictProba(X), serial.predictProba(X));
    assert.equal(serial.fitInfo()['n_jobs'], 1);
    const restored = restoreEstimator(decodeArtifact(encodeArtifact(parallel.serialize())).state) as OneVsRestClassifier;
    assert.deepEqual(restored.predict(X), serial.predict(X));
    assert.deepEqual(restored.predictProba(X), serial.predictProba(X));
  });
});
