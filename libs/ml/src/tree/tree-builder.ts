import type { RandomState } from '../utils/random';
import { MAX_BINS, type BinnedFeatures } from './binning';
import { TREE_LEAF, type Tree } from './tree';

export type Criterion = 'gini' | 'entropy';

/** Stopping rules and feature sampling of one tree, as absolute numbers. */
export interface TreeParams {
  readonly criterion: Criterion;
  /** `Infinity` for no limit. */
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  /** Features drawn at each node. */
  readonly maxFeatures: number;
}

/** The samples one tree learns from. */
export interface TreeSample {
  /** Class index (`0..nClasses - 1`) of every training sample. */
  readonly y: Int32Array;
  /**
   * How often each training sample was drawn (a bootstrap; 1 for all without one): an integer
   * sample weight, as scikit-learn's forests pass it, and 0 leaves the sample out.
   */
  readonly counts: Int32Array;
  /** Weight of each class (all 1 without `class_weight`). */
  readonly classWeight: Float64Array;
}

/** Impurity at or below this is pure, as scikit-learn's `EPSILON`. */
const EPSILON = 2.220446049250313e-16;

/**
 * Deep nodes read private row-major copies of their rows instead of the training set's columns,
 * where the rows of a small node lie far apart. Once a node has at most `LOCAL_LEVELS[k]`
 * distinct samples, its rows are copied contiguously into level k's buffer (from the level above),
 * which its whole subtree then reads: each level's buffer is a quarter of the one above, so the
 * deeper a node, the closer to the core its rows are.
 */
const LOCAL_LEVELS = [4096, 1024, 256, 64];

const f32 = new Float32Array(1);
const f32Bits = new Int32Array(f32.buffer);

/** The largest float32 at most `x`: then `v <= result` exactly when `v <= x` for every float32 v. */
function floorFloat32(x: number): number {
  f32[0] = x;
  if (f32[0] > x) f32Bits[0] += f32[0] > 0 ? -1 : 1;
  return f32[0];
}

/**
 * Grows depth-first decision trees on binned features, as scikit-learn's `DepthFirstTreeBuilder`
 * with its `BestSplitter`: at each node, features are drawn without replacement until `maxFeatures`
 * have been visited and at least one of them is not constant in the node; features already found
 * constant in an ancestor count as visited but cost nothing. Each visited feature's best split is
 * found from its bins' class counts, so the search is linear in the node's samples.
 *
 * One builder serves many trees (one per worker thread): its buffers are allocated once.
 */
export class TreeBuilder {
  private readonly nFeatures: number;
  private readonly nClasses: number;
  /** Bits of a tag that hold the class; the rest hold the sample's count. */
  private readonly classBits: number;
  /** Whether split search must count distinct samples per bin (for `minSamplesLeaf` > 1). */
  private readonly countRows: boolean;
  // The tree's samples by position; a node owns positions [start, end). `ids` holds training row
  // numbers, or offsets into `local` inside a locally copied subtree; `tags` holds
  // `count << classBits | class`.
  private readonly ids: Int32Array;
  private readonly tags: Int32Array;
  private readonly spareIds: Int32Array;
  private readonly spareTags: Int32Array;
  // Split search scratch: `hist[bin << classBits | c]` is the count of class c in a bin, and its
  // slot `nClasses` the number of distinct samples; `seen[bin]` marks the bins present.
  private readonly hist: Int32Array;
  private readonly seen: Uint8Array;
  private readonly seenWords: Int32Array;
  private readonly leftCounts: Int32Array;
  private readonly bestLeftCounts: Int32Array;
  private readonly features: Int32Array;
  private readonly isConstant: Uint8Array;
  private readonly constants: Int32Array;
  private nConstants = 0;
  // Local copies: level k holds the rows of positions [localStart[k], localEnd[k]).
  private readonly local: Uint8Array[];
  private readonly localStart = new Int32Array(LOCAL_LEVELS.length);
  private readonly localEnd = new Int32Array(LOCAL_LEVELS.length);
  // The node being split.
  private readonly nodeCounts: Int32Array;
  private classWeight!: Float64Array;
  private bestProxy = -Infinity;
  private bestFeature = -1;
  private bestBin = -1;
  private bestThreshold = 0;

  constructor(
    private readonly data: BinnedFeatures,
    private readonly params: TreeParams,
    nClasses: number,
  ) {
    const n = data.nSamples;
    this.nFeatures = data.nFeatures;
    this.nClasses = nClasses;
    this.classBits = 32 - Math.clz32(nClasses);
    this.countRows = params.minSamplesLeaf > 1;
    this.ids = new Int32Array(n);
    this.tags = new Int32Array(n);
    this.spareIds = new Int32Array(n);
    this.spareTags = new Int32Array(n);
    this.hist = new Int32Array(MAX_BINS << this.classBits);
    this.seenWords = new Int32Array(MAX_BINS / 4);
    this.seen = new Uint8Array(this.seenWords.buffer);
    this.leftCounts = new Int32Array(nClasses);
    this.bestLeftCounts = new Int32Array(nClasses);
    this.nodeCounts = new Int32Array(nClasses);
    this.features = new Int32Array(this.nFeatures);
    this.isConstant = new Uint8Array(this.nFeatures);
    this.constants = new Int32Array(this.nFeatures);
    this.local = LOCAL_LEVELS.map((rows) => new Uint8Array(Math.min(n, rows) * data.rowStride));
  }

  /** Grows one tree; `rng` draws the features of every node, so a seed fixes the tree. */
  build(sample: TreeSample, rng: RandomState): Tree {
    const { nClasses: C, nFeatures: F, ids, tags, classBits, params } = this;
    this.classWeight = sample.classWeight;
    let n = 0;
    for (let r = 0; r < sample.counts.length; r++) {
      if (sample.counts[r] > 0) {
        ids[n] = r;
        tags[n] = (sample.counts[r] << classBits) | sample.y[r];
        n++;
      }
    }
    for (let f = 0; f < F; f++) this.features[f] = f;
    this.isConstant.fill(0);
    this.nConstants = 0;

    const nodes = new TreeRecorder(C);
    const stack = new NodeStack(C);
    const rootCounts = stack.push(0, n, 0, TREE_LEAF, false, 0);
    const classMask = (1 << classBits) - 1;
    for (let i = 0; i < n; i++) rootCounts[tags[i] & classMask] += tags[i] >>> classBits;

    this.localStart.fill(0);
    this.localEnd.fill(0);
    const minSplit = Math.max(params.minSamplesSplit, 2 * params.minSamplesLeaf);
    while (stack.size > 0) {
      const { start, end, depth, parent, isLeft, nKnownConstants } = stack.pop();
      this.nodeCounts.set(stack.counts(stack.size));
      this.forgetConstantsAfter(nKnownConstants);
      const count = end - start;
      const impurity = this.impurity(this.nodeCounts);
      const node = nodes.add(parent, isLeft, impurity, count, this.nodeCounts, this.classWeight);
      if (depth >= params.maxDepth || count < minSplit || impurity <= EPSILON) continue;

      // Feature f of the sample at position i is codes[f * stride + ids[i]].
      const level = this.localLevel(start, end);
      const codes = level < 0 ? this.data.columns : this.local[level];
      const stride = level < 0 ? this.data.nSamples : 1;
      if (!this.findSplit(start, end, codes, stride, rng)) continue;
      nodes.split(node, this.bestFeature, this.bestThreshold);
      const mid = this.partition(start, end, codes, this.bestFeature * stride, this.bestBin);
      // Right first so that the left child is split next, as scikit-learn numbers its nodes.
      const leftCounts = this.bestLeftCounts;
      const nodeCounts = this.nodeCounts;
      const rightCounts = stack.push(mid, end, depth + 1, node, false, this.nConstants);
      for (let c = 0; c < C; c++) rightCounts[c] = nodeCounts[c] - leftCounts[c];
      stack.push(start, mid, depth + 1, node, true, this.nConstants).set(leftCounts);
    }
    return nodes.finish();
  }

  /** Gini impurity or entropy (bits) of weighted class counts. */
  private impurity(counts: Int32Array): number {
    const w = this.classWeight;
    let total = 0;
    for (let c = 0; c < this.nClasses; c++) total += counts[c] * w[c];
    let sum = 0;
    if (this.params.criterion === 'gini') {
      for (let c = 0; c < this.nClasses; c++) {
        const p = (counts[c] * w[c]) / total;
        sum += p * p;
      }
      return 1 - sum;
    }
    for (let c = 0; c < this.nClasses; c++) {
      if (counts[c] > 0) {
        const p = (counts[c] * w[c]) / total;
        sum -= p * Math.log2(p);
      }
    }
    return sum;
  }

  /** Drops the constants found outside the current node's ancestors (in finished subtrees). */
  private forgetConstantsAfter(nKnown: number): void {
    while (this.nConstants > nKnown) this.isConstant[this.constants[--this.nConstants]] = 0;
  }

  /**
   * The deepest local copy holding positions [start, end), making one if the node is small enough
   * for a deeper level than it is in; -1 for the training set's columns.
   */
  private localLevel(start: number, end: number): number {
    const { localStart, localEnd } = this;
    // A copy's positions either contain this node's (the copy was made for an ancestor) or are
    // disjoint from them (made for a finished subtree): ranges of nodes nest.
    let level = -1;
    for (let k = 0; k < LOCAL_LEVELS.length; k++) if (start >= localStart[k] && end <= localEnd[k]) level = k;
    let target = level;
    while (target + 1 < LOCAL_LEVELS.length && end - start <= LOCAL_LEVELS[target + 1]) target++;
    if (target === level) return level;
    this.copyRows(start, end, level, target);
    localStart[target] = start;
    localEnd[target] = end;
    return target;
  }

  /**
   * Copies the rows of positions [start, end) from local level `from` (-1: the training set's
   * rows) to level `to`, contiguously, and renumbers them by their offset there, so that feature f
   * of position i is at `local[to][f + ids[i]]`.
   */
  private copyRows(start: number, end: number, from: number, to: number): void {
    const { ids } = this;
    const stride = this.data.rowStride;
    const source = from < 0 ? this.data.rows : this.local[from];
    const target = this.local[to];
    for (let i = start, offset = 0; i < end; i++, offset += stride) {
      // TypedArray#set of a subarray is a memcpy: several times faster than a loop over words.
      const row = from < 0 ? ids[i] * stride : ids[i];
      target.set(source.subarray(row, row + stride), offset);
      ids[i] = offset;
    }
  }

  /** Finds the best split of positions [start, end); false if every visited feature is constant. */
  private findSplit(start: number, end: number, codes: Uint8Array, stride: number, rng: RandomState): boolean {
    const { features, isConstant, nFeatures: F } = this;
    const maxFeatures = this.params.maxFeatures;
    this.bestProxy = -Infinity;
    this.bestFeature = -1;
    let visited = 0;
    let drawn = 0;
    let foundUseful = false;
    while (drawn < F && (visited < maxFeatures || !foundUseful)) {
      const j = rng.randint(drawn, F);
      const f = features[j];
      features[j] = features[drawn];
      features[drawn++] = f;
      visited++;
      if (isConstant[f]) continue;
      if (this.scanFeature(f, start, end, codes, f * stride)) {
        foundUseful = true;
      } else {
        isConstant[f] = 1;
        this.constants[this.nConstants++] = f;
      }
    }
    return this.bestFeature >= 0;
  }

  /**
   * Best split on feature f: class counts per bin in one pass over the node's samples, then one
   * sweep over the bins present. Returns whether the feature takes more than one value here.
   */
  private scanFeature(f: number, start: number, end: number, codes: Uint8Array, base: number): boolean {
    const { hist, seen, seenWords, ids, tags, leftCounts, classBits, nClasses: C } = this;
    const classMask = (1 << classBits) - 1;
    // `seen[b] = 1` is a plain store: a per-bin counter would chain every sample of the most
    // common bin through one memory location.
    if (this.countRows) {
      for (let i = start; i < end; i++) {
        const b = codes[base + ids[i]] << classBits;
        const tag = tags[i];
        hist[b | (tag & classMask)] += tag >>> classBits;
        hist[b | C]++;
        seen[b >>> classBits] = 1;
      }
    } else {
      for (let i = start; i < end; i++) {
        const b = codes[base + ids[i]];
        const tag = tags[i];
        hist[(b << classBits) | (tag & classMask)] += tag >>> classBits;
        seen[b] = 1;
      }
    }
    leftCounts.fill(0);
    const n = end - start;
    let rowsLeft = 0;
    let previous = -1;
    let present = 0;
    for (let w = 0; w < seenWords.length; w++) {
      if (seenWords[w] === 0) continue;
      seenWords[w] = 0;
      for (let b = w << 2; b < (w << 2) + 4; b++) {
        const k0 = b << classBits;
        let binTotal = 0;
        for (let c = 0; c < C; c++) binTotal |= hist[k0 | c];
        if (binTotal === 0) continue;
        if (previous >= 0) this.consider(f, previous, b, rowsLeft, n);
        for (let c = 0; c < C; c++) {
          leftCounts[c] += hist[k0 | c];
          hist[k0 | c] = 0;
        }
        if (this.countRows) {
          rowsLeft += hist[k0 | C];
          hist[k0 | C] = 0;
        }
        previous = b;
        present++;
      }
    }
    return present > 1;
  }

  /**
   * Evaluates the split "bin <= low" (the next bin present being `high`) given the left side's
   * class counts, and keeps it if it beats the best so far. Compares scikit-learn's proxy of the
   * impurity decrease, which ranks splits as the decrease does with less arithmetic.
   */
  private consider(f: number, low: number, high: number, rowsLeft: number, n: number): void {
    if (this.countRows) {
      const minLeaf = this.params.minSamplesLeaf;
      if (rowsLeft < minLeaf || n - rowsLeft < minLeaf) return;
    }
    const { leftCounts, nodeCounts, classWeight: w, nClasses: C } = this;
    let proxy: number;
    let weightLeft = 0;
    let weightRight = 0;
    if (this.params.criterion === 'gini') {
      let squaresLeft = 0;
      let squaresRight = 0;
      for (let c = 0; c < C; c++) {
        const l = leftCounts[c] * w[c];
        const r = (nodeCounts[c] - leftCounts[c]) * w[c];
        weightLeft += l;
        weightRight += r;
        squaresLeft += l * l;
        squaresRight += r * r;
      }
      proxy = squaresLeft / weightLeft + squaresRight / weightRight;
    } else {
      // -(W_L H_L + W_R H_R) with H = log W - sum(w log w) / W.
      let sumLeft = 0;
      let sumRight = 0;
      for (let c = 0; c < C; c++) {
        const l = leftCounts[c] * w[c];
        const r = (nodeCounts[c] - leftCounts[c]) * w[c];
        weightLeft += l;
        weightRight += r;
        if (l > 0) sumLeft += l * Math.log2(l);
        if (r > 0) sumRight += r * Math.log2(r);
      }
      proxy = sumLeft + sumRight - weightLeft * Math.log2(weightLeft) - weightRight * Math.log2(weightRight);
    }
    if (proxy > this.bestProxy) {
      this.bestProxy = proxy;
      this.bestFeature = f;
      this.bestBin = low;
      this.bestLeftCounts.set(leftCounts);
      // scikit-learn's threshold: the midpoint between the two values the node's samples straddle.
      const below = this.data.binHigh[f * MAX_BINS + low];
      const above = this.data.binLow[f * MAX_BINS + high];
      const midpoint = below / 2 + above / 2;
      this.bestThreshold = floorFloat32(midpoint === above || !Number.isFinite(midpoint) ? below : midpoint);
    }
  }

  /** Stable partition of positions [start, end) on "bin <= bin"; returns the first right position. */
  private partition(start: number, end: number, codes: Uint8Array, base: number, bin: number): number {
    const { ids, tags, spareIds, spareTags } = this;
    let left = start;
    let right = 0;
    for (let i = start; i < end; i++) {
      const id = ids[i];
      if (codes[base + id] <= bin) {
        ids[left] = id;
        tags[left] = tags[i];
        left++;
      } else {
        spareIds[right] = id;
        spareTags[right] = tags[i];
        right++;
      }
    }
    ids.set(spareIds.subarray(0, right), left);
    tags.set(spareTags.subarray(0, right), left);
    return left;
  }
}

/** Nodes waiting to be split, with their class counts. */
class NodeStack {
  private start = new Int32Array(64);
  private end = new Int32Array(64);
  private depth = new Int32Array(64);
  private parent = new Int32Array(64);
  private isLeft = new Uint8Array(64);
  private nKnownConstants = new Int32Array(64);
  private classCounts: Int32Array;
  size = 0;

  constructor(private readonly nClasses: number) {
    this.classCounts = new Int32Array(64 * nClasses);
  }

  /** Pushes a node and returns its (zeroed) class counts to fill in. */
  push(start: number, end: number, depth: number, parent: number, isLeft: boolean, nKnownConstants: number): Int32Array {
    if (this.size === this.start.length) this.grow();
    const k = this.size++;
    this.start[k] = start;
    this.end[k] = end;
    this.depth[k] = depth;
    this.parent[k] = parent;
    this.isLeft[k] = isLeft ? 1 : 0;
    this.nKnownConstants[k] = nKnownConstants;
    const counts = this.counts(k);
    counts.fill(0);
    return counts;
  }

  pop() {
    const k = --this.size;
    return {
      start: this.start[k],
      end: this.end[k],
      depth: this.depth[k],
      parent: this.parent[k],
      isLeft: this.isLeft[k] === 1,
      nKnownConstants: this.nKnownConstants[k],
    };
  }

  counts(k: number): Int32Array {
    return this.classCounts.subarray(k * this.nClasses, (k + 1) * this.nClasses);
  }

  private grow(): void {
    const grow32 = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.start = grow32(this.start);
    this.end = grow32(this.end);
    this.depth = grow32(this.depth);
    this.parent = grow32(this.parent);
    this.nKnownConstants = grow32(this.nKnownConstants);
    this.classCounts = grow32(this.classCounts);
    const isLeft = new Uint8Array(this.isLeft.length * 2);
    isLeft.set(this.isLeft);
    this.isLeft = isLeft;
  }
}

/** Appends nodes to growable arrays and hands them out as a {@link Tree}. */
class TreeRecorder {
  private capacity = 1024;
  private count = 0;
  private left = new Int32Array(this.capacity);
  private right = new Int32Array(this.capacity);
  private feature = new Int32Array(this.capacity);
  private threshold = new Float32Array(this.capacity);
  private impurity = new Float64Array(this.capacity);
  private nNodeSamples = new Int32Array(this.capacity);
  private weighted = new Float64Array(this.capacity);
  private value: Float64Array;

  constructor(private readonly nClasses: number) {
    this.value = new Float64Array(this.capacity * nClasses);
  }

  add(parent: number, isLeft: boolean, impurity: number, nSamples: number, counts: Int32Array, classWeight: Float64Array): number {
    if (this.count === this.capacity) this.grow();
    const node = this.count++;
    if (parent !== TREE_LEAF) {
      if (isLeft) this.left[parent] = node;
      else this.right[parent] = node;
    }
    this.left[node] = TREE_LEAF;
    this.right[node] = TREE_LEAF;
    this.feature[node] = TREE_LEAF;
    this.threshold[node] = TREE_LEAF;
    this.impurity[node] = impurity;
    this.nNodeSamples[node] = nSamples;
    let total = 0;
    for (let c = 0; c < this.nClasses; c++) {
      const v = counts[c] * classWeight[c];
      this.value[node * this.nClasses + c] = v;
      total += v;
    }
    this.weighted[node] = total;
    return node;
  }

  split(node: number, feature: number, threshold: number): void {
    this.feature[node] = feature;
    this.threshold[node] = threshold;
  }

  finish(): Tree {
    const n = this.count;
    return {
      nodeCount: n,
      nClasses: this.nClasses,
      childrenLeft: this.left.slice(0, n),
      childrenRight: this.right.slice(0, n),
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      impurity: this.impurity.slice(0, n),
      nNodeSamples: this.nNodeSamples.slice(0, n),
      weightedNNodeSamples: this.weighted.slice(0, n),
      value: this.value.slice(0, n * this.nClasses),
    };
  }

  private grow(): void {
    this.capacity *= 2;
    const grow = <T extends Int32Array | Float32Array | Float64Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.left = grow(this.left, this.capacity);
    this.right = grow(this.right, this.capacity);
    this.feature = grow(this.feature, this.capacity);
    this.threshold = grow(this.threshold, this.capacity);
    this.impurity = grow(this.impurity, this.capacity);
    this.nNodeSamples = grow(this.nNodeSamples, this.capacity);
    this.weighted = grow(this.weighted, this.capacity);
    this.value = grow(this.value, this.capacity * this.nClasses);
  }
}
