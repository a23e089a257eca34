import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matrix, type Matrix } from '../base/matrix';
import { builtKernels, SKIP_WITHOUT_KERNELS } from '../native/addon-under-test';
import { RandomState } from '../utils/random';
import { designRows } from './design-rows';

/** Bytes, about `zeros` of them 0, as in images. */
function bytes(rows: number, cols: number, zeros: number, seed: number): Matrix<Uint8Array> {
  const random = new RandomState(seed);
  return matrix(Uint8Array.from({ length: rows * cols }, () => (random.random() < zeros ? 0 : 1 + Math.floor(random.random() * 255))), rows, cols);
}

function randomValues(n: number, random: RandomState): Float64Array {
  return Float64Array.from({ length: n }, () => random.normal());
}

/** X·W and Xᵀ·R, both with K columns. */
function bothProducts(X: Matrix, K: number, addon: Parameters<typeof designRows>[1], seed: number): [Float64Array, Float64Array] {
  const random = new RandomState(seed);
  const W = randomValues(X.cols * K, random);
  const R = randomValues(X.rows * K, random);
  const rows = designRows(X, addon);
  // Stale values in the outputs must not leak into the results.
  const products = new Float64Array(X.rows * K).fill(7);
  const transposed = new Float64Array(X.cols * K).fill(7);
  rows.products(W, K, products);
  rows.transposedProducts(R, K, transposed);
  return [products, transposed];
}

describe('designRows', () => {
  it('gives the same products, bit for bit, from sparse rows as from the dense matrix', () => {
    const sparse = bytes(37, 29, 0.8, 1);
    // Dense rows: the same bytes as floats, above the density where rows are listed sparsely.
    const dense = matrix(Float32Array.from(sparse.data, (v) => v || 1), sparse.rows, sparse.cols);
    const denseAgain = matrix(Float32Array.from(sparse.data), sparse.rows, sparse.cols);
    for (const K of [1, 3]) {
      const [products, transposed] = bothProducts(sparse, K, null, K);
      // The float copy of the same (mostly zero) bytes is listed sparsely too: same sums.
      assert.deepEqual(bothProducts(denseAgain, K, null, K), [products, transposed]);
      // Zeros add nothing to a sum of products: a dense read of the bytes with their zeros agrees.
      const explicit = explicitProducts(sparse, K, K);
      assert.deepEqual([products, transposed], explicit);
      assert.notDeepEqual(bothProducts(dense, K, null, K), [products, transposed], 'dense rows differ where zeros became ones');
    }
  });

  it('matches its TypeScript loops with the compiled kernels, bit for bit', SKIP_WITHOUT_KERNELS, () => {
    const addon = builtKernels();
    const X = bytes(101, 784, 0.8, 2);
    for (const K of [1, 10]) assert.deepEqual(bothProducts(X, K, addon, K), bothProducts(X, K, null, K));
  });

  it('has compiled kernels that reject arrays out of range instead of reading past them', SKIP_WITHOUT_KERNELS, () => {
    const addon = builtKernels();
    const start = Int32Array.of(0, 2);
    const column = Uint16Array.of(0, 3);
    const value = Uint8Array.of(1, 2);
    assert.throws(() => addon.sparseProducts(start, column, value, new Float64Array(3), 1, new Float64Array(1)), RangeError, 'column 3 of 3 features');
    assert.throws(() => addon.sparseProducts(start, column, value, new Float64Array(4), 1, new Float64Array(0)), RangeError, 'no room for the row');
    assert.throws(() => addon.sparseTransposedProducts(Int32Array.of(0, 3), column, value, new Float64Array(1), 1, new Float64Array(4)), RangeError, 'start past the entries');
    assert.throws(() => addon.sparseProducts(start, column, Float32Array.of(1, 2) as unknown as Uint8Array, new Float64Array(4), 1, new Float64Array(1)), TypeError);
    const out = new Float64Array(1);
    addon.sparseProducts(start, column, value, Float64Array.of(0.5, 0, 0, 0.25), 1, out);
    assert.deepEqual(Array.from(out), [1]);
  });
});

/** Both products by their definitions over every entry, zeros included. */
function explicitProducts(X: Matrix, K: number, seed: number): [Float64Array, Float64Array] {
  const random = new RandomState(seed);
  const W = randomValues(X.cols * K, random);
  const R = randomValues(X.rows * K, random);
  const products = new Float64Array(X.rows * K);
  const transposed = new Float64Array(X.cols * K);
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < X.cols; j++) {
      for (let k = 0; k < K; k++) {
        products[i * K + k] += X.data[i * X.cols + j] * W[j * K + k];
        transposed[j * K + k] += X.data[i * X.cols + j] * R[i * K + k];
      }
    }
  }
  return [products, transposed];
}
