import type { RandomState } from '../utils/random';
import { MAX_BINS, type BinnedFeatures } from './binning';
import { BIN_WORDS, FEATURES_PER_PASS, LOCAL_COPY_MAX_SAMPLES, SplitSearchState } from './split-search-state';
import { TREE_LEAF, type Tree } from './tree';
import { nativeAddon, type BoundSplitSearch, type NativeAddon } from '../native/addon';

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

/** Nodes with at most this many distinct samples sort them instead of counting them per bin. */
const SORT_MAX_SAMPLES = 32;

/**
 * A histogram entry holds `counts + ROW * rows` for the samples of one class in one bin: their
 * total count (bootstrap draws, below 2^27) and how many distinct samples they are, in one
 * float64 addition per sample, exact below 2^53.
 */
const ROW = 2 ** 27;

/**
 * Largest training set: the distinct samples of a histogram entry must stay exact, and a sample's
 * count shares an int32 tag with its class (so with more than 32 classes, the limit is lower).
 */
export const MAX_TREE_SAMPLES = 2 ** 26;

const f32 = new Float32Array(1);
const f32Bits = new Int32Array(f32.buffer);

/** The largest float32 at most `x`: then `v <= result` exactly when `v <= x` for every float32 v. */
function floorFloat32(x: number): number {
  f32[0] = x;
  if (f32[0] > x) f32Bits[0] += f32[0] > 0 ? -1 : 1;
  return f32[0];
}

/** Counts one sample of class c into bin b of one scratch (see `TreeBuilder#countBins`); `slot` is `b << classBits | c`. */
function addSample(hist: Float64Array, bins: Int32Array, classes: Int32Array, b: number, slot: number, c: number, entry: number): void {
  hist[slot] += entry;
  bins[b >>> 5] |= 1 << b;
  classes[b] |= 1 << c;
}

/**
 * Grows depth-first decision trees on binned features, as scikit-learn's `DepthFirstTreeBuilder`
 * with its `BestSplitter`: at each node, features are drawn without replacement until `maxFeatures`
 * have been visited and at least one of them is not constant in the node; features already found
 * constant in an ancestor count as visited but cost nothing. A visited feature's best split comes
 * from its bins' class counts, so the search is linear in the node's samples, and splits fall
 * exactly where an exhaustive search puts them (see {@link BinnedFeatures}).
 *
 * One builder serves many trees (one per worker thread): its buffers are allocated once.
 */
export class TreeBuilder {
  /** The arrays and settings the split search shares with the compiled kernels. */
  private readonly state: SplitSearchState;
  /** Whether split search must check distinct samples per side (`minSamplesLeaf` > 1). */
  private readonly checkLeafSize: boolean;
  // Positions [localStart, localEnd) have their rows copied to `state.local`.
  private localStart = 0;
  private localEnd = 0;
  // Feature sampling, and the features found constant along the current path (scikit-learn's
  // `constant_features`): `constants[0..nConstants)`, flagged in `isConstant`.
  private readonly features: Int32Array;
  private readonly isConstant: Uint8Array;
  private readonly constants: Int32Array;
  private nConstants = 0;
  // The node being split: its weight and sum of squared class weights (see enterNode).
  private nodeWeight = 0;
  private nodeSquares = 0;
  /** Sorts a small node's samples as `bin << 16 | index`. */
  private readonly keys = new Int32Array(SORT_MAX_SAMPLES);
  // The left side of the split being swept: the sums moveLeft keeps.
  private rowsLeft = 0;
  private weightLeft = 0;
  private squaresLeft = 0;
  private crossLeft = 0;
  // Reused across trees: fresh arrays of a tree's size cost page faults every time.
  private readonly nodes: TreeRecorder;
  private readonly stack: NodeStack;
  // The best split so far.
  private bestProxy = -Infinity;
  private bestFeature = -1;
  private bestBin = -1;
  private bestThreshold = 0;
  // The compiled split search, bound to `state` (null: the TypeScript loops), and whether it
  // sweeps this tree.
  private readonly kernels: NativeAddon | null;
  private readonly nativeSearch: BoundSplitSearch | null;
  private sweepsNatively = false;

  /** `kernels`: the compiled split search where it is built (tests pass null to compare). */
  constructor(
    private readonly data: BinnedFeatures,
    private readonly params: TreeParams,
    nClasses: number,
    kernels: NativeAddon | null = nativeAddon(),
  ) {
    const n = data.nSamples;
    const F = data.nFeatures;
    const classBits = 32 - Math.clz32(nClasses);
    if (n > MAX_TREE_SAMPLES || n * 2 ** classBits > 2 ** 31) {
      throw new RangeError(`${n} samples of ${nClasses} classes are too many for a tree's int32 sample tags`);
    }
    this.state = new SplitSearchState(data, nClasses, params.criterion, params.minSamplesLeaf, kernels !== null);
    this.checkLeafSize = params.minSamplesLeaf > 1;
    this.features = new Int32Array(F);
    this.isConstant = new Uint8Array(F);
    this.constants = new Int32Array(F);
    this.nodes = new TreeRecorder(nClasses);
    this.stack = new NodeStack(nClasses);
    this.kernels = kernels;
    this.nativeSearch = kernels?.bindSplitSearch(this.state) ?? null;
  }

  /** Grows one tree; `rng` draws the features of every node, so a seed fixes the tree. */
  build(sample: TreeSample, rng: RandomState): Tree {
    const { params } = this;
    const { nClasses: C, ids, tags, classBits } = this.state;
    this.state.classWeight.set(sample.classWeight);
    for (let c = 0; c < C; c++) this.state.squaredClassWeight[c] = this.state.classWeight[c] * this.state.classWeight[c];
    let n = 0;
    let totalCount = 0;
    for (let r = 0; r < sample.counts.length; r++) {
      if (sample.counts[r] > 0) {
        ids[n] = r;
        tags[n] = (sample.counts[r] << classBits) | sample.y[r];
        totalCount += sample.counts[r];
        n++;
      }
    }
    // The kernel's entropy reads integer weights' x log2(x) from its table: no class weights, and
    // no more draws than the table covers.
    const unitWeights = this.state.classWeight.every((w) => w === 1);
    this.sweepsNatively = this.nativeSearch !== null && (this.state.gini || (unitWeights && totalCount < this.state.xLog2x.length));
    for (let f = 0; f < this.state.nFeatures; f++) this.features[f] = f;
    this.isConstant.fill(0);
    this.nConstants = 0;
    this.localStart = this.localEnd = 0;
    // Features constant in the whole training set are known constant from the start: a search
    // would find each of them constant at whichever node drew it, and split nowhere else.
    for (let f = 0; f < this.state.nFeatures; f++) if (this.data.constant[f]) this.checkConstant(f, false);

    const { nodes, stack } = this;
    nodes.clear();
    const rootCounts = stack.push(0, n, 0, TREE_LEAF, false, this.nConstants);
    const classMask = (1 << classBits) - 1;
    for (let i = 0; i < n; i++) rootCounts[tags[i] & classMask] += tags[i] >>> classBits;

    const minSplit = Math.max(params.minSamplesSplit, 2 * params.minSamplesLeaf);
    while (stack.size > 0) {
      const { start, end, depth, parent, isLeft, nKnownConstants } = stack.pop();
      this.forgetConstantsAfter(nKnownConstants);
      const count = end - start;
      const impurity = this.enterNode(stack.counts(stack.size));
      const node = nodes.add(parent, isLeft, impurity, count, this.state.nodeCounts, this.state.classWeight);
      if (depth >= params.maxDepth || count < minSplit || impurity <= EPSILON) continue;

      // Feature f of the sample at position i is codes[f * stride + ids[i]].
      const inLocal = start >= this.localStart && end <= this.localEnd;
      if (!inLocal && count <= LOCAL_COPY_MAX_SAMPLES) this.copyRows(start, end);
      const codes = inLocal || count <= LOCAL_COPY_MAX_SAMPLES ? this.state.local : this.state.columns;
      const stride = codes === this.state.local ? 1 : this.data.nSamples;
      if (!this.findSplit(start, end, codes, stride, rng)) continue;
      nodes.split(node, this.bestFeature, this.bestThreshold, this.bestBin);
      const mid = this.partition(start, end, codes, this.bestFeature * stride, this.bestBin);
      // Right first so that the left child is split next, as scikit-learn numbers its nodes.
      const rightCounts = stack.push(mid, end, depth + 1, node, false, this.nConstants);
      for (let c = 0; c < C; c++) rightCounts[c] = this.state.nodeCounts[c] - this.state.bestLeftCounts[c];
      stack.push(start, mid, depth + 1, node, true, this.nConstants).set(this.state.bestLeftCounts);
    }
    return nodes.finish();
  }

  /**
   * Makes `counts` the class counts of the node being split, with the sums its split search
   * needs, and returns the node's impurity: Gini, or entropy in bits (as scikit-learn).
   */
  private enterNode(counts: Int32Array): number {
    const { nodeCounts, classWeight: w, nClasses: C } = this.state;
    nodeCounts.set(counts);
    let total = 0;
    let squares = 0;
    for (let c = 0; c < C; c++) {
      const weighted = nodeCounts[c] * w[c];
      total += weighted;
      squares += weighted * weighted;
    }
    this.nodeWeight = total;
    this.nodeSquares = squares;
    if (this.state.gini) return 1 - squares / (total * total);
    let entropy = 0;
    for (let c = 0; c < C; c++) {
      if (nodeCounts[c] > 0) {
        const p = (nodeCounts[c] * w[c]) / total;
        entropy -= p * Math.log2(p);
      }
    }
    return entropy;
  }

  /** Drops the constants found outside the current node's ancestors (in finished subtrees). */
  private forgetConstantsAfter(nKnown: number): void {
    while (this.nConstants > nKnown) this.isConstant[this.constants[--this.nConstants]] = 0;
  }

  /**
   * Copies the rows of positions [start, end) into `local`, contiguously, and renumbers them by
   * their offset there, so that feature f of position i is at `local[f + ids[i]]`.
   */
  private copyRows(start: number, end: number): void {
    this.localStart = start;
    this.localEnd = end;
    if (this.nativeSearch) {
      this.kernels?.copyRows(this.nativeSearch, start, end);
      return;
    }
    const { ids, local, nFeatures: F } = this.state;
    const rows = this.state.rows;
    for (let i = start, offset = 0; i < end; i++, offset += F) {
      // TypedArray#set of a subarray is a memcpy: several times faster than a loop over bytes.
      local.set(rows.subarray(ids[i] * F, (ids[i] + 1) * F), offset);
      ids[i] = offset;
    }
  }

  /**
   * Finds the best split of positions [start, end); false if every visited feature is constant.
   * The first `maxFeatures` features are drawn at once, which is the same in distribution as
   * scikit-learn's one at a time; if all of them turn out constant, more are drawn one by one.
   */
  private findSplit(start: number, end: number, codes: Uint8Array, stride: number, rng: RandomState): boolean {
    const { isConstant } = this;
    const { batch, nFeatures: F } = this.state;
    this.bestProxy = -Infinity;
    this.bestFeature = -1;
    let drawn = 0;
    let nBatch = 0;
    while (drawn < Math.min(this.params.maxFeatures, F)) {
      const f = this.drawFeature(drawn++, rng);
      if (!isConstant[f]) batch[nBatch++] = f;
    }
    let foundUseful = this.scanFeatures(nBatch, start, end, codes, stride);
    while (!foundUseful && drawn < F) {
      const f = this.drawFeature(drawn++, rng);
      if (!isConstant[f]) {
        batch[0] = f;
        foundUseful = this.scanFeatures(1, start, end, codes, stride);
      }
    }
    return this.bestFeature >= 0;
  }

  /**
   * Best splits on the features `batch[0..count)`; returns whether any of them takes more than one
   * value in the node (the others are remembered as constant).
   */
  private scanFeatures(count: number, start: number, end: number, codes: Uint8Array, stride: number): boolean {
    const features = this.state.batch;
    let foundUseful = false;
    if (end - start <= SORT_MAX_SAMPLES) {
      if (this.sweepsNatively) return this.scanNative('scanSorted', 0, count, start, end, codes, stride);
      for (let j = 0; j < count; j++) foundUseful = this.checkConstant(features[j], this.scanSorted(features[j], start, end, codes, features[j] * stride)) || foundUseful;
      return foundUseful;
    }
    for (let j = 0; j < count; j += FEATURES_PER_PASS) {
      const inPass = Math.min(FEATURES_PER_PASS, count - j);
      if (this.sweepsNatively) {
        foundUseful = this.scanNative('sweepSplits', j, inPass, start, end, codes, stride) || foundUseful;
        continue;
      }
      this.countBins(start, end, codes, stride, j, inPass);
      for (let k = 0; k < inPass; k++) foundUseful = this.checkConstant(features[j + k], this.sweepBins(features[j + k], k, start, end)) || foundUseful;
      for (let k = inPass; k < FEATURES_PER_PASS; k++) this.clearScratch(k);
    }
    return foundUseful;
  }

  /**
   * A compiled scan of the features `batch[first..first + count)`: `sweepSplits` (countBins and
   * sweepBins, for at most FEATURES_PER_PASS of them) or `scanSorted`. Returns whether any of them
   * varies in the node (the others are remembered as constant).
   */
  private scanNative(scan: 'sweepSplits' | 'scanSorted', first: number, count: number, start: number, end: number, codes: Uint8Array, stride: number): boolean {
    const best = this.state.best;
    best[0] = this.bestProxy;
    const search = this.nativeSearch as BoundSplitSearch;
    (this.kernels as NativeAddon)[scan](search, start, end, codes === this.state.local, stride, first, count, this.nodeWeight, this.nodeSquares);
    // A better split has its left side's counts in bestLeftCounts already.
    if (best[0] !== this.bestProxy) this.setBest(best[1], best[2], best[3], best[0]);
    let foundUseful = false;
    for (let j = first; j < first + count; j++) foundUseful = this.checkConstant(this.state.batch[j], this.state.varies[j] === 1) || foundUseful;
    return foundUseful;
  }

  /**
   * Remembers feature f as constant for the rest of the node's subtree unless `varies`, as
   * scikit-learn's `constant_features`; returns `varies`.
   */
  private checkConstant(f: number, varies: boolean): boolean {
    if (!varies) {
      this.isConstant[f] = 1;
      this.constants[this.nConstants++] = f;
    }
    return varies;
  }

  /** Draws a feature not drawn yet at this node (`drawn` have been): a step of Fisher-Yates. */
  private drawFeature(drawn: number, rng: RandomState): number {
    const { features } = this;
    const j = rng.randint(drawn, this.state.nFeatures);
    const f = features[j];
    features[j] = features[drawn];
    features[drawn] = f;
    return f;
  }

  /**
   * Histograms of the node's samples for `batch[first..first + count)`, feature `batch[first + k]`
   * into scratch k, with the masks of the bins and classes present. A pass always counts
   * FEATURES_PER_PASS features: with fewer, the last one fills the remaining scratch, which the
   * caller then clears (the compiled count fills only `count`).
   */
  private countBins(start: number, end: number, codes: Uint8Array, stride: number, first: number, count: number): void {
    if (this.nativeSearch) {
      this.kernels?.countBins(this.nativeSearch, start, end, codes === this.state.local, stride, first, count);
      return;
    }
    const { ids, tags, classBits, batch } = this.state;
    const base = (k: number) => batch[first + Math.min(k, count - 1)] * stride;
    const [base0, base1, base2, base3] = [base(0), base(1), base(2), base(3)];
    const [hist0, hist1, hist2, hist3] = this.state.hists;
    const [bins0, bins1, bins2, bins3] = this.state.binMasks;
    const [classes0, classes1, classes2, classes3] = this.state.classMasks;
    const classMask = (1 << classBits) - 1;
    for (let i = start; i < end; i++) {
      const id = ids[i];
      const b0 = codes[base0 + id];
      const b1 = codes[base1 + id];
      const b2 = codes[base2 + id];
      const b3 = codes[base3 + id];
      const tag = tags[i];
      const c = tag & classMask;
      const entry = (tag >>> classBits) + ROW;
      addSample(hist0, bins0, classes0, b0, (b0 << classBits) | c, c, entry);
      addSample(hist1, bins1, classes1, b1, (b1 << classBits) | c, c, entry);
      addSample(hist2, bins2, classes2, b2, (b2 << classBits) | c, c, entry);
      addSample(hist3, bins3, classes3, b3, (b3 << classBits) | c, c, entry);
    }
  }

  /** Empties scratch k without sweeping it. */
  private clearScratch(k: number): void {
    const { classBits, nClasses: C } = this.state;
    const hist = this.state.hists[k];
    const bins = this.state.binMasks[k];
    const classes = this.state.classMasks[k];
    for (let w = 0; w < BIN_WORDS; w++) {
      for (let word = bins[w]; word !== 0; word &= word - 1) {
        const b = (w << 5) | (31 - Math.clz32(word & -word));
        classes[b] = 0;
        for (let c = 0; c < C; c++) hist[(b << classBits) | c] = 0;
      }
      bins[w] = 0;
    }
  }

  /**
   * Sweeps the bins present in scratch k in order (clearing them), moving each to the left side
   * and evaluating the split before it. Returns whether feature f takes more than one value here.
   */
  private sweepBins(f: number, k: number, start: number, end: number): boolean {
    const { binClasses, binEntries, classBits, nClasses: C } = this.state;
    const hist = this.state.hists[k];
    const bins = this.state.binMasks[k];
    const classes = this.state.classMasks[k];
    const n = end - start;
    this.startSweep();
    let previous = -1;
    let previousPure = -1;
    let nPresent = 0;
    for (let w = 0; w < BIN_WORDS; w++) {
      let word = bins[w];
      bins[w] = 0;
      while (word !== 0) {
        const lowest = word & -word;
        word ^= lowest;
        const b = (w << 5) | (31 - Math.clz32(lowest));
        const k0 = b << classBits;
        let nonzero = 0;
        // Bit j stands for classes j, j + 32, ...: exactly one unless there are more than 32.
        for (let mask = classes[b]; mask !== 0; ) {
          const bit = mask & -mask;
          mask ^= bit;
          for (let c = 31 - Math.clz32(bit); c < C; c += 32) {
            const entry = hist[k0 | c];
            if (entry !== 0) {
              binClasses[nonzero] = c;
              binEntries[nonzero++] = entry;
              hist[k0 | c] = 0;
            }
          }
        }
        classes[b] = 0;
        // A split between two bins that hold one and the same class is never better than the
        // splits at the ends of that run of bins (along it, the impurity decrease is convex:
        // Fayyad & Irani, 1992), unless min_samples_leaf rules those out.
        const pure = nonzero === 1 ? binClasses[0] : -1;
        if (previous >= 0 && (pure < 0 || pure !== previousPure || this.checkLeafSize)) this.consider(f, previous, b, n);
        for (let e = 0; e < nonzero; e++) {
          const rows = Math.floor(binEntries[e] / ROW);
          this.moveLeft(binClasses[e], binEntries[e] - rows * ROW);
          this.rowsLeft += rows;
        }
        previous = b;
        previousPure = pure;
        nPresent++;
      }
    }
    return nPresent > 1;
  }

  /**
   * Split search for a small node: its samples sorted by bin (insertion sort: there are few), then
   * swept one run of equal bins at a time. Returns whether feature f takes more than one value.
   */
  private scanSorted(f: number, start: number, end: number, codes: Uint8Array, base: number): boolean {
    const { keys } = this;
    const { ids, tags, classBits } = this.state;
    const n = end - start;
    for (let j = 0; j < n; j++) {
      const key = (codes[base + ids[start + j]] << 16) | j;
      let k = j - 1;
      while (k >= 0 && keys[k] > key) {
        keys[k + 1] = keys[k];
        k--;
      }
      keys[k + 1] = key;
    }
    if (keys[0] >>> 16 === keys[n - 1] >>> 16) return false;
    const classMask = (1 << classBits) - 1;
    this.startSweep();
    let previousPure = -1;
    for (let j = 0; j < n; ) {
      const b = keys[j] >>> 16;
      let runEnd = j;
      let pure = tags[start + (keys[j] & 0xffff)] & classMask;
      while (runEnd < n && keys[runEnd] >>> 16 === b) {
        if ((tags[start + (keys[runEnd] & 0xffff)] & classMask) !== pure) pure = -1;
        runEnd++;
      }
      // As in sweepBins: no split inside a run of bins that hold one and the same class.
      if (j > 0 && (pure < 0 || pure !== previousPure || this.checkLeafSize)) this.consider(f, keys[j - 1] >>> 16, b, n);
      for (; j < runEnd; j++) {
        const tag = tags[start + (keys[j] & 0xffff)];
        this.moveLeft(tag & classMask, tag >>> classBits);
      }
      this.rowsLeft = runEnd;
      previousPure = pure;
    }
    return true;
  }

  /** Empties the left side before a sweep. */
  private startSweep(): void {
    this.state.leftCounts.fill(0);
    this.rowsLeft = 0;
    this.weightLeft = 0;
    this.squaresLeft = 0;
    this.crossLeft = 0;
  }

  /**
   * Moves `count` samples of class c to the left side. For Gini it keeps the two sums that make a
   * split's proxy O(1): sum_c (w_c L_c)^2 and sum_c w_c^2 N_c L_c, from which the right side's sum
   * of squares follows (N_c: the node's count of class c, L_c: the left side's).
   */
  private moveLeft(c: number, count: number): void {
    const left = this.state.leftCounts[c];
    this.state.leftCounts[c] = left + count;
    this.weightLeft += this.state.classWeight[c] * count;
    if (this.state.gini) {
      const w2 = this.state.squaredClassWeight[c];
      this.squaresLeft += w2 * count * (2 * left + count);
      this.crossLeft += w2 * this.state.nodeCounts[c] * count;
    }
  }

  /**
   * Evaluates the split "bin <= low" (the next bin present being `high`) and keeps it if it beats
   * the best so far. Compares scikit-learn's proxy of the impurity decrease, which ranks splits
   * as the decrease does with less arithmetic.
   */
  private consider(f: number, low: number, high: number, n: number): void {
    if (this.checkLeafSize) {
      const minLeaf = this.params.minSamplesLeaf;
      if (this.rowsLeft < minLeaf || n - this.rowsLeft < minLeaf) return;
    }
    const weightLeft = this.weightLeft;
    const weightRight = this.nodeWeight - weightLeft;
    let proxy: number;
    if (this.state.gini) {
      // sum_c (w_c L_c)^2 / W_L + sum_c (w_c R_c)^2 / W_R
      const squaresRight = this.nodeSquares - 2 * this.crossLeft + this.squaresLeft;
      proxy = this.squaresLeft / weightLeft + squaresRight / weightRight;
    } else {
      // -(W_L H_L + W_R H_R), with H = log W - sum_c (w_c n_c) log(w_c n_c) / W.
      const { leftCounts, nodeCounts, classWeight: w } = this.state;
      proxy = -weightLeft * Math.log2(weightLeft) - weightRight * Math.log2(weightRight);
      for (let c = 0; c < this.state.nClasses; c++) {
        const l = leftCounts[c] * w[c];
        const r = (nodeCounts[c] - leftCounts[c]) * w[c];
        if (l > 0) proxy += l * Math.log2(l);
        if (r > 0) proxy += r * Math.log2(r);
      }
    }
    if (proxy > this.bestProxy) this.keepBest(f, low, high, proxy);
  }

  private keepBest(f: number, low: number, high: number, proxy: number): void {
    this.state.bestLeftCounts.set(this.state.leftCounts);
    this.setBest(f, low, high, proxy);
  }

  /** Records the best split so far, whose left side's class counts are in `bestLeftCounts`. */
  private setBest(f: number, low: number, high: number, proxy: number): void {
    this.bestProxy = proxy;
    this.bestFeature = f;
    this.bestBin = low;
    // scikit-learn's threshold: the midpoint between the two values the node's samples straddle.
    const below = this.data.binHigh[f * MAX_BINS + low];
    const above = this.data.binLow[f * MAX_BINS + high];
    const midpoint = below / 2 + above / 2;
    this.bestThreshold = floorFloat32(midpoint === above || !Number.isFinite(midpoint) ? below : midpoint);
  }

  /** Stable partition of positions [start, end) on "bin <= bin"; returns the first right position. */
  private partition(start: number, end: number, codes: Uint8Array, base: number, bin: number): number {
    if (this.nativeSearch) return (this.kernels as NativeAddon).partition(this.nativeSearch, start, end, codes === this.state.local, base, bin);
    const { ids, tags, spareIds, spareTags } = this.state;
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
  private thresholdBin = new Int32Array(this.capacity);
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
    this.thresholdBin[node] = TREE_LEAF;
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

  /** Forgets the nodes recorded so far, keeping the arrays. */
  clear(): void {
    this.count = 0;
  }

  split(node: number, feature: number, threshold: number, thresholdBin: number): void {
    this.feature[node] = feature;
    this.threshold[node] = threshold;
    this.thresholdBin[node] = thresholdBin;
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
      thresholdBin: this.thresholdBin.slice(0, n),
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
    this.thresholdBin = grow(this.thresholdBin, this.capacity);
    this.impurity = grow(this.impurity, this.capacity);
    this.nNodeSamples = grow(this.nNodeSamples, this.capacity);
    this.weighted = grow(this.weighted, this.capacity);
    this.value = grow(this.value, this.capacity * this.nClasses);
  }
}
