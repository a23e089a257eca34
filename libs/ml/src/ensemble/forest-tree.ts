import type { BinnedFeatures } from '../tree/binning';
import { featureImportances, TREE_LEAF, type Tree } from '../tree/tree';
import { TreeBuilder, type TreeParams } from '../tree/tree-builder';
import { RandomState } from '../utils/random';

/**
 * Everything a thread needs to grow any tree of a forest; each tree then only needs its seed.
 * The binned features live on SharedArrayBuffers, so handing a job to a worker copies no data.
 */
export interface ForestJob {
  readonly data: BinnedFeatures;
  /** Class index of every training sample. */
  readonly y: Int32Array;
  readonly nClasses: number;
  readonly tree: TreeParams;
  /** Samples each tree draws with replacement; null grows every tree on every sample once. */
  readonly nBootstrap: number | null;
  /** Class weights of every tree (all 1 without `class_weight`), unless `balancedSubsample`. */
  readonly classWeight: Float64Array;
  /** `class_weight='balanced_subsample'`: each tree balances the classes of its own bootstrap. */
  readonly balancedSubsample: boolean;
  /** Whether to collect out-of-bag votes. */
  readonly oob: boolean;
}

/** Leaf class distributions are stored as fractions of this (uint16). */
export const PROBA_SCALE = 65535;

/**
 * One tree as the forest keeps it: split nodes and leaves in separate arrays, both in depth-first
 * order. A child reference `ref` is a split node's index when `ref >= 0`, else leaf `~ref`.
 */
export interface CompactTree {
  readonly root: number;
  readonly feature: Uint16Array;
  readonly threshold: Float32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** `leafProba[leaf * nClasses + c]`: the leaf's fraction of class c, times PROBA_SCALE, rounded. */
  readonly leafProba: Uint16Array;
}

export interface GrownTree {
  readonly tree: CompactTree;
  /** Normalised impurity decrease per feature; null for a single-leaf tree (scikit-learn skips those). */
  readonly importances: Float64Array | null;
}

/**
 * Out-of-bag votes: `votes[i * nClasses + c]` sums class c's (scaled) fraction in the leaves of
 * the trees that did not draw sample i.
 */
export type OobVotes = Int32Array;

export function emptyOobVotes(nSamples: number, nClasses: number): OobVotes {
  return new Int32Array(nSamples * nClasses);
}

/**
 * Grows the tree of `seed`, as scikit-learn's `_parallel_build_trees`: the seed draws the
 * bootstrap (as integer sample weights) and then every node's features. Adds the tree's votes to
 * `oob` for the samples it did not draw. Integer votes make the sums independent of which thread
 * grew which tree.
 */
export function growForestTree(job: ForestJob, builder: TreeBuilder, seed: number, oob: OobVotes | null): GrownTree {
  const n = job.y.length;
  const rng = new RandomState(seed);
  const counts = new Int32Array(n);
  if (job.nBootstrap === null) {
    counts.fill(1);
  } else {
    for (let k = 0; k < job.nBootstrap; k++) counts[rng.randint(0, n)]++;
  }
  const classWeight = job.balancedSubsample ? balancedWeights(job.y, counts, job.nClasses) : job.classWeight;
  const tree = builder.build({ y: job.y, counts, classWeight }, rng);
  const compact = compactTree(tree);
  if (oob) addOobVotes(job, tree, compact, counts, oob);
  return { tree: compact, importances: tree.nodeCount > 1 ? featureImportances(tree, job.data.nFeatures) : null };
}

/**
 * scikit-learn's `compute_class_weight('balanced')` over the drawn samples (with repeats):
 * n / (k * count_c) for the k classes drawn; classes not drawn get 0 (no sample has them).
 */
export function balancedWeights(y: Int32Array, counts: Int32Array, nClasses: number): Float64Array {
  const perClass = new Float64Array(nClasses);
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    perClass[y[i]] += counts[i];
    total += counts[i];
  }
  const present = perClass.filter((count) => count > 0).length;
  return perClass.map((count) => (count > 0 ? total / (present * count) : 0));
}

/** Separates split nodes from leaves and quantises the leaves' class distributions. */
function compactTree(tree: Tree): CompactTree {
  const { nodeCount, nClasses: C, childrenLeft, childrenRight, value } = tree;
  const ref = new Int32Array(nodeCount);
  let nSplits = 0;
  let nLeaves = 0;
  for (let node = 0; node < nodeCount; node++) ref[node] = childrenLeft[node] === TREE_LEAF ? ~nLeaves++ : nSplits++;
  const feature = new Uint16Array(nSplits);
  const threshold = new Float32Array(nSplits);
  const left = new Int32Array(nSplits);
  const right = new Int32Array(nSplits);
  const leafProba = new Uint16Array(nLeaves * C);
  for (let node = 0; node < nodeCount; node++) {
    const k = ref[node];
    if (k >= 0) {
      feature[k] = tree.feature[node];
      threshold[k] = tree.threshold[node];
      left[k] = ref[childrenLeft[node]];
      right[k] = ref[childrenRight[node]];
    } else {
      let total = 0;
      for (let c = 0; c < C; c++) total += value[node * C + c];
      for (let c = 0; c < C; c++) leafProba[~k * C + c] = Math.round((value[node * C + c] / total) * PROBA_SCALE);
    }
  }
  return { root: ref[0], feature, threshold, left, right, leafProba };
}

/** Routes every sample the tree did not draw to its leaf by bin codes, and adds the leaf's votes. */
function addOobVotes(job: ForestJob, tree: Tree, compact: CompactTree, counts: Int32Array, oob: OobVotes): void {
  const { rows, nFeatures } = job.data;
  const { childrenLeft, childrenRight, feature, thresholdBin } = tree;
  const C = job.nClasses;
  const leafOf = new Int32Array(tree.nodeCount);
  for (let node = 0, leaf = 0; node < tree.nodeCount; node++) if (childrenLeft[node] === TREE_LEAF) leafOf[node] = leaf++;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] > 0) continue;
    let node = 0;
    while (childrenLeft[node] !== TREE_LEAF) {
      node = rows[i * nFeatures + feature[node]] <= thresholdBin[node] ? childrenLeft[node] : childrenRight[node];
    }
    const leaf = leafOf[node];
    for (let c = 0; c < C; c++) oob[i * C + c] += compact.leafProba[leaf * C + c];
  }
}
