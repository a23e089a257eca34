import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataError } from '../base/errors';
import { matrix } from '../base/matrix';
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

  it('rejects NaN and infinite values', () => {
    assert.throws(() => binFeatures(matrix(Float32Array.from([1, NaN]), 2, 1)), DataError);
    assert.throws(() => binFeatures(matrix(Float32Array.from([1, Infinity]), 1, 2)), DataError);
  });
});
