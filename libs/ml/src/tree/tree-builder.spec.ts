import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matrix, type Matrix } from '../base/matrix';
import { RandomState } from '../utils/random';
import { binFeatures } from './binning';
import { featureImportances, TREE_LEAF, type Tree } from './tree';
import { TreeBuilder, type TreeParams } from './tree-builder';
import { nativeAddon, type NativeAddon } from '../native/addon';
import { builtKernels, SKIP_WITHOUT_KERNELS } from '../native/addon-under-test';

interface GrowOptions extends Partial<TreeParams> {
  readonly counts?: number[];
  readonly classWeight?: number[];
  readonly seed?: number;
  /** The compiled split search (the default, where it is built) or null for the TypeScript one. */
  readonly kernels?: NativeAddon | null;
}

/** A tree on every sample once (unless `counts`), visiting every feature at every node. */
function grow(X: Matrix, y: readonly number[], options: GrowOptions = {}): Tree {
  const { counts, classWeight, seed = 0, kernels = nativeAddon(), ...params } = options;
  const nClasses = Math.max(...y) + 1;
  const builder = new TreeBuilder(
    binFeatures(X),
    { criterion: 'gini', maxDepth: Infinity, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: X.cols, ...params },
    nClasses,
    kernels,
  );
  return builder.build(
    {
      y: Int32Array.from(y),
      counts: counts ? Int32Array.from(counts) : new Int32Array(y.length).fill(1),
      classWeight: classWeight ? Float64Array.from(classWeight) : new Float64Array(nClasses).fill(1),
    },
    new RandomState(seed),
  );
}

const column = (...values: number[]) => matrix(Float32Array.from(values), values.length, 1);

describe('TreeBuilder', () => {
  it('grows the hand-computed Gini tree', () => {
    // Root [3, 3], Gini 0.5. Weighted child impurity by split position: after 1 sample 0.4, after
    // 2 0.25 (best: threshold 2.5), after 3 0.444, after 4 0.5, after 5 0.4. The right node
    // [1, 3] (Gini 0.375) is best split after x = 5 (children pure): threshold 5.5.
    const tree = grow(column(1, 2, 3, 4, 5, 6), [0, 0, 1, 1, 1, 0]);
    assert.equal(tree.nodeCount, 5);
    assert.deepEqual(Array.from(tree.childrenLeft), [1, TREE_LEAF, 3, TREE_LEAF, TREE_LEAF]);
    assert.deepEqual(Array.from(tree.childrenRight), [2, TREE_LEAF, 4, TREE_LEAF, TREE_LEAF]);
    assert.deepEqual(Array.from(tree.feature), [0, TREE_LEAF, 0, TREE_LEAF, TREE_LEAF]);
    assert.deepEqual(Array.from(tree.threshold), [2.5, TREE_LEAF, 5.5, TREE_LEAF, TREE_LEAF]);
    assert.deepEqual(Array.from(tree.impurity), [0.5, 0, 0.375, 0, 0]);
    assert.deepEqual(Array.from(tree.nNodeSamples), [6, 2, 4, 3, 1]);
    assert.deepEqual(Array.from(tree.value), [3, 3, 2, 0, 1, 3, 0, 3, 1, 0]);
    // Decreases: root 6 * 0.5 - 4 * 0.375 = 1.5, node 2: 4 * 0.375 = 1.5; one feature has them all.
    assert.deepEqual(Array.from(featureImportances(tree, 1)), [1]);
  });

  it('measures entropy in bits, as scikit-learn', () => {
    const tree = grow(column(1, 2, 3, 4, 5, 6), [0, 0, 1, 1, 1, 0], { criterion: 'entropy' });
    assert.deepEqual(Array.from(tree.threshold), [2.5, TREE_LEAF, 5.5, TREE_LEAF, TREE_LEAF]);
    assert.equal(tree.impurity[0], 1);
    assert.ok(Math.abs(tree.impurity[2] - (-0.25 * Math.log2(0.25) - 0.75 * Math.log2(0.75))) < 1e-12);
  });

  it('treats bootstrap counts as weights and splits halfway between the values the node holds', () => {
    // The sample at 5 is not drawn, so the split falls halfway between 1 and 10.
    const tree = grow(column(1, 5, 10), [0, 1, 1], { counts: [3, 0, 1] });
    assert.deepEqual(Array.from(tree.threshold), [5.5, TREE_LEAF, TREE_LEAF]);
    assert.deepEqual(Array.from(tree.nNodeSamples), [2, 1, 1]);
    assert.deepEqual(Array.from(tree.weightedNNodeSamples), [4, 3, 1]);
    assert.equal(tree.impurity[0], 1 - (9 + 1) / 16);
  });

  it('weights classes', () => {
    const tree = grow(column(1, 2), [0, 1], { classWeight: [1, 3] });
    assert.deepEqual(Array.from(tree.value.subarray(0, 2)), [1, 3]);
    assert.equal(tree.impurity[0], 1 - (1 + 9) / 16);
  });

  it('stores float32 thresholds that split float32 values as the float64 midpoint does', () => {
    const below = 0.1;
    const above = Math.fround(0.1 + 1e-7);
    const tree = grow(column(below, above), [0, 1]);
    const threshold = tree.threshold[0];
    assert.ok(Math.fround(below) <= threshold && threshold < above);
    assert.ok(threshold <= Math.fround(below) / 2 + above / 2);
  });

  it('finds the split an exhaustive search finds, whichever way a node sorts its samples', () => {
    for (const n of [20, 100, 300]) {
      const rng = new RandomState(n);
      const X = matrix(Float32Array.from({ length: n * 4 }, () => rng.normal()), n, 4);
      const y = Array.from({ length: n }, () => rng.randint(0, 3));
      const tree = grow(X, y);
      const best = exhaustiveGiniSplit(X, y, 3);
      assert.equal(tree.feature[0], best.feature, `n=${n}`);
      assert.ok(best.below <= tree.threshold[0] && tree.threshold[0] <= best.threshold);
      assert.equal(tree.nNodeSamples[tree.childrenLeft[0]], best.nLeft);
    }
  });

  it('honours max_depth and min_samples_leaf', () => {
    const rng = new RandomState(1);
    const n = 200;
    const X = matrix(Float32Array.from({ length: n * 3 }, () => rng.random()), n, 3);
    const y = Array.from({ length: n }, () => rng.randint(0, 2));
    const shallow = grow(X, y, { maxDepth: 3 });
    assert.ok(depth(shallow) <= 3);
    const bushy = grow(X, y, { minSamplesLeaf: 7 });
    for (let node = 0; node < bushy.nodeCount; node++) {
      if (bushy.childrenLeft[node] === TREE_LEAF) assert.ok(bushy.nNodeSamples[node] >= 7);
    }
  });

  it('leaves a node whose features are all constant unsplit', () => {
    const tree = grow(matrix(Float32Array.from([1, 2, 1, 2, 1, 2]), 3, 2), [0, 1, 0]);
    assert.equal(tree.nodeCount, 1);
  });

  it('grows the same tree on bytes and on any increasing transform of them', () => {
    const rng = new RandomState(7);
    const n = 400;
    const F = 6;
    const bytes = Uint8Array.from({ length: n * F }, () => (rng.random() < 0.6 ? 0 : rng.randint(0, 256)));
    const y = Array.from({ length: n }, (_, i) => (bytes[i * F] + bytes[i * F + 3] > 200 ? 1 : rng.randint(0, 3)));
    const scaled = Float32Array.from(bytes, (value, k) => (value - 40 - (k % F)) / (3 + (k % F)));
    const options: GrowOptions = { maxFeatures: 2, counts: Array.from({ length: n }, () => rng.randint(0, 3)), seed: 3 };
    const raw = grow(matrix(bytes, n, F), y, options);
    const transformed = grow(matrix(scaled, n, F), y, options);
    assert.deepEqual(transformed.feature, raw.feature);
    assert.deepEqual(transformed.childrenLeft, raw.childrenLeft);
    assert.deepEqual(transformed.value, raw.value);
    assert.deepEqual(transformed.impurity, raw.impurity);
  });
});

describe('the compiled split search (libs/ml/native)', () => {
  it('grows exactly the trees of the TypeScript split search', SKIP_WITHOUT_KERNELS, () => {
    const kernels = builtKernels();
    // Sparse bytes with 12 classes (more than 8, so tags take 4 class bits), the classes tied to
    // a few features, on a bootstrap: big nodes count columns, small ones their local copy.
    const rng = new RandomState(11);
    const n = 6000;
    const F = 40;
    const bytes = Uint8Array.from({ length: n * F }, () => (rng.random() < 0.7 ? 0 : rng.randint(0, 256)));
    const y = Array.from({ length: n }, (_, i) => (bytes[i * F + 1] > 128 ? (bytes[i * F + 7] >> 5) : rng.randint(0, 12)) % 12);
    const counts = Array.from({ length: n }, () => rng.randint(0, 3));
    const X = matrix(bytes, n, F);
    const variants: GrowOptions[] = [
      { maxFeatures: 6 },
      { maxFeatures: 6, minSamplesLeaf: 3, minSamplesSplit: 5, maxDepth: 12 },
      { maxFeatures: 9, classWeight: Array.from({ length: 12 }, (_, c) => 0.5 + c / 7) },
      { maxFeatures: 6, criterion: 'entropy', minSamplesLeaf: 2 },
      { maxFeatures: 6, criterion: 'entropy', classWeight: Array.from({ length: 12 }, (_, c) => 2 - c / 9) },
    ];
    for (const variant of variants) {
      const options: GrowOptions = { counts, seed: 5, ...variant };
      const compiled = grow(X, y, { ...options, kernels });
      const typescript = grow(X, y, { ...options, kernels: null });
      assert.ok(compiled.nodeCount > 100, `a tree of ${compiled.nodeCount} nodes tests little`);
      assert.deepEqual(compiled, typescript, JSON.stringify(variant));
    }
  });
});

function depth(tree: Tree, node = 0): number {
  return tree.childrenLeft[node] === TREE_LEAF ? 0 : 1 + Math.max(depth(tree, tree.childrenLeft[node]), depth(tree, tree.childrenRight[node]));
}

/** The reference: every feature, every position between distinct sorted values, Gini decrease. */
function exhaustiveGiniSplit(X: Matrix, y: readonly number[], nClasses: number) {
  let best = { score: -Infinity, feature: -1, below: 0, threshold: 0, nLeft: 0 };
  for (let f = 0; f < X.cols; f++) {
    const order = Array.from({ length: X.rows }, (_, i) => i).sort((a, b) => X.data[a * X.cols + f] - X.data[b * X.cols + f]);
    const left = new Array<number>(nClasses).fill(0);
    const right = new Array<number>(nClasses).fill(0);
    for (const label of y) right[label]++;
    for (let p = 1; p < order.length; p++) {
      left[y[order[p - 1]]]++;
      right[y[order[p - 1]]]--;
      const below = X.data[order[p - 1] * X.cols + f];
      const above = X.data[order[p] * X.cols + f];
      if (below === above) continue;
      const score = left.reduce((s, c) => s + c * c, 0) / p + right.reduce((s, c) => s + c * c, 0) / (order.length - p);
      if (score > best.score) best = { score, feature: f, below, threshold: below / 2 + above / 2, nLeft: p };
    }
  }
  return best;
}
