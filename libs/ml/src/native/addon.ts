import { join } from 'node:path';

/**
 * The tree builder's arrays and settings that the compiled split search reads and fills (see
 * `TreeBuilder#countBins` and `#sweepBins`, the reference it must match bit for bit).
 */
export interface SplitSearchArrays {
  readonly ids: Int32Array;
  readonly tags: Int32Array;
  readonly local: Uint8Array;
  readonly columns: Uint8Array;
  readonly hists: readonly Float64Array[];
  readonly binMasks: readonly Int32Array[];
  readonly classMasks: readonly Int32Array[];
  readonly nodeCounts: Int32Array;
  readonly leftCounts: Int32Array;
  readonly bestLeftCounts: Int32Array;
  readonly classWeight: Float64Array;
  readonly squaredClassWeight: Float64Array;
  /** `[proxy, feature, low bin, high bin]` of the best split so far, updated by the scans. */
  readonly best: Float64Array;
  /**
   * `xLog2x[x] = x * Math.log2(x)` for every integer weight an entropy sweep meets (the addon's
   * log2 could round differently); one element for Gini.
   */
  readonly xLog2x: Float64Array;
  readonly binClasses: Int32Array;
  readonly binEntries: Float64Array;
  /** The features drawn at a node, and whether each varies there (filled by the scans). */
  readonly batch: Int32Array;
  readonly varies: Uint8Array;
  readonly spareIds: Int32Array;
  readonly spareTags: Int32Array;
  /** The training set's codes, row-major: what `copyRows` copies from. */
  readonly rows: Uint8Array;
  readonly nFeatures: number;
  readonly classBits: number;
  readonly nClasses: number;
  readonly minSamplesLeaf: number;
  /** 1 for Gini, 0 for entropy. */
  readonly gini: number;
}

/** A search bound to one builder's arrays: opaque, it only goes back to the kernels. */
export type BoundSplitSearch = { readonly __brand: 'BoundSplitSearch' };

/** A forest's arrays as `ForestModel` holds them, for `forestVotes`. */
export interface ForestArrays {
  readonly roots: Int32Array;
  readonly feature: Uint16Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly leafProba: Uint16Array;
  readonly leafClass: Int32Array;
  readonly nClasses: number;
  readonly nFeatures: number;
}

/** A split search over the features `batch[first..first + count)` of positions [start, end) (see `countBins`). */
export type CompiledScan = (
  search: BoundSplitSearch,
  start: number,
  end: number,
  useLocal: boolean,
  stride: number,
  first: number,
  count: number,
  nodeWeight: number,
  nodeSquares: number,
) => void;

/**
 * `libs/ml/native`, compiled by `npm run build:native -w libs/ml` (node-gyp; the README's setup
 * runs it): the loops where forests spend their time, and a linear model's scores from bytes, each
 * matching a TypeScript reference bit for bit (`TreeBuilder`'s split search, `ForestModel`'s votes,
 * binning's transpose, `foldedScores`).
 */
export interface NativeAddon {
  bindSplitSearch(arrays: SplitSearchArrays): BoundSplitSearch;
  /**
   * Counts positions [start, end) into scratch k for the features `batch[first + k]`, k < count
   * <= 4, whose codes start at `feature * stride` of `local` (useLocal) or of `columns`.
   */
  countBins(search: BoundSplitSearch, start: number, end: number, useLocal: boolean, stride: number, first: number, count: number): void;
  /**
   * Counts as `countBins`, then sweeps each feature's bins (`TreeBuilder#sweepBins`), updating
   * `best` and `bestLeftCounts`; `varies[j]` says whether `batch[j]` varies. Entropy only without
   * class weights.
   */
  sweepSplits: CompiledScan;
  /**
   * `TreeBuilder#scanSorted` for features `batch[first..first + count)` of a node of at most 32
   * samples, updating `best` and `bestLeftCounts`; `varies[j]` says whether `batch[j]` varies.
   */
  scanSorted: CompiledScan;
  /** `TreeBuilder#partition`: returns the first position on the right. */
  partition(search: BoundSplitSearch, start: number, end: number, useLocal: boolean, base: number, bin: number): number;
  /** `TreeBuilder#copyRows` (without its bookkeeping of which positions are local). */
  copyRows(search: BoundSplitSearch, start: number, end: number): void;
  /** Adds every tree's leaf fractions for each of X's first `rows` rows to `votes`, in blocks of `blockRows`. */
  forestVotes(X: Uint8Array | Float32Array, rows: number, blockRows: number, forest: ForestArrays, thresholds: Float32Array, votes: Float64Array): void;
  /** `target[c * nRows + r] = source[r * nCols + c]`. */
  transposeBytes(source: Uint8Array, target: Uint8Array, nRows: number, nCols: number): void;
  /** `foldedScores`' sums for `rows` rows of `wordsPerRow` words into `out` (C = intercept.length scores per row). */
  foldedScores(words: Int32Array, rows: number, wordsPerRow: number, weights: Float64Array, intercept: Float64Array, out: Float32Array): void;
}

/** Where node-gyp puts the addon, from this module's compiled location (`dist/native`). */
const ADDON_FILE = join(__dirname, '..', '..', 'native', 'build', 'Release', 'mnist_lab_native.node');

let loaded: NativeAddon | null | undefined;

/**
 * The compiled kernels, or null when they are not built (a machine without a C compiler) or
 * `MNIST_LAB_NATIVE=0` turns them off: the TypeScript loops then give the same results, slower.
 */
export function nativeAddon(): NativeAddon | null {
  if (loaded === undefined) {
    loaded = process.env['MNIST_LAB_NATIVE'] === '0' ? null : loadAddon();
  }
  return loaded;
}

function loadAddon(): NativeAddon | null {
  try {
    // A compiled addon cannot be imported statically; a missing build is expected, not an error.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(ADDON_FILE) as NativeAddon;
  } catch {
    return null;
  }
}
