import { join } from 'node:path';
import type { SplitSearchState } from '../tree/split-search-state';

/** A search bound to one builder's {@link SplitSearchState}: opaque, it only goes back to the kernels. */
export type BoundSplitSearch = { readonly __brand: 'BoundSplitSearch' };

/** What `forestVotes` reads of a forest: a `ForestModel` itself, whose fields these are. */
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
 * binning's transpose, `foldedScores`, `DesignRows`' sparse products). Every kernel checks its arguments against the arrays it
 * reads (a bound search against its state's lengths) and throws a TypeError for a wrong kind of
 * argument and a RangeError for an index, count or stride out of range, instead of reading or
 * writing outside an array.
 */
export interface NativeAddon {
  /**
   * Binds the kernels to a builder's state once; throws a TypeError or RangeError if an array is
   * missing, of another type, or shorter than the state's counts require.
   */
  bindSplitSearch(state: SplitSearchState): BoundSplitSearch;
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
  /** `DesignRows.products` of sparse rows of bytes (rows = start.length - 1) with K columns of W into `out`. */
  sparseProducts(start: Int32Array, column: Uint16Array, value: Uint8Array, W: Float64Array, K: number, out: Float64Array): void;
  /** `DesignRows.transposedProducts` of sparse rows of bytes with K columns of R into `out` (features x K). */
  sparseTransposedProducts(start: Int32Array, column: Uint16Array, value: Uint8Array, R: Float64Array, K: number, out: Float64Array): void;
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
