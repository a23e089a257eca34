import { MAX_BINS, type BinnedFeatures } from './binning';
import type { Criterion } from './tree-builder';

/**
 * Features counted per pass over a node's samples: their positions and tags are read once, and
 * the features' codes are fetched from memory side by side. `countBins` is written out for four.
 */
export const FEATURES_PER_PASS = 4;

/** Words of a bit mask over the bins. */
export const BIN_WORDS = MAX_BINS / 32;

/**
 * Once a node has at most this many distinct samples, its subtree reads a private row-major copy
 * of its rows (1.6 MB for MNIST, so it stays in the core's cache) instead of the training set's
 * columns, where a small node's samples lie far apart.
 */
export const LOCAL_COPY_MAX_SAMPLES = 2048;

/**
 * What a tree's split search reads and writes, as one object: TreeBuilder's TypeScript loops work
 * on it, and the compiled search (`SplitSearch` in libs/ml/native/split_search.c) binds it once per
 * builder, checking each array's type and length against the counts here. Every later call passes
 * only positions, feature indices and a stride, which the C side checks against those lengths.
 */
export class SplitSearchState {
  readonly nFeatures: number;
  readonly nClasses: number;
  /** Bits of a tag that hold the class; the rest hold the sample's count. */
  readonly classBits: number;
  readonly gini: boolean;
  readonly minSamplesLeaf: number;
  /** The training set's codes, column-major and row-major (what a local copy is made of). */
  readonly columns: Uint8Array;
  readonly rows: Uint8Array;
  // The tree's samples by position; a node owns positions [start, end). `ids` holds training row
  // numbers, or offsets into `local` inside the locally copied subtree; `tags` holds
  // `count << classBits | class`. The spares are the partition's scratch.
  readonly ids: Int32Array;
  readonly tags: Int32Array;
  readonly spareIds: Int32Array;
  readonly spareTags: Int32Array;
  readonly local: Uint8Array;
  /** The features drawn at a node, and whether each varies there (as the compiled scans report it). */
  readonly batch: Int32Array;
  readonly varies: Uint8Array;
  // Scratch, one per feature of a pass: `hists[k][bin << classBits | c]`; `binMasks[k]`, one bit
  // per bin present, and `classMasks[k][bin]`, bit `c % 32` set when class c is in the bin, so that
  // a sweep visits only what is there; a bin's nonzero entries.
  readonly hists: readonly Float64Array[];
  readonly binMasks: readonly Int32Array[];
  readonly classMasks: readonly Int32Array[];
  readonly binClasses: Int32Array;
  readonly binEntries: Float64Array;
  // The node being split, the left side of the split being swept, and that of the best split.
  readonly nodeCounts: Int32Array;
  readonly leftCounts: Int32Array;
  readonly bestLeftCounts: Int32Array;
  readonly classWeight: Float64Array;
  readonly squaredClassWeight: Float64Array;
  /** `[proxy, feature, low bin, high bin]` of the best split so far, as the compiled scans leave it. */
  readonly best = new Float64Array(4);
  /**
   * `xLog2x[x] = x * Math.log2(x)` for every integer weight a compiled entropy sweep meets, up to
   * the training set's size (C's log2 could round differently); one element where none is swept.
   */
  readonly xLog2x: Float64Array;

  constructor(data: BinnedFeatures, nClasses: number, criterion: Criterion, minSamplesLeaf: number, compiled: boolean) {
    const n = data.nSamples;
    const F = data.nFeatures;
    this.nFeatures = F;
    this.nClasses = nClasses;
    this.classBits = 32 - Math.clz32(nClasses);
    this.gini = criterion === 'gini';
    this.minSamplesLeaf = minSamplesLeaf;
    this.columns = data.columns;
    this.rows = data.rows;
    this.ids = new Int32Array(n);
    this.tags = new Int32Array(n);
    this.spareIds = new Int32Array(n);
    this.spareTags = new Int32Array(n);
    this.local = new Uint8Array(Math.min(n, LOCAL_COPY_MAX_SAMPLES) * F);
    this.batch = new Int32Array(F);
    this.varies = new Uint8Array(F);
    const perPass = <T>(create: () => T): T[] => Array.from({ length: FEATURES_PER_PASS }, create);
    this.hists = perPass(() => new Float64Array(MAX_BINS << this.classBits));
    this.binMasks = perPass(() => new Int32Array(BIN_WORDS));
    this.classMasks = perPass(() => new Int32Array(MAX_BINS));
    const perClass = <T>(type: new (length: number) => T): T => new type(nClasses);
    this.binClasses = perClass(Int32Array);
    this.binEntries = perClass(Float64Array);
    this.nodeCounts = perClass(Int32Array);
    this.leftCounts = perClass(Int32Array);
    this.bestLeftCounts = perClass(Int32Array);
    this.classWeight = perClass(Float64Array);
    this.squaredClassWeight = perClass(Float64Array);
    this.xLog2x = this.gini || !compiled ? new Float64Array(1) : Float64Array.from({ length: n + 1 }, (_, x) => (x > 0 ? x * Math.log2(x) : 0));
  }
}
