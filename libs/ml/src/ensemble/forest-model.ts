import { ArtifactError } from '../base/errors';
import type { MonotoneFeatureMap } from '../base/estimator';
import type { FeatureArray, Matrix } from '../base/matrix';
import { nativeAddon, type ForestArrays, type NativeAddon } from '../native/addon';
import { PROBA_SCALE, type CompactTree } from './forest-tree';

/** The values a byte feature takes. */
const BYTE_VALUES = 256;

/**
 * Input bytes predicted together, tree by tree: each tree's nodes are then fetched once per block
 * (rather than once per row), and the block's rows still mostly stay in cache (1.5 MB: 2006 MNIST
 * rows of bytes).
 */
const PREDICT_BLOCK_BYTES = 1.5 * 2 ** 20;

/**
 * A fitted forest as a handful of flat typed arrays: the trees' split nodes and leaves (see
 * {@link CompactTree}) concatenated, with child references rebased to the whole forest. This is
 * also the artifact's layout: 14 bytes per split node (feature uint16, threshold float32, two int32
 * children) and 2 bytes per class per leaf. The compiled votes read these fields of the model itself.
 */
export class ForestModel implements ForestArrays {
  /**
   * The class of each leaf that holds one class only, else -1: fully grown trees have little
   * else, and such a leaf adds one vote instead of one per class.
   */
  readonly leafClass: Int32Array;
  private readonly byteThresholdCache = new WeakMap<MonotoneFeatureMap, Float32Array>();

  private constructor(
    readonly nClasses: number,
    readonly nFeatures: number,
    /** Reference of each tree's root node. */
    readonly roots: Int32Array,
    readonly feature: Uint16Array,
    readonly threshold: Float32Array,
    readonly left: Int32Array,
    readonly right: Int32Array,
    /** `leafProba[leaf * nClasses + c]`: class c's fraction in the leaf, times `PROBA_SCALE`. */
    readonly leafProba: Uint16Array,
  ) {
    this.leafClass = new Int32Array(leafProba.length / nClasses).fill(-1);
    for (let k = 0; k < leafProba.length; k++) if (leafProba[k] === PROBA_SCALE) this.leafClass[Math.floor(k / nClasses)] = k % nClasses;
  }

  static fromTrees(trees: readonly CompactTree[], nClasses: number, nFeatures: number): ForestModel {
    const nSplits = trees.reduce((sum, tree) => sum + tree.feature.length, 0);
    const nLeaves = trees.reduce((sum, tree) => sum + tree.leafProba.length / nClasses, 0);
    const roots = new Int32Array(trees.length);
    const feature = new Uint16Array(nSplits);
    const threshold = new Float32Array(nSplits);
    const left = new Int32Array(nSplits);
    const right = new Int32Array(nSplits);
    const leafProba = new Uint16Array(nLeaves * nClasses);
    let splitBase = 0;
    let leafBase = 0;
    const rebase = (ref: number) => (ref >= 0 ? ref + splitBase : ~(~ref + leafBase));
    trees.forEach((tree, t) => {
      roots[t] = rebase(tree.root);
      feature.set(tree.feature, splitBase);
      threshold.set(tree.threshold, splitBase);
      for (let k = 0; k < tree.left.length; k++) {
        left[splitBase + k] = rebase(tree.left[k]);
        right[splitBase + k] = rebase(tree.right[k]);
      }
      leafProba.set(tree.leafProba, leafBase * nClasses);
      splitBase += tree.feature.length;
      leafBase += tree.leafProba.length / nClasses;
    });
    return new ForestModel(nClasses, nFeatures, roots, feature, threshold, left, right, leafProba);
  }

  /**
   * Rebuilds a model from its arrays, checking everything predict relies on: consistent lengths,
   * features and references in range, and children after their parent (so every walk ends).
   */
  static fromArrays(arrays: { readonly [name: string]: unknown }, nClasses: number, nFeatures: number): ForestModel {
    const roots = typed(arrays, 'roots', Int32Array);
    const feature = typed(arrays, 'feature', Uint16Array);
    const threshold = typed(arrays, 'threshold', Float32Array);
    const left = typed(arrays, 'left', Int32Array);
    const right = typed(arrays, 'right', Int32Array);
    const leafProba = typed(arrays, 'leaf_proba', Uint16Array);
    const nSplits = feature.length;
    const nLeaves = leafProba.length / nClasses;
    if (threshold.length !== nSplits || left.length !== nSplits || right.length !== nSplits || !Number.isInteger(nLeaves)) {
      throw new ArtifactError('random_forest artifact: node arrays have inconsistent lengths');
    }
    const validRef = (ref: number, after: number) => (ref >= 0 ? ref > after && ref < nSplits : ~ref < nLeaves);
    for (let k = 0; k < nSplits; k++) {
      if (feature[k] >= nFeatures || !validRef(left[k], k) || !validRef(right[k], k)) {
        throw new ArtifactError(`random_forest artifact: split node ${k} has an invalid feature or child`);
      }
    }
    if (!roots.every((root) => validRef(root, -1))) throw new ArtifactError('random_forest artifact: invalid root reference');
    return new ForestModel(nClasses, nFeatures, roots, feature, threshold, left, right, leafProba);
  }

  get nTrees(): number {
    return this.roots.length;
  }

  get nodeCount(): number {
    return this.feature.length + this.leafProba.length / this.nClasses;
  }

  toArrays(): { [name: string]: Int32Array | Uint16Array | Float32Array } {
    const { roots, feature, threshold, left, right, leafProba } = this;
    return { roots, feature, threshold, left, right, leaf_proba: leafProba };
  }

  /**
   * For every row of X, the index of the class with the most votes (the first on ties, as numpy's
   * argmax) and the mean of the trees' leaf class distributions, as scikit-learn's `predict_proba`
   * (each row renormalised to sum to 1 after quantisation); both from one count of the votes.
   * `addon`: the compiled votes where they are built (tests pass null to compare them with the
   * TypeScript ones).
   */
  predict(X: Matrix, thresholds = this.threshold, addon = nativeAddon()): { indices: Int32Array; proba: Float32Array } {
    const votes = this.votes(X.data, X.rows, thresholds, addon);
    return { indices: indicesOfMostVotes(votes, this.nClasses), proba: probabilitiesOfVotes(votes, this.nClasses) };
  }

  /**
   * The thresholds for byte input that is read through `map`: each split's largest byte v with
   * `map(v) <= threshold` (-1 for none), so that `v <= result` exactly when the mapped value goes
   * left, as the map never decreases. Computed once per map.
   */
  byteThresholds(map: MonotoneFeatureMap): Float32Array {
    const cached = this.byteThresholdCache.get(map);
    if (cached) return cached;
    const mapped = new Float32Array(this.nFeatures * BYTE_VALUES).fill(NaN);
    const thresholds = new Float32Array(this.threshold.length);
    for (let k = 0; k < thresholds.length; k++) {
      const base = this.feature[k] * BYTE_VALUES;
      if (Number.isNaN(mapped[base])) for (let v = 0; v < BYTE_VALUES; v++) mapped[base + v] = map.apply(this.feature[k], v);
      // Binary search for the first byte that goes right.
      let lo = 0;
      let hi = BYTE_VALUES;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (mapped[base + mid] <= this.threshold[k]) lo = mid + 1;
        else hi = mid;
      }
      thresholds[k] = lo - 1;
    }
    this.byteThresholdCache.set(map, thresholds);
    return thresholds;
  }

  /** `votes[i * nClasses + c]`: the sum over trees of row i's leaf fraction of class c (scaled). */
  private votes(data: FeatureArray, rows: number, thresholds: Float32Array, addon: NativeAddon | null): Float64Array {
    const votes = new Float64Array(rows * this.nClasses);
    const blockRows = Math.max(4, Math.floor(PREDICT_BLOCK_BYTES / (this.nFeatures * data.BYTES_PER_ELEMENT)));
    if (addon) {
      addon.forestVotes(data, rows, blockRows, this, thresholds, votes);
      return votes;
    }
    for (let i0 = 0; i0 < rows; i0 += blockRows) {
      const i1 = Math.min(rows, i0 + blockRows);
      for (let t = 0; t < this.roots.length; t++) {
        let i = i0;
        for (; i + 4 <= i1; i += 4) this.addLeafVotes4(data, thresholds, i, this.roots[t], votes);
        for (; i < i1; i++) this.addLeafVotes(votes, i, this.leafOf(data, thresholds, i, this.roots[t]));
      }
    }
    return votes;
  }

  /**
   * Walks rows i..i+3 down one tree together: four independent chains of loads keep the core busy
   * where one walk would wait on each node's load before the next.
   */
  private addLeafVotes4(data: FeatureArray, threshold: Float32Array, i: number, root: number, votes: Float64Array): void {
    const { feature, left, right } = this;
    const F = this.nFeatures;
    const [o0, o1, o2, o3] = [i * F, (i + 1) * F, (i + 2) * F, (i + 3) * F];
    let [r0, r1, r2, r3] = [root, root, root, root];
    while ((r0 & r1 & r2 & r3) >= 0) {
      if (r0 >= 0) r0 = data[o0 + feature[r0]] <= threshold[r0] ? left[r0] : right[r0];
      if (r1 >= 0) r1 = data[o1 + feature[r1]] <= threshold[r1] ? left[r1] : right[r1];
      if (r2 >= 0) r2 = data[o2 + feature[r2]] <= threshold[r2] ? left[r2] : right[r2];
      if (r3 >= 0) r3 = data[o3 + feature[r3]] <= threshold[r3] ? left[r3] : right[r3];
    }
    this.addLeafVotes(votes, i, ~r0);
    this.addLeafVotes(votes, i + 1, ~r1);
    this.addLeafVotes(votes, i + 2, ~r2);
    this.addLeafVotes(votes, i + 3, ~r3);
  }

  private leafOf(data: FeatureArray, threshold: Float32Array, i: number, root: number): number {
    const { feature, left, right } = this;
    const offset = i * this.nFeatures;
    let ref = root;
    while (ref >= 0) ref = data[offset + feature[ref]] <= threshold[ref] ? left[ref] : right[ref];
    return ~ref;
  }

  private addLeafVotes(votes: Float64Array, i: number, leaf: number): void {
    const C = this.nClasses;
    const pure = this.leafClass[leaf];
    if (pure >= 0) {
      votes[i * C + pure] += PROBA_SCALE;
      return;
    }
    const { leafProba } = this;
    for (let c = 0; c < C; c++) votes[i * C + c] += leafProba[leaf * C + c];
  }
}

function typed<T extends Int32Array | Uint16Array | Float32Array>(
  arrays: { readonly [name: string]: unknown },
  name: string,
  type: new (length: number) => T,
): T {
  const array = arrays[name];
  if (!(array instanceof type)) throw new ArtifactError(`random_forest artifact: ${name} must be a ${type.name}`);
  return array;
}

/** Each row of n x C votes divided by its total. */
function probabilitiesOfVotes(votes: ArrayLike<number>, C: number): Float32Array {
  const proba = new Float32Array(votes.length);
  for (let i = 0; i < votes.length; i += C) {
    let total = 0;
    for (let c = 0; c < C; c++) total += votes[i + c];
    for (let c = 0; c < C; c++) proba[i + c] = votes[i + c] / total;
  }
  return proba;
}

/** The index of each row's largest vote, the first on ties (numpy's argmax). */
function indicesOfMostVotes(votes: ArrayLike<number>, C: number): Int32Array {
  const out = new Int32Array(votes.length / C);
  for (let i = 0; i < out.length; i++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (votes[i * C + c] > votes[i * C + best]) best = c;
    out[i] = best;
  }
  return out;
}
