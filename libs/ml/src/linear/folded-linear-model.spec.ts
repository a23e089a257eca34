import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AffineFeatureMap } from '../base/estimator';
import { matrix, type Matrix } from '../base/matrix';
import { nativeAddon } from '../native/addon';
import { RandomState } from '../utils/random';
import { foldAffineMap, foldedScores } from './folded-linear-model';

/** Bytes that are zero about 70 % of the time, as in an image. */
function sparseBytes(rows: number, cols: number, random: RandomState): Matrix<Uint8Array> {
  return matrix(
    Uint8Array.from({ length: rows * cols }, () => (random.random() < 0.7 ? 0 : random.randint(1, 256))),
    rows,
    cols,
  );
}

/** A random class-major linear model and affine map, as fitted ones would be. */
function model(C: number, F: number, random: RandomState) {
  const coef = matrix(Float32Array.from({ length: C * F }, () => random.normal()), C, F);
  const intercept = Float32Array.from({ length: C }, () => random.normal());
  const map: AffineFeatureMap = {
    nFeatures: F,
    shift: Float64Array.from({ length: F }, () => 128 * random.random()),
    divisor: Float64Array.from({ length: F }, (_, j) => (j % 7 === 3 ? 1 : 10 + 90 * random.random())),
  };
  return { coef, intercept, map };
}

/** The map applied, then the linear model: what the folded model must reproduce. */
function unfoldedScores({ coef, intercept, map }: ReturnType<typeof model>, X: Matrix<Uint8Array>): Float64Array {
  const { rows: C, cols: F } = coef;
  const out = new Float64Array(X.rows * C);
  for (let i = 0; i < X.rows; i++) {
    for (let k = 0; k < C; k++) {
      let sum = intercept[k];
      for (let j = 0; j < F; j++) sum += coef.data[k * F + j] * ((X.data[i * F + j] - map.shift[j]) / map.divisor[j]);
      out[i * C + k] = sum;
    }
  }
  return out;
}

function assertScoresClose(actual: Float32Array, expected: Float64Array): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tolerance = 1e-5 * Math.max(1, Math.abs(expected[i]));
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `score ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

describe('foldedScores', () => {
  it('equals the map followed by the linear model, for any number of classes and features', () => {
    const random = new RandomState(3);
    // Classes around CLASSES_PER_PASS (5); features a multiple of 4 or not (padded rows).
    for (const [C, F] of [[10, 784], [2, 8], [3, 13], [5, 4], [7, 30], [12, 1]]) {
      const m = model(C, F, random);
      const X = sparseBytes(23, F, random);
      const scores = foldedScores(foldAffineMap(m.coef, m.intercept, m.map), X, null);
      assert.deepEqual([scores.rows, scores.cols], [23, C]);
      assertScoresClose(scores.data, unfoldedScores(m, X));
    }
  });

  it('gives bit for bit the same scores compiled (libs/ml/native) as in TypeScript', { skip: nativeAddon() === null && 'the addon is not built' }, () => {
    const random = new RandomState(6);
    for (const [C, F] of [[10, 784], [2, 8], [3, 13], [5, 4], [7, 30], [12, 1]]) {
      const m = model(C, F, random);
      const X = sparseBytes(37, F, random);
      X.data.fill(255, 0, F);
      const folded = foldAffineMap(m.coef, m.intercept, m.map);
      assert.deepEqual(foldedScores(folded, X, nativeAddon()).data, foldedScores(folded, X, null).data, `${C} classes, ${F} features`);
    }
  });

  it('reads rows that do not start on a 4-byte boundary, all-zero rows and all-255 rows', () => {
    const random = new RandomState(4);
    const m = model(10, 16, random);
    const X = sparseBytes(6, 16, random);
    X.data.fill(0, 0, 16);
    X.data.fill(255, 16, 32);
    const shifted = new Uint8Array(X.data.length + 1);
    shifted.set(X.data, 1);
    const misaligned = matrix(shifted.subarray(1), 6, 16);
    const folded = foldAffineMap(m.coef, m.intercept, m.map);
    for (const addon of [null, nativeAddon()]) {
      assert.deepEqual(foldedScores(folded, misaligned, addon).data, foldedScores(folded, X, addon).data);
      assertScoresClose(foldedScores(folded, misaligned, addon).data, unfoldedScores(m, X));
    }
  });

  it('refuses inputs or maps of another width', () => {
    const random = new RandomState(5);
    const m = model(3, 8, random);
    const folded = foldAffineMap(m.coef, m.intercept, m.map);
    assert.throws(() => foldedScores(folded, sparseBytes(2, 7, random)), /X has 7 features, but the model is expecting 8/);
    assert.throws(() => foldAffineMap(m.coef, m.intercept, { ...m.map, nFeatures: 9 }), /the feature map has 9 features, but the linear model has 8/);
  });
});
