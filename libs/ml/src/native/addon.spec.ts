import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nativeAddon } from './addon';

describe('the compiled kernels (libs/ml/native)', () => {
  it('are built, unless MNIST_LAB_NATIVE=0 turns them off', () => {
    assert.equal(nativeAddon() !== null, process.env['MNIST_LAB_NATIVE'] !== '0', 'run `npm run build:native -w libs/ml`');
  });

  it('reject arrays that do not fit together instead of reading past them', (t) => {
    const addon = nativeAddon();
    if (!addon) return t.skip('turned off by MNIST_LAB_NATIVE=0');
    const forest = {
      roots: Int32Array.of(-1),
      feature: new Uint16Array(0),
      left: new Int32Array(0),
      right: new Int32Array(0),
      leafProba: Uint16Array.of(65535, 0),
      leafClass: Int32Array.of(0),
      nClasses: 2,
      nFeatures: 4,
    };
    const votes = new Float64Array(4);
    addon.forestVotes(new Uint8Array(8), 2, 64, forest, new Float32Array(0), votes);
    assert.deepEqual(Array.from(votes), [65535, 0, 65535, 0]);
    assert.throws(() => addon.forestVotes(new Uint8Array(7), 2, 64, forest, new Float32Array(0), votes), /inconsistent/);
    assert.throws(() => addon.forestVotes(new Uint8Array(8), 3, 64, forest, new Float32Array(0), votes), /inconsistent/);
    assert.throws(() => addon.forestVotes(new Uint8Array(8), 2, 64, forest, new Float32Array(1), votes), /inconsistent/);
    assert.throws(() => addon.transposeBytes(new Uint8Array(11), new Uint8Array(12), 3, 4), /at least nRows \* nCols/);
  });

  it('transpose bytes across and inside their 64 x 64 tiles', (t) => {
    const addon = nativeAddon();
    if (!addon) return t.skip('turned off by MNIST_LAB_NATIVE=0');
    for (const [nRows, nCols] of [[131, 70], [1, 5], [64, 64], [0, 3]]) {
      const source = Uint8Array.from({ length: nRows * nCols }, (_, k) => (k * 31 + 7) % 251);
      const target = new Uint8Array(nRows * nCols);
      addon.transposeBytes(source, target, nRows, nCols);
      const expected = Uint8Array.from({ length: nRows * nCols }, (_, k) => source[(k % nRows) * nCols + Math.floor(k / nRows)]);
      assert.deepEqual(target, expected, `${nRows} x ${nCols}`);
    }
  });
});
