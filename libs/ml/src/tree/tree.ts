/** Marks a leaf in `childrenLeft`, `childrenRight` and `feature`, as scikit-learn's `TREE_LEAF`. */
export const TREE_LEAF = -1;

/**
 * A fitted decision tree in scikit-learn's layout (`DecisionTreeClassifier.tree_`): node 0 is the
 * root, nodes are numbered in depth-first order, and a sample goes left when
 * `x[feature] <= threshold`. Thresholds are float32 and rounded down, so comparing a float32
 * feature with them decides exactly as comparing it with scikit-learn's float64 midpoint.
 */
export interface Tree {
  readonly nodeCount: number;
  readonly nClasses: number;
  readonly childrenLeft: Int32Array;
  readonly childrenRight: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float32Array;
  /** The split in bin codes: a training sample goes left when its code is at most this. */
  readonly thresholdBin: Int32Array;
  /** Gini impurity, or entropy in bits, of each node's training samples. */
  readonly impurity: Float64Array;
  /** Distinct training samples in each node (a bootstrap's repeats count once, as scikit-learn). */
  readonly nNodeSamples: Int32Array;
  readonly weightedNNodeSamples: Float64Array;
  /** `value[node * nClasses + c]`: weighted count of class c in the node. */
  readonly value: Float64Array;
}

/**
 * Normalised total impurity decrease brought by each feature (scikit-learn's
 * `tree_.compute_feature_importances()`): all zeros for a tree that is a single leaf.
 */
export function featureImportances(tree: Tree, nFeatures: number): Float64Array {
  const importances = new Float64Array(nFeatures);
  const { childrenLeft: left, childrenRight: right, impurity, weightedNNodeSamples: w } = tree;
  for (let node = 0; node < tree.nodeCount; node++) {
    if (left[node] === TREE_LEAF) continue;
    const l = left[node];
    const r = right[node];
    importances[tree.feature[node]] += w[node] * impurity[node] - w[l] * impurity[l] - w[r] * impurity[r];
  }
  let total = 0;
  for (let f = 0; f < nFeatures; f++) total += importances[f];
  if (total > 0) for (let f = 0; f < nFeatures; f++) importances[f] /= total;
  return importances;
}
