import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matrix } from '../base/matrix';
import { binFeatures } from '../tree/binning';
import { SplitSearchState } from '../tree/split-search-state';
import { nativeAddon, type NativeAddon } from './addon';
import { builtKernels, SKIP_WITHOUT_KERNELS } from './addon-under-test';

/** A bound split search over n samples of F features in 3 classes, every sample at its own position once. */
function boundSearch(addon: NativeAddon, criterion: 'gini' | 'entropy' = 'gini', n = 50, F = 6) {
  const X = matrix(Uint8Array.from({ length: n * F }, (_, k) => (k * 37) % 11), n, F);
  const state = new SplitSearchState(binFeatures(X), 3, criterion, 1, true);
  for (let i = 0; i < n; i++) {
    state.ids[i] = i;
    state.tags[i] = (1 << state.classBits) | i % 3;
  }
  state.batch.set(Array.from({ length: F }, (_, f) => f));
  return { state, search: addon.bindSplitSearch(state), n, F };
}

describe('the compiled kernels (libs/ml/native)', () => {
  it('are built, unless MNIST_LAB_NATIVE=0 turns them off', () => {
    assert.equal(nativeAddon() !== null, process.env['MNIST_LAB_NATIVE'] !== '0', 'run `npm run build:native -w libs/ml`');
  });

  it('reject arrays that do not fit together instead of reading past them', SKIP_WITHOUT_KERNELS, () => {
    const addon = builtKernels();
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
    // Counts whose products overflow 64 bits, or that are negative, are out of range too.
    assert.throws(() => addon.forestVotes(new Uint8Array(8), 2 ** 62, 64, forest, new Float32Array(0), votes), RangeError);
    assert.throws(() => addon.transposeBytes(new Uint8Array(12), new Uint8Array(12), 2 ** 33, 2 ** 31), RangeError);
    assert.throws(() => addon.transposeBytes(new Uint8Array(12), new Uint8Array(12), -3, -4), RangeError);
    const scores = (rows: number, wordsPerRow: number) => () => addon.foldedScores(new Int32Array(4), rows, wordsPerRow, new Float64Array(32), new Float64Array(2), new Float32Array(4));
    scores(2, 2)();
    assert.throws(scores(2 ** 32, 2 ** 32), RangeError);
    assert.throws(scores(3, 2), /foldedScores: words, weights and out must hold/);
    assert.throws(() => addon.foldedScores(new Float64Array(4) as unknown as Int32Array, 2, 2, new Float64Array(32), new Float64Array(2), new Float32Array(4)), TypeError);
  });

  it("refuse a forest whose walks would leave its arrays or never end", SKIP_WITHOUT_KERNELS, () => {
    const addon = builtKernels();
    // One split on feature 1: left leaf 0 (class 0), right leaf 1 (class 1).
    const forest = (change: Partial<Record<'roots' | 'feature' | 'left' | 'right' | 'leafClass', ArrayLike<number>>> = {}) => ({
      roots: Int32Array.from(change.roots ?? [0]),
      feature: Uint16Array.from(change.feature ?? [1]),
      left: Int32Array.from(change.left ?? [~0]),
      right: Int32Array.from(change.right ?? [~1]),
      leafProba: Uint16Array.of(65535, 0, 0, 65535),
      leafClass: Int32Array.from(change.leafClass ?? [0, 1]),
      nClasses: 2,
      nFeatures: 2,
    });
    const votes = (tree: ReturnType<typeof forest>) => {
      const out = new Float64Array(4);
      addon.forestVotes(Uint8Array.of(0, 0, 0, 9), 2, 64, tree, Float32Array.of(4.5), out);
      return Array.from(out);
    };
    assert.deepEqual(votes(forest()), [65535, 0, 0, 65535]);
    for (const change of [{ feature: [2] }, { left: [~2] }, { right: [1] }, { left: [0] }, { roots: [1] }, { roots: [~2] }, { leafClass: [0, 2] }]) {
      assert.throws(() => votes(forest(change)), RangeError, JSON.stringify(change));
    }
  });

  it('bind a split search only to a complete state', SKIP_WITHOUT_KERNELS, () => {
    const addon = builtKernels();
    const { state } = boundSearch(addon);
    const bind = (change: object) => () => addon.bindSplitSearch({ ...state, ...change } as SplitSearchState);
    assert.throws(bind({ best: new Float64Array(3) }), /state\.best is missing, of another type, or shorter/);
    assert.throws(bind({ leftCounts: undefined }), /state\.leftCounts/);
    assert.throws(bind({ hists: state.hists.slice(0, 3) }), /state\.hists/);
    assert.throws(bind({ batch: new Float64Array(state.nFeatures) }), /state\.batch/);
    assert.throws(bind({ tags: new Int32Array(state.ids.length - 1) }), /ids, tags, spareIds and spareTags must have one length/);
    assert.throws(bind({ ids: new Int32Array(state.ids.length + 1), tags: new Int32Array(state.ids.length + 1) }), RangeError);
    assert.throws(bind({ nClasses: 5 }), /0 < nClasses <= 2\^classBits/);
    assert.throws(bind({ gini: 1 }), TypeError);
  });

  it('check every split search call against its state instead of reading past it', SKIP_WITHOUT_KERNELS, () => {
    const addon = builtKernels();
    const { state, search, n, F } = boundSearch(addon);
    const sweep = (start: number, end: number, stride = n, first = 0, count = 4) => () => addon.sweepSplits(search, start, end, false, stride, first, count, end - start, 0);
    sweep(0, n)();
    assert.throws(sweep(0, n + 1), /sweepSplits: positions \[start, end\) must lie within the tree's samples/);
    assert.throws(sweep(-1, n), RangeError);
    assert.throws(sweep(5, 4), RangeError);
    assert.throws(sweep(0, n, n, F - 3), /within the batch/);
    assert.throws(sweep(0, n, n, 0, 5), /count at most 4/);
    assert.throws(sweep(0, n, 0), /stride > 0/);
    assert.throws(sweep(0, n, n * F), /feature \* stride lies beyond the codes/);
    assert.throws(() => addon.countBins(search, 0, n, true, 2 * n, 0, 4), /countBins: feature \* stride lies beyond the codes/);
    state.batch[2] = F;
    assert.throws(sweep(0, n), /a feature of the batch is not below nFeatures/);
    state.batch[2] = 2;
    const kernels = {
      sweepSplits: sweep(0, n),
      countBins: () => addon.countBins(search, 0, n, false, n, 0, 3),
      scanSorted: () => addon.scanSorted(search, 0, 20, false, n, 0, 4, 20, 0),
      partition: () => addon.partition(search, 0, n, false, 0, 3),
      copyRows: () => addon.copyRows(search, 0, n),
    };
    const every = Object.keys(kernels) as (keyof typeof kernels)[];
    // Sample 7 with an id before or after every code, or with class 3 of 3 (which counting passes
    // let through: it lands in scratch that no sweep reads).
    const cases: [number, number, (keyof typeof kernels)[]][] = [[-1, 4, every], [n * F, 4, every], [0, 4 | 3, ['scanSorted', 'partition', 'copyRows']]];
    for (const [id, tag, throwing] of cases) {
      const [savedId, savedTag] = [state.ids[7], state.tags[7]];
      [state.ids[7], state.tags[7]] = [id, tag];
      for (const kernel of throwing) {
        assert.throws(kernels[kernel], new RegExp(`${kernel}: a sample's id lies outside the codes it indexes, or its class is not below nClasses`), `id ${id}, tag ${tag}`);
      }
      [state.ids[7], state.tags[7]] = [savedId, savedTag];
    }
    assert.throws(() => addon.scanSorted(search, 0, 33, false, n, 0, 4, 33, 0), /sorted scan takes nodes of 1 to 32 samples/);
    assert.throws(() => addon.partition(search, 0, n, false, n * F, 3), /base lies outside the codes/);
    assert.equal(addon.partition(search, 0, n, false, 0, 3), Array.from(state.columns.subarray(0, n)).filter((code) => code <= 3).length);
  });

  it('throw when an entropy sweep meets weights beyond its x log2(x) table', SKIP_WITHOUT_KERNELS, () => {
    const addon = builtKernels();
    const { state, search, n } = boundSearch(addon, 'entropy');
    assert.equal(state.xLog2x.length, n + 1);
    state.nodeCounts.set([17, 17, 16]);
    addon.sweepSplits(search, 0, n, false, n, 0, 4, n, 0);
    state.tags[0] = (2 * n) << state.classBits;
    state.nodeCounts.set([17 + 2 * n - 1, 17, 16]);
    assert.throws(() => addon.sweepSplits(search, 0, n, false, n, 0, 4, 3 * n - 1, 0), /entropy sweep met a weight beyond xLog2x/);
    assert.throws(() => addon.scanSorted(search, 0, 20, false, n, 0, 4, 2 * n + 19, 0), /entropy sweep met a weight beyond xLog2x/);
  });

  it('transpose bytes across and inside their 64 x 64 tiles', SKIP_WITHOUT_KERNELS, () => {
    const addon = builtKernels();
    for (const [nRows, nCols] of [[131, 70], [1, 5], [64, 64], [0, 3]]) {
      const source = Uint8Array.from({ length: nRows * nCols }, (_, k) => (k * 31 + 7) % 251);
      const target = new Uint8Array(nRows * nCols);
      addon.transposeBytes(source, target, nRows, nCols);
      const expected = Uint8Array.from({ length: nRows * nCols }, (_, k) => source[(k % nRows) * nCols + Math.floor(k / nRows)]);
      assert.deepEqual(target, expected, `${nRows} x ${nCols}`);
    }
  });
});
