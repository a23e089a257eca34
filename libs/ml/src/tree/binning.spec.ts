import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataError } from '../base/errors';
import type { MonotoneFeatureMap } from '../base/estimator';
import { matrix, type Matrix } from '../base/matrix';
import { RandomState } from '../utils/random';
import { binFeatures, MAX_BINS } from './binning';

describe('binFeatures', () => {
  it('makes each byte value its own bin, in both layouts', () => {
    const data = binFeatures(matrix(Uint8Array.from([0, 255, 7, 3, 200, 7]), 3, 2));
    assert.deepEqual(Array.from(data.columns), [0, 7, 200, 255, 3, 7]);
    assert.deepEqual(Array.from(data.rows.subarray(0, 6)), [0, 255, 7, 3, 200, 7]);
    assert.equal(data.nBins[0], MAX_BINS);
    assert.equal(data.binLow[200], 200);
    assert.equal(data.binHigh[MAX_BINS + 3], 3);
  });

  it('gives floats with few distinct values one bin per value, in order, 0 and -0 together', () => {
    const X = matrix(Float32Array.from([0.5, -1, -2.25, 3, 0.5, -0, 7, 0]), 4, 2);
    const data = binFeatures(X);
    assert.deepEqual(Array.from(data.columns.subarray(0, 4)), [1, 0, 1, 2]);
    assert.deepEqual(Array.from(data.columns.subarray(4)), [0, 2, 1, 1]);
    assert.deepEqual(Array.from(data.nBins), [3, 3]);
    assert.deepEqual(Array.from(data.binLow.subarray(0, 3)), [-2.25, 0.5, 7]);
    assert.deepEqual([data.binHigh[MAX_BINS], data.binHigh[MAX_BINS + 2]], [-1, 3]);
    assert.deepEqual(Array.from(data.rows.subarray(0, 8)), [1, 0, 0, 2, 1, 1, 2, 1]);
    assert.equal(data.quantileFeatures, 0);
  });

  it('bins a feature with more than 256 values by quantiles, keeping the order of values', () => {
    const n = 1000;
    const values = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 100);
    const data = binFeatures(matrix(values, n, 1));
    assert.equal(data.quantileFeatures, 1);
    assert.ok(data.nBins[0] <= MAX_BINS && data.nBins[0] > 200, `${data.nBins[0]} bins`);
    for (let i = 0; i < n; i++) {
      const bin = data.columns[i];
      assert.ok(data.binLow[bin] <= values[i] && values[i] <= data.binHigh[bin]);
    }
    for (let b = 1; b < data.nBins[0]; b++) assert.ok(data.binHigh[b - 1] < data.binLow[b]);
  });

  it('bins X read through a monotone map exactly as the mapped copy, merging what the map merges', () => {
    const rng = new RandomState(3);
    // Feature 1 is squeezed so hard that float32 merges neighbouring bytes.
    const map: MonotoneFeatureMap = { nFeatures: 2, apply: (f, x) => Math.fround(f === 0 ? (x - 100) / 37 : 1e6 + x / 64) };
    const mapped = (X: Matrix) => matrix(Float32Array.from(X.data, (x, k) => map.apply(k % 2, x)), X.rows, 2);
    const bytes = matrix(Uint8Array.from({ length: 600 }, () => rng.randint(0, 256)), 300, 2);
    const floats = matrix(Float32Array.from({ length: 2000 }, () => rng.random() * 10 - 5), 1000, 2);
    for (const X of [bytes, floats]) {
      const through = binFeatures(X, map);
      const copy = binFeatures(mapped(X));
      assert.equal(through.quantileFeatures, copy.quantileFeatures);
      // Codes may be numbered differently (a byte is its own code), but every sample's bin holds
      // the same values, and bins are ordered by value, so both order the samples alike.
      for (let k = 0; k < X.data.length; k++) {
        const [binThrough, binCopy] = [(k % 2) * MAX_BINS + through.rows[k], (k % 2) * MAX_BINS + copy.rows[k]];
        assert.equal(through.binLow[binThrough], copy.binLow[binCopy]);
        assert.equal(through.binHigh[binThrough], copy.binHigh[binCopy]);
        assert.equal(through.columns[(k % 2) * X.rows + Math.floor(k / 2)], through.rows[k]);
      }
    }
    assert.ok(binFeatures(bytes, map).nBins[1] < MAX_BINS);
    assert.equal(binFeatures(floats, map).quantileFeatures, 1);
  });

  it('reuses the shared copies of bytes it binned before, until the bytes change', () => {
    const X = matrix(Uint8Array.from([1, 2, 3, 4, 5, 6]), 3, 2);
    const first = binFeatures(X);
    assert.equal(binFeatures(X).columns, first.columns);
    X.data[2] = 9;
    const changed = binFeatures(X);
    assert.notEqual(changed.columns, first.columns);
    assert.deepEqual(Array.from(changed.columns), [1, 9, 5, 2, 4, 6]);
  });

  it('flags the features that take one value in every sample', () => {
    const bytes = binFeatures(matrix(Uint8Array.from([0, 5, 9, 0, 5, 9, 0, 6, 9]), 3, 3));
    assert.deepEqual(Array.from(bytes.constant), [1, 0, 1]);
    const floats = binFeatures(matrix(Float32Array.from([-0, 1.5, 0, 2.5]), 2, 2));
    assert.deepEqual(Array.from(floats.constant), [1, 0]);
  });

  it('rejects NaN and infinite values', () => {
    assert.throws(() => binFeatures(matrix(Float32Array.from([1, NaN]), 2, 1)), DataError);
    assert.throws(() => binFeatures(matrix(Float32Array.from([1, Infinity]), 1, 2)), DataError);
  });
});
