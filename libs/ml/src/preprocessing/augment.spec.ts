import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pipeline } from '../compose/pipeline';
import { loadMnist } from '../data/mnist';
import { matrix, rowRange, type Labels, type Matrix } from '../base/matrix';
import { DataError } from '../base/errors';
import { createEstimator } from '../base/registry';
import type { EstimatorSpec } from '../base/estimator';
import { runCvFold } from '../experiment/run-fold';
import { accuracyScore } from '../metrics/classification';
import { planSearch } from '../model-selection/search';
import { encodeArtifact, loadModel } from '../persistence/artifact';
import { validateSpec } from '../spec/validate-spec';
import { ImageAugmenter } from './augment';
import type { StandardScaler } from './standard-scaler';

/** Two 3x3 images: 1..9 and 10..90 row by row. */
const TWO_IMAGES = matrix(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90]), 2, 9);
const LABELS = Int32Array.from([4, 9]);

const image = (X: Matrix, row: number) => Array.from(rowRange(X, row, row + 1).data);

describe('ImageAugmenter', () => {
  it('adds every image moved one pixel right, left, down and up: 5x the rows, labels repeated, bytes kept', async () => {
    const { X, y } = await new ImageAugmenter().fitResample(TWO_IMAGES, LABELS);
    assert.ok(X.data instanceof Uint8Array);
    assert.deepEqual([X.rows, X.cols], [10, 9]);
    assert.deepEqual(Array.from(y), [4, 9, 4, 9, 4, 9, 4, 9, 4, 9]);
    assert.deepEqual(image(X, 0), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(image(X, 2), [0, 1, 2, 0, 4, 5, 0, 7, 8], 'right');
    assert.deepEqual(image(X, 4), [2, 3, 0, 5, 6, 0, 8, 9, 0], 'left');
    assert.deepEqual(image(X, 6), [0, 0, 0, 1, 2, 3, 4, 5, 6], 'down');
    assert.deepEqual(image(X, 8), [4, 5, 6, 7, 8, 9, 0, 0, 0], 'up');
    assert.deepEqual(image(X, 3), [0, 10, 20, 0, 40, 50, 0, 70, 80], 'the second image, right');
  });

  it('shift=2 adds the 2-pixel shifts too (9x), and keeps float32 input float32', async () => {
    const floats = matrix(Float32Array.from(TWO_IMAGES.data, (v) => v / 2), 2, 9);
    const { X } = await new ImageAugmenter({ shift: 2 }).fitResample(floats, LABELS);
    assert.ok(X.data instanceof Float32Array);
    assert.equal(X.rows, 18);
    assert.deepEqual(image(X, 10), [0, 0, 0.5, 0, 0, 2, 0, 0, 3.5], 'two pixels right');
  });

  it('rotated copies are seeded: the same random_state the same images, another seed other angles', async () => {
    const square = matrix(Uint8Array.from({ length: 25 }, (_, i) => (i % 5 === 2 ? 200 : 0)), 1, 25);
    const rotate = (random_state: number) => new ImageAugmenter({ shift: 0, rotations: 3, max_rotation: 30, random_state }).fitResample(square, Int32Array.of(1));
    const [a, b, c] = await Promise.all([rotate(0), rotate(0), rotate(1)]);
    assert.equal(a.X.rows, 4);
    assert.deepEqual(a.X.data, b.X.data);
    assert.notDeepEqual(a.X.data, c.X.data);
    for (let r = 1; r < 4; r++) assert.notDeepEqual(image(a.X, r), image(square, 0), 'a rotated copy differs from the original');
    const unturned = await new ImageAugmenter({ shift: 0, rotations: 1, max_rotation: 0 }).fitResample(square, Int32Array.of(1));
    assert.deepEqual(image(unturned.X, 1), image(square, 0), 'a 0-degree rotation is the image itself');
  });

  it('needs square images unless image_width is given, and whole rows of it', async () => {
    await assert.rejects(new ImageAugmenter().fit(matrix(new Uint8Array(10), 1, 10)), (error: unknown) => error instanceof DataError && /set image_width/.test(error.message));
    await assert.rejects(new ImageAugmenter({ image_width: 3 }).fit(matrix(new Uint8Array(10), 1, 10)), DataError);
    const wide = await new ImageAugmenter({ image_width: 5 }).fit(matrix(new Uint8Array(10), 1, 10));
    assert.deepEqual(wide.image_shape_, [2, 5]);
  });
});

/** Byte "images" of 3 classes on 4x4 pixels: each class inks its own column, at a random row offset. */
function images(n: number, seed: number): { X: Matrix<Uint8Array>; y: Labels } {
  const X = new Uint8Array(n * 16);
  const y = new Int32Array(n);
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    for (let r = 0; r < 4; r++) if (next() < 0.8) X[i * 16 + r * 4 + y[i]] = 50 + Math.floor(200 * next());
    X[i * 16 + Math.floor(16 * next())] = 255;
  }
  return { X: matrix(X, n, 16), y };
}

const FOREST: EstimatorSpec = { type: 'random_forest', params: { n_estimators: 10, random_state: 0 } };
const augmentedForest = (): Pipeline =>
  createEstimator({ type: 'pipeline', steps: [['augment', { type: 'image_augmenter' }], ['scale', { type: 'standard_scaler' }], ['model', FOREST]] } as unknown as EstimatorSpec) as Pipeline;

describe('ImageAugmenter in a Pipeline: a fit-time step only', () => {
  it('fits the later steps on the augmented rows, and predicts the rows it is given, unaugmented', async () => {
    const train = images(90, 1);
    const test = images(30, 2);
    const pipeline = await augmentedForest().fit(train.X, train.y);
    assert.equal((pipeline.steps[1][1] as StandardScaler).n_samples_seen_, 5 * 90, 'the scaler saw the 5x rows');
    const predicted = pipeline.predictWithProba(test.X);
    assert.deepEqual([predicted.labels.length, predicted.proba.rows], [30, 30]);

    // The same model as the scaler and forest fitted on the augmented set by hand: the augmenter does nothing at predict time.
    const augmented = await new ImageAugmenter().fitResample(train.X, train.y);
    const byHand = await createEstimator({ type: 'pipeline', steps: [['scale', { type: 'standard_scaler' }], ['model', FOREST]] } as unknown as EstimatorSpec).fit(augmented.X, augmented.y);
    assert.deepEqual(predicted, (byHand as Pipeline).predictWithProba(test.X));
  });

  it('is saved and loaded with the pipeline, its params recorded', async () => {
    const pipeline = await augmentedForest().fit(images(60, 3).X, images(60, 3).y);
    const loaded = loadModel(encodeArtifact(pipeline.serialize())) as Pipeline;
    assert.deepEqual(loaded.toSpec(), pipeline.toSpec());
    assert.equal(loaded.getParams({ deep: true })['augment__shift'], 1);
    const test = images(20, 4);
    assert.deepEqual(loaded.predictWithProba(test.X), pipeline.predictWithProba(test.X));
  });

  it("a sweep's fold fits on its augmented training rows and scores the validation fold as it is", async () => {
    const estimator = validateSpec({ type: 'pipeline', steps: [['augment', { type: 'image_augmenter' }], ['model', FOREST]] });
    const outcome = await runCvFold({ dataset: loadMnist({ n_samples: 600 }), nSamples: null, split: { test_size: 0.2, random_state: 0, stratify: true }, cv: 3, fold: 1, estimator });
    assert.deepEqual([outcome.n_train, outcome.n_test], [320, 160]);
    assert.ok(outcome.test_score > 0.5, `accuracy ${outcome.test_score}`);
  });

  it('augment__shift is a searchable parameter, checked against its constraints', () => {
    const spec = validateSpec(augmentedForest().toSpec());
    const candidates = planSearch(spec, { augment__shift: [0, 1, 2] }, { n_iter: 3, random_state: 0 });
    assert.deepEqual(candidates.map((candidate) => candidate.params['augment__shift']).sort(), [0, 1, 2]);
    assert.throws(() => planSearch(spec, { augment__shift: [9] }, { n_iter: 1, random_state: 0 }), /augment__shift/);
  });
});

describe('a forest on shifted MNIST', () => {
  it('is more accurate than on the plain images', async () => {
    const mnist = loadMnist({ n_samples: 3000 });
    const split = 2000;
    const train = { X: rowRange(mnist.X, 0, split), y: mnist.y.subarray(0, split) };
    const test = { X: rowRange(mnist.X, split, 3000), y: mnist.y.subarray(split, 3000) };
    const forest: EstimatorSpec = { type: 'random_forest', params: { n_estimators: 30, random_state: 0, n_jobs: -1 } };
    const plain = createEstimator(forest);
    const shifted = createEstimator({ type: 'pipeline', steps: [['augment', { type: 'image_augmenter' }], ['model', forest]] } as unknown as EstimatorSpec);
    await Promise.all([plain.fit(train.X, train.y), shifted.fit(train.X, train.y)]);
    const accuracy = (model: typeof plain) => accuracyScore(test.y, (model as Pipeline).predict(test.X));
    assert.ok(accuracy(shifted) > accuracy(plain) + 0.01, `shifted ${accuracy(shifted)} vs plain ${accuracy(plain)}`);
  });
});
