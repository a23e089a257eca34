import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Classifier } from '../base/estimator';
import type { Pipeline } from '../compose/pipeline';
import { DataError, InvalidParameterError, NotFittedError } from '../base/errors';
import { matrix, takeRows, type Matrix } from '../base/matrix';
import { RandomForestClassifier } from '../ensemble/random-forest';
import { createEstimator, restoreEstimator } from '../base/registry';
import { decodeArtifact, encodeArtifact } from '../persistence/artifact';
import { LOGISTIC_REGRESSION_SCHEMA } from '../spec/logistic-regression';
import { resolveParamPath, validateSpec, withParam } from '../spec/validate-spec';
import { OneVsOneClassifier, ovoDecisionValues } from './one-vs-one';
import { reviveError, serializeError } from './parallel-fit';
import { assertCloseTo, binaryLogisticState, blobs, decompositionState, QUICK_BASE_PARAMS, quickBase } from './test-helpers';

const oneVsOne = (nJobs: number | null = null) => new OneVsOneClassifier({ estimator: quickBase(), n_jobs: nJobs });
const BASE = { type: 'logistic_regression', params: QUICK_BASE_PARAMS };

describe('ovoDecisionValues', () => {
  it("adds the transformed confidences to the votes exactly as scikit-learn's _ovr_decision_function", () => {
    // Columns: pairs (0, 1), (0, 2), (1, 2). Rows 0, 1 and 3 tie on votes; row 3 ties on confidences too.
    const predictions = [[0, 1, 0, 0, 1], [1, 0, 1, 1, 1], [0, 1, 1, 0, 1]];
    const confidences = [[-0.3, 0.2, -0.3, -0.5, 0.9], [0.7, -0.1, 0.7, 0.5, 0.1], [-2.1, 0.4, 2.1, -0.5, 0.3]];
    // scikit-learn 1.2.1: _ovr_decision_function(predictions.T, confidences.T, 3).
    const expected = [
      [0.9047619047619048, 1.2142857142857144, 0.8055555555555556],
      [0.9696969696969697, 0.9444444444444444, 1.0769230769230769],
      [0.9047619047619048, -0.23529411764705882, 2.245614035087719],
      [1.0, 1.0, 1.0],
      [-0.16666666666666666, 1.125, 2.0952380952380953],
    ];
    assert.deepEqual(Array.from(ovoDecisionValues(predictions, confidences, 3)), expected.flat());
  });

  it('needs one column per pair of classes', () => {
    assert.throws(() => ovoDecisionValues([[0]], [[0.5]], 3), /3 classes need 3 pairs/);
  });
});

describe('OneVsOneClassifier', () => {
  it('breaks vote ties with the confidences as scikit-learn 1.2.1 does', () => {
    // Classes 2, 3, 5, 8; pairs (2,3), (2,5), (2,8), (3,5), (3,8), (5,8) with decision w·x + b. Samples 0, 2, 3, 4
    // and 6 tie on votes; pair (3,5) is exactly 0 on sample 0, which votes for 3 (label 0).
    const pairs: [number[], number][] = [[[1, -0.5], 0.25], [[0.5, 0.5], -1], [[-1, 0.25], 0.5], [[0.25, 1], 0], [[-0.5, -0.5], 0.75], [[1.5, -1], -0.25]];
    const model = restoreEstimator(decompositionState('one_vs_one', [2, 3, 5, 8], pairs.map(([w, b]) => binaryLogisticState(w, b)), 2));
    assert.ok(model instanceof OneVsOneClassifier);
    const X = matrix(Float32Array.from([0, 0, 1, 2, -1.5, 0.5, 2, -1, 0.5, 0.5, -0.5, -2, 0.25, 0.25]), 7, 2);
    // scikit-learn 1.2.1, OneVsOneClassifier with these LogisticRegression estimators_: decision_function, predict.
    const expected = [
      [1.0666666666666667, 1.8888888888888888, 0.8571428571428572, 2.1666666666666665],
      [0.8571428571428572, 1.8148148148148149, 3.259259259259259, -0.2],
      [2.1555555555555554, -0.24731182795698925, 2.2063492063492065, 2.090909090909091],
      [1.8888888888888888, 2.25, -0.2753623188405797, 2.230769230769231],
      [0.962962962962963, 0.9090909090909091, 2.037037037037037, 2.090909090909091],
      [1.1666666666666667, 2.1555555555555554, -0.28104575163398693, 3.259259259259259],
      [1.0196078431372548, 0.8985507246376812, 1.9206349206349207, 2.1358024691358026],
    ];
    assert.deepEqual(Array.from(model.decisionFunction(X).data), expected.flat().map(Math.fround));
    assert.deepEqual(Array.from(model.predict(X)), [8, 5, 5, 3, 8, 8, 8]);
  });

  it('fits one estimator per pair of classes, class j as label 1: 45 for ten classes', async () => {
    const { X, y } = blobs(10, 6, 4, 1);
    const model = await oneVsOne().fit(X, y);
    assert.equal(model.estimators_.length, 45);
    assert.equal(model.fitInfo()['n_estimators_fitted'], 45);
    assert.deepEqual(Array.from(model.classes_), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Pair (0, 9) is the 9th: it says 1 for most samples of class 9 and 0 for most of class 0.
    const rowsOf = (label: number) => Int32Array.from(Array.from(y).flatMap((l, i) => (l === label ? [i] : [])));
    const votes = (label: number) => Array.from(model.estimators_[8].predict(takeRows(X, rowsOf(label))));
    assert.ok(votes(9).filter((v) => v === 1).length >= 4, `class 9: ${votes(9)}`);
    assert.ok(votes(0).filter((v) => v === 0).length >= 4, `class 0: ${votes(0)}`);
  });

  it('fits the same model on one thread and on two (seeded base estimator)', async () => {
    const { X, y } = blobs(4, 12, 3, 2, (k) => 10 * k);
    const [serial, parallel] = await Promise.all([oneVsOne(1).fit(X, y), oneVsOne(2).fit(X, y)]);
    assert.deepEqual(parallel.predict(X), serial.predict(X));
    assert.deepEqual(parallel.decisionFunction(X), serial.decisionFunction(X));
    assert.deepEqual(parallel.predictProba(X), serial.predictProba(X));
    assert.deepEqual([serial.fitInfo()['n_jobs'], parallel.fitInfo()['n_jobs']], [1, 2]);
    assert.deepEqual(parallel.fitInfo()['base_fit_info'], serial.fitInfo()['base_fit_info']);
  });

  it('round-trips through serialize, an artifact and restoreEstimator', async () => {
    const { X, y } = blobs(3, 10, 3, 3);
    const model = await oneVsOne().fit(X, y);
    const { header, state } = decodeArtifact(encodeArtifact(model.serialize()));
    assert.deepEqual(header.classes, [0, 1, 2]);
    const restored = restoreEstimator(state) as OneVsOneClassifier;
    assert.deepEqual(restored.toSpec(), model.toSpec());
    assert.deepEqual(restored.predict(X), model.predict(X));
    assert.deepEqual(restored.decisionFunction(X), model.decisionFunction(X));
    assert.deepEqual(restored.predictProba(X), model.predictProba(X));
    assert.deepEqual(restored.fitInfo(), model.fitInfo());
  });

  it("couples the pairs' probabilities into rows summing to 1; for two classes, the base's own", async () => {
    const { X, y } = blobs(3, 10, 3, 4);
    const proba = (await oneVsOne().fit(X, y)).predictProba(X);
    for (let i = 0; i < proba.rows; i++) {
      const row = proba.data.subarray(3 * i, 3 * i + 3);
      assert.ok(Math.abs(row[0] + row[1] + row[2] - 1) < 1e-6 && row.every((p) => p >= 0), `row ${i}: ${row}`);
    }
    const two = blobs(2, 10, 3, 5);
    const binary = await oneVsOne().fit(two.X, two.y);
    assertCloseTo(binary.predictProba(two.X).data, (binary.estimators_[0] as Classifier).predictProba(two.X).data, 1e-6, 'two classes');
    assert.equal(binary.decisionFunction(two.X).cols, 1);
  });

  it('rejects an invalid nested spec, naming the path', () => {
    const rejects = (spec: unknown, path: string, message: RegExp) =>
      assert.throws(() => validateSpec(spec), (error: unknown) => error instanceof InvalidParameterError && error.path === path && message.test(error.detail));
    const lr = (params: object) => ({ type: 'logistic_regression', params });
    rejects({ type: 'one_vs_one', params: { estimator: lr({ C: -1 }) } }, 'estimator.params.estimator.params.C', /must be a float in the range \(0, inf\)/);
    rejects({ type: 'one_vs_one', params: { estimator: { type: 'one_vs_rest', params: { estimator: lr({ C: 0 }) } } } }, 'estimator.params.estimator.params.estimator.params.C', /got 0/);
    rejects({ type: 'one_vs_one', params: {} }, 'estimator.params.estimator', /must be an estimator spec/);
    rejects({ type: 'one_vs_one', params: { estimator: { type: 'forest' } } }, 'estimator.params.estimator.type', /unknown estimator type "forest"/);
    rejects({ type: 'one_vs_one', params: { estimator: lr({}), n_jobs: 0 } }, 'estimator.params.n_jobs', /\[1, inf\), an int in the range \(-inf, -1\] or null; got 0/);
    rejects({ type: 'one_vs_one', params: { estimator: { type: 'standard_scaler' } } }, 'estimator.params.estimator.type', /must be a classifier; standard_scaler is a transformer/);
  });

  it('exposes the base estimator\'s parameters to searches as estimator__<name>', () => {
    const spec = validateSpec({ type: 'pipeline', steps: [['model', { type: 'one_vs_one', params: { estimator: BASE } }]] });
    assert.equal(resolveParamPath(spec, 'model__estimator__C', 'param_distributions'), LOGISTIC_REGRESSION_SCHEMA['C']);
    const tuned = createEstimator(withParam(spec, 'model__estimator__C', 0.5)) as Pipeline;
    const base = tuned.steps[0][1].getParams()['estimator'] as { params: { C: number } };
    assert.equal(base.params.C, 0.5);
  });

  it('predictWithProba reads each pair once: a forest pair votes one time for its labels, confidences and probabilities', async () => {
    const { X, y } = blobs(3, 10, 3, 6);
    const model = await new OneVsOneClassifier({ estimator: new RandomForestClassifier({ n_estimators: 3, random_state: 0 }) }).fit(X, y);
    const passes = model.estimators_.map((estimator) => {
      const count = { passes: 0 };
      const predictWithProba = estimator.predictWithProba.bind(estimator);
      // A forest's predict and predictProba go through its predictWithProba too, so every vote count is counted here.
      Object.assign(estimator, { predictWithProba: (input: Matrix) => (count.passes++, predictWithProba(input)) });
      return count;
    });
    const both = model.predictWithProba(X);
    assert.deepEqual(passes.map(({ passes: n }) => n), [1, 1, 1]);
    assert.deepEqual(both.labels, model.predict(X));
    assert.deepEqual(both.proba, model.predictProba(X));
  });

  it("passes a worker thread's DataError on as a DataError", () => {
    // The fit checks its data before any thread starts, so the crossing is tested on its own.
    const revived = reviveError(serializeError(new DataError('X has 3 features, but LogisticRegression is expecting 4')));
    assert.ok(revived instanceof DataError);
    assert.equal(revived.message, 'X has 3 features, but LogisticRegression is expecting 4');
  });

  it('refuses non-finite data before fitting anything', async () => {
    const { X, y } = blobs(3, 10, 3, 6);
    X.data[0] = NaN;
    await assert.rejects(oneVsOne(2).fit(X, y), (error: unknown) => error instanceof DataError && /Input X contains NaN or infinity \(row 0, feature 0\)/.test(error.message));
  });

  it('needs two classes and a fit', async () => {
    const { X, y } = blobs(1, 5, 2, 7);
    await assert.rejects(oneVsOne().fit(X, y), /OneVsOneClassifier needs samples of at least 2 classes, but y contains only one class: 0/);
    assert.throws(() => oneVsOne().predict(X), NotFittedError);
  });
});
