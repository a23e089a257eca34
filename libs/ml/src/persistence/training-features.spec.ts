import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArtifactError } from '../base/errors';
import { matrix } from '../base/matrix';
import { readTrainingFeatures, trainingFeatures } from './training-features';

describe('trainingFeatures', () => {
  it('records the element type, the width and the image shape of the training rows', () => {
    assert.deepEqual(trainingFeatures(matrix(new Uint8Array(32), 2, 16), [4, 4]), { dtype: 'uint8', n_features: 16, image_shape: [4, 4] });
    assert.deepEqual(trainingFeatures(matrix(new Float32Array(10), 2, 5), null), { dtype: 'float32', n_features: 5, image_shape: null });
  });
});

describe('readTrainingFeatures', () => {
  it('reads the record back', () => {
    const features = { dtype: 'float32', n_features: 5, image_shape: null };
    assert.deepEqual(readTrainingFeatures({ dataset: 'table', features }, 5), features);
    assert.deepEqual(readTrainingFeatures({ features: { dtype: 'uint8', n_features: 6, image_shape: [2, 3] } }, 6), { dtype: 'uint8', n_features: 6, image_shape: [2, 3] });
  });

  it('gives artifacts without a record the bytes of mnist_784, or any finite value after another dataset', () => {
    assert.deepEqual(readTrainingFeatures({}, 784), { dtype: 'uint8', n_features: 784, image_shape: [28, 28] });
    assert.deepEqual(readTrainingFeatures({ dataset: 'mnist_784' }, 784), { dtype: 'uint8', n_features: 784, image_shape: [28, 28] });
    assert.deepEqual(readTrainingFeatures({}, 1), { dtype: 'uint8', n_features: 1, image_shape: null });
    assert.deepEqual(readTrainingFeatures({ dataset: 'shop_scans' }, 784), { dtype: 'float32', n_features: 784, image_shape: null });
  });

  it('refuses a malformed record, or one whose width is not the estimator\'s', () => {
    const cases: [unknown, RegExp][] = [
      ['uint8', /must be an object/],
      [[1], /must be an object/],
      [{ dtype: 'float64', n_features: 4, image_shape: null }, /dtype must be "uint8" or "float32"; got "float64"/],
      [{ dtype: 'uint8', n_features: 5, image_shape: null }, /n_features is 5, but the estimator takes 4 features/],
      [{ dtype: 'uint8', image_shape: null }, /n_features is undefined/],
      [{ dtype: 'uint8', n_features: 4, image_shape: [2, 3] }, /product is 4; got \[2,3\]/],
      [{ dtype: 'uint8', n_features: 4, image_shape: [4] }, /got \[4\]/],
      [{ dtype: 'uint8', n_features: 4, image_shape: [2, 2.5] }, /got \[2,2.5\]/],
      [{ dtype: 'uint8', n_features: 4 }, /image_shape must be null/],
    ];
    for (const [features, message] of cases) {
      assert.throws(
        () => readTrainingFeatures({ features: features as never }, 4),
        (error: unknown) => error instanceof ArtifactError && /^artifact metadata\.features: /.test(error.message) && message.test(error.message),
        JSON.stringify(features),
      );
    }
  });
});
