import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matrix, type Labels, type Matrix } from '../base/matrix';
import { createEstimator } from '../base/registry';
import type { LogisticRegression } from '../linear/logistic-regression';
import { encodeArtifact, loadModel } from '../persistence/artifact';
import { StandardScaler } from '../preprocessing/standard-scaler';
import { RandomState } from '../utils/random';
import type { Pipeline } from './pipeline';

/**
 * Three classes of 20-feature "images": mostly zero bytes, each class inking its own features.
 * Feature 5 is always 0 and feature 6 always 7: no variance, so the scaler's scale is 1 for them.
 */
function images(n: number, seed: number): { X: Matrix<Uint8Array>; y: Labels } {
  const random = new RandomState(seed);
  const F = 20;
  const X = new Uint8Array(n * F);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    for (let j = 0; j < F; j++) {
      const inked = j % 3 === y[i] ? random.random() < 0.7 : random.random() < 0.15;
      X[i * F + j] = inked ? random.randint(1, 256) : 0;
    }
    X[i * F + 5] = 0;
    X[i * F + 6] = 7;
  }
  return { X: matrix(X, n, F), y };
}

function scaledLogisticRegression(): Pipeline {
  return createEstimator({
    type: 'pipeline',
    params: { steps: [['scale', { type: 'standard_scaler' }], ['model', { type: 'logistic_regression', params: { max_iter: 30, random_state: 0 } }]] },
  }) as Pipeline;
}

/** The pipeline's steps one after the other, with the scaler's transformed copy. */
function unfused(pipeline: Pipeline, X: Matrix) {
  const scaled = (pipeline.steps[0][1] as StandardScaler).transform(X);
  const model = pipeline.steps[1][1] as LogisticRegression;
  return { proba: model.predictProba(scaled), labels: model.predict(scaled) };
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  return a.reduce((max, value, i) => Math.max(max, Math.abs(value - b[i])), 0);
}

describe('Pipeline(StandardScaler, LogisticRegression) on bytes', () => {
  it('predicts through the scaler folded into the weights, as the steps one after the other', async () => {
    const train = images(300, 1);
    const test = images(200, 2);
    const pipeline = await scaledLogisticRegression().fit(train.X, train.y);
    const expected = unfused(pipeline, test.X);
    const proba = pipeline.predictProba(test.X);
    assert.deepEqual([proba.rows, proba.cols], [200, 3]);
    assert.ok(maxDifference(proba.data, expected.proba.data) <= 1e-5, `max difference ${maxDifference(proba.data, expected.proba.data)}`);
    assert.deepEqual(pipeline.predict(test.X), expected.labels);
    for (let i = 0; i < proba.rows; i++) {
      const total = proba.data.subarray(3 * i, 3 * i + 3).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(total - 1) < 1e-6, `row ${i} sums to ${total}`);
    }
    const accuracy = pipeline.predict(test.X).filter((label, i) => label === test.y[i]).length / test.y.length;
    assert.ok(accuracy > 0.9, `accuracy ${accuracy}`);
  });

  it('folds a zero-variance feature with its scale of 1', async () => {
    const train = images(120, 3);
    const pipeline = await scaledLogisticRegression().fit(train.X, train.y);
    const scaler = pipeline.steps[0][1] as StandardScaler;
    assert.equal(scaler.scale_?.[5], 1);
    assert.equal(scaler.scale_?.[6], 1);
    // Test rows where the constant features are not constant any more.
    const test = images(50, 4);
    for (let i = 0; i < 50; i++) [test.X.data[i * 20 + 5], test.X.data[i * 20 + 6]] = [i, 255 - i];
    const expected = unfused(pipeline, test.X);
    assert.ok(maxDifference(pipeline.predictProba(test.X).data, expected.proba.data) <= 1e-5);
    assert.deepEqual(pipeline.predict(test.X), expected.labels);
  });

  it('predicts other input through the steps, as before', async () => {
    const train = images(150, 5);
    const pipeline = await scaledLogisticRegression().fit(train.X, train.y);
    const test = images(40, 6);
    const floats = matrix(Float32Array.from(test.X.data), test.X.rows, test.X.cols);
    const expected = unfused(pipeline, floats);
    assert.deepEqual(pipeline.predictProba(floats).data, expected.proba.data);
    assert.deepEqual(pipeline.predict(floats), expected.labels);
  });

  it('predicts bytes through the steps when the final estimator wraps logistic regressions (one-vs-rest)', async () => {
    const train = images(120, 14);
    const pipeline = (await (
      createEstimator({
        type: 'pipeline',
        params: { steps: [['scale', { type: 'standard_scaler' }], ['model', { type: 'one_vs_rest', params: { estimator: { type: 'logistic_regression', params: { max_iter: 5, random_state: 0 } } } }]] },
      }) as Pipeline
    ).fit(train.X, train.y)) as Pipeline;
    const test = images(30, 15);
    const scaled = (pipeline.steps[0][1] as StandardScaler).transform(test.X);
    const model = pipeline.finalEstimator;
    assert.deepEqual(pipeline.predictProba(test.X).data, model.predictProba(scaled).data);
    assert.deepEqual(pipeline.predict(test.X), model.predict(scaled));
  });

  it('predicts the same after a save and a load', async () => {
    const train = images(150, 7);
    const pipeline = await scaledLogisticRegression().fit(train.X, train.y);
    const test = images(60, 8);
    const loaded = loadModel(encodeArtifact(pipeline.serialize())) as Pipeline;
    assert.deepEqual(loaded.predictProba(test.X).data, pipeline.predictProba(test.X).data);
    assert.deepEqual(loaded.predict(test.X), pipeline.predict(test.X));
  });

  it('folds the new scaler and weights after a refit', async () => {
    const pipeline = scaledLogisticRegression();
    const test = images(60, 9);
    const first = images(150, 10);
    await pipeline.fit(first.X, first.y);
    const before = pipeline.predictProba(test.X).data;
    const refit = images(150, 11);
    refit.X.data.forEach((value, i) => (refit.X.data[i] = 255 - value));
    await pipeline.fit(refit.X, refit.y);
    const expected = unfused(pipeline, test.X);
    assert.ok(maxDifference(pipeline.predictProba(test.X).data, expected.proba.data) <= 1e-5);
    assert.ok(maxDifference(pipeline.predictProba(test.X).data, before) > 1e-3, 'the refit changed the model');
  });
});

describe('StandardScaler.affineFeatureMap', () => {
  it('is the transform as (x - shift) / divisor, one object per fit', async () => {
    const { X } = images(50, 12);
    const scaler = await new StandardScaler().fit(X);
    const map = scaler.affineFeatureMap();
    assert.ok(map);
    assert.equal(scaler.affineFeatureMap(), map);
    const transformed = scaler.transform(X);
    for (let j = 0; j < 20; j++) assert.equal(Math.fround((X.data[40 * 20 + j] - map.shift[j]) / map.divisor[j]), transformed.data[40 * 20 + j]);
    await scaler.fit(X);
    assert.notEqual(scaler.affineFeatureMap(), map);
    const centredOnly = await new StandardScaler({ with_std: false }).fit(X);
    assert.deepEqual(Array.from(centredOnly.affineFeatureMap()?.divisor ?? []), new Array(20).fill(1));
    const scaledOnly = await new StandardScaler({ with_mean: false }).fit(X);
    assert.deepEqual(Array.from(scaledOnly.affineFeatureMap()?.shift ?? []), new Array(20).fill(0));
  });

  it('is null for a restored scale of 0, which transform divides by', async () => {
    const scaler = await new StandardScaler().fit(images(20, 13).X);
    const state = scaler.serialize();
    const scale = Float64Array.from(state.arrays['scale_'] as Float64Array);
    scale[3] = 0;
    const restored = StandardScaler.restore({ ...state, arrays: { ...state.arrays, scale_: scale } });
    assert.equal(restored.affineFeatureMap(), null);
  });
});
