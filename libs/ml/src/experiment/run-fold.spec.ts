import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidParameterError } from '../base/errors';
import { takeLabels, takeRows } from '../base/matrix';
import { createEstimator } from '../base/registry';
import { isClassifier } from '../base/estimator';
import { loadMnist } from '../data/mnist';
import { accuracyScore } from '../metrics/classification';
import { scoreClassifier } from '../metrics/scorers';
import { stratifiedKFold } from '../model-selection/split';
import { subsampleIndices } from '../model-selection/successive-halving';
import { splitDataset } from './run-experiment';
import { runCvFold, type CvFoldInput } from './run-fold';

// 1000 rows loaded, 600 used: also checks that the trial takes the first n_samples as a run does.
const dataset = loadMnist({ n_samples: 1000 });
const base: CvFoldInput = {
  dataset,
  nSamples: 600,
  split: { test_size: 0.2, random_state: 42, stratify: false },
  cv: 3,
  fold: 0,
  estimator: { type: 'logistic_regression', params: { max_iter: 3, random_state: 0 } },
};

function isInvalid(path: string, pattern: RegExp) {
  return (error: unknown) => error instanceof InvalidParameterError && error.path === path && pattern.test(error.message);
}

describe('splitDataset', () => {
  it("takes the first n samples and splits them as the run's train_test_split", () => {
    const { X, y, train, test } = splitDataset(base);
    assert.equal(X.rows, 600);
    assert.equal(y.length, 600);
    assert.equal(X.data.buffer, dataset.X.data.buffer, 'a view of the dataset, not a copy');
    assert.equal(test.length, 120, 'ceil(0.2 * 600)');
    assert.equal(train.length, 480);
    assert.equal(new Set([...train, ...test]).size, 600);
    assert.deepEqual(splitDataset(base), splitDataset(base), 'the seed fixes the split');
  });
});

describe('runCvFold', () => {
  it('fits on the other folds of the training part and scores accuracy on this one', async () => {
    const started = performance.now();
    const outcomes = await Promise.all([0, 1, 2].map((fold) => runCvFold({ ...base, fold })));
    const wallSeconds = (performance.now() - started) / 1000;
    for (const outcome of outcomes) {
      assert.equal(outcome.n_train + outcome.n_test, 480, 'cross-validation never sees the test part');
      assert.ok(outcome.n_test >= 159 && outcome.n_test <= 161, `fold of ${outcome.n_test} samples`);
      assert.ok(outcome.test_score > 0.5 && outcome.test_score <= 1, `accuracy ${outcome.test_score}`);
      // Both are timed inside the call: neither is zero, and together they fit in its wall time.
      assert.ok(outcome.fit_time > 0 && outcome.score_time > 0 && outcome.fit_time + outcome.score_time <= wallSeconds, JSON.stringify({ ...outcome, wallSeconds }));
      assert.equal(typeof outcome.tensorBackend, 'string');
    }
    assert.equal(outcomes.reduce((sum, outcome) => sum + outcome.n_test, 0), 480, 'the validation folds partition the training part');
  });

  it("fits a halving iteration's subsample of both sides of the fold, as _SubsampleMetaSplitter", async () => {
    const { X, y, train } = splitDataset(base);
    const fold = stratifiedKFold(takeLabels(y, train), { n_splits: 3 })[2];
    const fraction = 96 / train.length;
    const rows = (indices: Int32Array) => subsampleIndices(indices, fraction, 7).map((i) => train[i]);
    const estimator = createEstimator(base.estimator);
    assert.ok(isClassifier(estimator));
    await estimator.fit(takeRows(X, rows(fold.train)), takeLabels(y, rows(fold.train)));
    const expected = accuracyScore(takeLabels(y, rows(fold.test)), estimator.predict(takeRows(X, rows(fold.test))));

    const input = { ...base, fold: 2, subsample: { nResources: 96, randomState: 7 }, datasetKey: 'mnist_784' };
    const outcome = await runCvFold(input);
    // int(96 / 480 * 320) and int(96 / 480 * 160) samples.
    assert.deepEqual([outcome.n_train, outcome.n_test], [Math.trunc(fraction * fold.train.length), Math.trunc(fraction * fold.test.length)]);
    assert.equal(outcome.test_score, expected);
    assert.equal((await runCvFold({ ...input, subsample: undefined })).n_train, fold.train.length, 'the whole fold is cached apart from its subsample');
  });

  it("scores exactly what fitting StratifiedKFold's fold by hand scores", async () => {
    const { X, y, train } = splitDataset(base);
    const { train: foldTrain, test: foldTest } = stratifiedKFold(takeLabels(y, train), { n_splits: 3 })[1];
    const rows = (indices: Int32Array) => indices.map((i) => train[i]);
    const estimator = createEstimator(base.estimator);
    assert.ok(isClassifier(estimator));
    await estimator.fit(takeRows(X, rows(foldTrain)), takeLabels(y, rows(foldTrain)));
    const expected = accuracyScore(takeLabels(y, rows(foldTest)), estimator.predict(takeRows(X, rows(foldTest))));

    const outcome = await runCvFold({ ...base, fold: 1 });
    assert.equal(outcome.test_score, expected);
    assert.equal(outcome.n_test, foldTest.length);
    assert.equal((await runCvFold({ ...base, fold: 1 })).test_score, expected, 'every worker rebuilds the same fold');
    // A named dataset keeps its folds between trials: the same scores, from the kept rows.
    const named = { ...base, fold: 1, datasetKey: 'mnist_784' };
    assert.equal((await runCvFold(named)).test_score, expected);
    assert.equal((await runCvFold(named)).test_score, expected);
    const forest = { type: 'random_forest', params: { n_estimators: 3, random_state: 0 } };
    const [first, again] = [await runCvFold({ ...named, estimator: forest }), await runCvFold({ ...named, estimator: forest })];
    assert.equal(again.test_score, first.test_score);
    assert.equal((await runCvFold({ ...base, fold: 1, estimator: forest })).test_score, first.test_score, 'as without the cache');
  });

  it('scores the fold with each named scorer, and the training part too with returnTrainScore', async () => {
    const { X, y, train } = splitDataset(base);
    const { train: foldTrain, test: foldTest } = stratifiedKFold(takeLabels(y, train), { n_splits: 3 })[2];
    const rows = (indices: Int32Array) => indices.map((i) => train[i]);
    const estimator = createEstimator(base.estimator);
    assert.ok(isClassifier(estimator));
    await estimator.fit(takeRows(X, rows(foldTrain)), takeLabels(y, rows(foldTrain)));
    const scoring = ['f1_macro', 'neg_log_loss', 'accuracy'] as const;
    const expectedTest = scoreClassifier(estimator, takeRows(X, rows(foldTest)), takeLabels(y, rows(foldTest)), scoring);
    const expectedTrain = scoreClassifier(estimator, takeRows(X, rows(foldTrain)), takeLabels(y, rows(foldTrain)), scoring);

    const outcome = await runCvFold({ ...base, fold: 2, scoring, returnTrainScore: true });
    assert.deepEqual(outcome.test_scores, expectedTest);
    assert.deepEqual(outcome.train_scores, expectedTrain);
    assert.equal(outcome.test_score, expectedTest.f1_macro, 'test_score is the first scorer');
    assert.ok(expectedTest.neg_log_loss < 0 && expectedTest.f1_macro !== expectedTest.accuracy);
    const accuracyOnly = await runCvFold({ ...base, fold: 2 });
    assert.deepEqual(accuracyOnly.test_scores, { accuracy: expectedTest.accuracy });
    assert.equal(accuracyOnly.train_scores, null);
    await assert.rejects(runCvFold({ ...base, scoring: ['r2' as never] }), /scoring must list scorer names/);
  });

  it('rejects a fold outside [0, cv) and a cv below 2', async () => {
    await assert.rejects(runCvFold({ ...base, fold: 3 }), isInvalid('fold', /must be an int in the range \[0, 2\]; got 3/));
    await assert.rejects(runCvFold({ ...base, fold: -1 }), isInvalid('fold', /got -1/));
    await assert.rejects(runCvFold({ ...base, fold: 0.5 }), isInvalid('fold', /got 0.5/));
    await assert.rejects(runCvFold({ ...base, cv: 1 }), isInvalid('cv', /must be an int in the range \[2, inf\); got 1/));
  });
});
