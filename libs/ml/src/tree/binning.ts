import { DataError } from '../base/errors';
import type { MonotoneFeatureMap } from '../base/estimator';
import type { Matrix } from '../base/matrix';
import { nativeAddon } from '../native/addon';

/** A bin code is a byte, so a feature has at most this many bins. */
export const MAX_BINS = 256;

/**
 * The training features binned once per fit, shared read-only by every tree builder (and every
 * worker thread: the codes live on SharedArrayBuffers).
 *
 * A feature with at most 256 distinct values gets one bin per value, so a split between bins is
 * exactly a split an exhaustive search considers, and its threshold is scikit-learn's midpoint
 * between the two training values that a node's samples straddle. MNIST pixels, raw (`Uint8Array`)
 * or scaled (any monotone per-feature transform, such as StandardScaler's), are binned that way.
 *
 * A feature with more distinct values is binned by quantiles: each bin holds about 1/256 of the
 * samples and a run of consecutive values. Trees then only split between bins, so they choose
 * among at most 255 thresholds per feature where an exhaustive search chooses among all of them,
 * and a threshold is the midpoint between the largest training value of the bin below and the
 * smallest of the bin above (over the whole training set, not just the node's samples).
 *
 * One difference remains for exact bins: scikit-learn does not split between values less than
 * 1e-7 apart (its FEATURE_THRESHOLD); bins tell every two distinct values apart.
 */
export interface BinnedFeatures {
  readonly nSamples: number;
  readonly nFeatures: number;
  /** `columns[f * nSamples + i]` is the bin of sample i for feature f. */
  readonly columns: Uint8Array;
  /** `rows[i * nFeatures + f]`, the same codes row-major: a subtree copies its rows from here. */
  readonly rows: Uint8Array;
  /** Number of bins of each feature (bin codes are `0..nBins[f] - 1`). */
  readonly nBins: Uint16Array;
  /** `binLow[f * MAX_BINS + b]` / `binHigh[...]`: smallest and largest training value in bin b. */
  readonly binLow: Float32Array;
  readonly binHigh: Float32Array;
  /** Features with more than 256 distinct values, binned by quantiles. */
  readonly quantileFeatures: number;
  /** 1 for each feature that takes a single value in every sample (no tree can split on it). */
  readonly constant: Uint8Array;
}

/**
 * Bins every feature of `X` (see {@link BinnedFeatures}), or of X read through `map`: exactly the
 * bins of the mapped copy, from X's own values. Rejects NaN and infinite values.
 */
export function binFeatures(X: Matrix, map: MonotoneFeatureMap | null = null): BinnedFeatures {
  return X.data instanceof Uint8Array ? binBytes(X as Matrix<Uint8Array>, map) : binFloats(X as Matrix<Float32Array>, map);
}

function sharedBytes(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length));
}

function sharedCopy(bytes: Uint8Array): Uint8Array {
  const copy = sharedBytes(bytes.length);
  copy.set(bytes);
  return copy;
}

/**
 * Bytes are their own bins: value v is bin v, with no search at all. Through a map, two values
 * may map to one float32; their bins then merge, in the features where that happens.
 */
function binBytes(X: Matrix<Uint8Array>, map: MonotoneFeatureMap | null): BinnedFeatures {
  const { rows: n, cols: nFeatures } = X;
  const nBins = new Uint16Array(nFeatures).fill(MAX_BINS);
  const binLow = new Float32Array(nFeatures * MAX_BINS);
  const binHigh = new Float32Array(nFeatures * MAX_BINS);
  const ranks = new Uint8Array(nFeatures * MAX_BINS);
  for (let f = 0; f < nFeatures; f++) {
    let bin = -1;
    let previous = NaN;
    for (let v = 0; v < MAX_BINS; v++) {
      const value = map ? map.apply(f, v) : v;
      if (!Number.isFinite(value)) throw new DataError(`feature ${f} maps value ${v} to ${value}; finite values only`);
      if (value !== previous) binLow[f * MAX_BINS + ++bin] = value;
      binHigh[f * MAX_BINS + bin] = previous = value;
      ranks[f * MAX_BINS + v] = bin;
    }
    nBins[f] = bin + 1;
  }
  const merged = nBins.some((bins) => bins < MAX_BINS);
  const { rows, columns, constant } = merged ? rankedLayout(X, nBins, ranks) : byteLayout(X);
  return { nSamples: n, nFeatures, columns, rows, nBins, binLow, binHigh, quantileFeatures: 0, constant };
}

interface CodeLayout {
  readonly rows: Uint8Array;
  readonly columns: Uint8Array;
  readonly constant: Uint8Array;
}

/**
 * The shared copies of byte matrices binned before, by their data: a sweep fits many candidates
 * on the same fold, and comparing the bytes with the copy costs a small part of copying them.
 */
const byteLayouts = new WeakMap<Uint8Array, CodeLayout>();

/** X's bytes as codes in both layouts, reused while X holds the same bytes. */
function byteLayout(X: Matrix<Uint8Array>): CodeLayout {
  const cached = byteLayouts.get(X.data);
  if (cached && Buffer.from(cached.rows.buffer, cached.rows.byteOffset, cached.rows.length).equals(X.data)) return cached;
  const layout = codeLayout(sharedCopy(X.data), X.rows, X.cols);
  byteLayouts.set(X.data, layout);
  return layout;
}

/** X's bytes replaced by their ranks, where a map merged some of a feature's values. */
function rankedLayout(X: Matrix<Uint8Array>, nBins: Uint16Array, ranks: Uint8Array): CodeLayout {
  const rows = sharedCopy(X.data);
  for (let f = 0; f < X.cols; f++) {
    if (nBins[f] < MAX_BINS) for (let k = f; k < rows.length; k += X.cols) rows[k] = ranks[f * MAX_BINS + rows[k]];
  }
  return codeLayout(rows, X.rows, X.cols);
}

function codeLayout(rows: Uint8Array, n: number, nFeatures: number): CodeLayout {
  const columns = sharedBytes(rows.length);
  transpose(rows, columns, n, nFeatures);
  return { rows, columns, constant: constantFeatures(columns, n, nFeatures) };
}

/** Flags the columns whose codes are all the same (a varying one is usually found within a few). */
function constantFeatures(columns: Uint8Array, n: number, nFeatures: number): Uint8Array {
  const constant = new Uint8Array(nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    const first = columns[f * n];
    let i = 1;
    while (i < n && columns[f * n + i] === first) i++;
    constant[f] = i === n ? 1 : 0;
  }
  return constant;
}

/**
 * `target[c * nRows + r] = source[r * nCols + c]`: row-major to column-major or back, in blocks of
 * source rows whose cache lines stay in L1 while their columns are written out.
 */
function transpose(source: Uint8Array, target: Uint8Array, nRows: number, nCols: number): void {
  const addon = nativeAddon();
  if (addon) {
    addon.transposeBytes(source, target, nRows, nCols);
    return;
  }
  const block = 64;
  for (let r0 = 0; r0 < nRows; r0 += block) {
    const r1 = Math.min(nRows, r0 + block);
    for (let c = 0; c < nCols; c++) {
      const out = c * nRows;
      for (let r = r0, k = r0 * nCols + c; r < r1; r++, k += nCols) target[out + r] = source[k];
    }
  }
}

const HASH_BITS = 9; // 512 slots for at most 257 distinct values per feature
const HASH_SLOTS = 1 << HASH_BITS;

/**
 * Float features in three passes over the data, none of which sorts more than 256 values per
 * feature unless the feature overflows:
 * 1. row by row (the order the data lies in), give each feature's values provisional codes in
 *    order of first appearance, found in a small per-feature hash table of float bit patterns (a
 *    one-entry cache in front of it catches the long runs of equal values that images have);
 * 2. per feature, sort the at most 256 distinct values and rank them; a feature with a 257th
 *    distinct value is binned by quantiles instead;
 * 3. rewrite the codes as ranks, then transpose them to the column-major copy.
 */
function binFloats(X: Matrix<Float32Array>, map: MonotoneFeatureMap | null): BinnedFeatures {
  const { rows: n, cols: nFeatures, data } = X;
  const bits = new Int32Array(data.buffer, data.byteOffset, data.length);
  const keys = new Int32Array(nFeatures * HASH_SLOTS);
  const slotCode = new Int16Array(nFeatures * HASH_SLOTS).fill(-1);
  const distinct = new Float32Array(nFeatures * (MAX_BINS + 1)); // provisional code -> value
  const nDistinct = new Int32Array(nFeatures);
  const lastBits = new Int32Array(nFeatures);
  const lastCode = new Int32Array(nFeatures).fill(-1);
  const rows = sharedBytes(data.length);
  for (let i = 0, k = 0; i < n; i++) {
    for (let f = 0; f < nFeatures; f++, k++) {
      const b = bits[k];
      if (b === lastBits[f] && lastCode[f] >= 0) {
        rows[k] = lastCode[f];
        continue;
      }
      if (nDistinct[f] > MAX_BINS) continue; // overflowed: binned by quantiles in pass 3
      let slot = (Math.imul(b, 0x9e3779b1) >>> (32 - HASH_BITS)) + f * HASH_SLOTS;
      let code = slotCode[slot];
      while (code >= 0 && keys[slot] !== b) {
        slot = slot + 1 === (f + 1) * HASH_SLOTS ? f * HASH_SLOTS : slot + 1;
        code = slotCode[slot];
      }
      if (code < 0) {
        const value = map ? map.apply(f, data[k]) : data[k];
        if (!Number.isFinite(value)) throw new DataError(`X contains ${data[k]} (sample ${i}, feature ${f}); finite values only`);
        code = nDistinct[f]++;
        distinct[f * (MAX_BINS + 1) + code] = value;
        keys[slot] = b;
        slotCode[slot] = code;
        if (code === MAX_BINS) {
          lastCode[f] = -1; // the 257th value: stop hashing this feature
          continue;
        }
      }
      lastBits[f] = b;
      lastCode[f] = code;
      rows[k] = code;
    }
  }

  const nBins = new Uint16Array(nFeatures);
  const binLow = new Float32Array(nFeatures * MAX_BINS);
  const binHigh = new Float32Array(nFeatures * MAX_BINS);
  const rank = new Uint8Array(nFeatures * MAX_BINS);
  let quantileFeatures = 0;
  for (let f = 0; f < nFeatures; f++) {
    if (nDistinct[f] > MAX_BINS) {
      const bins = quantileBins(data, map, n, nFeatures, f, rows, binLow, binHigh);
      nBins[f] = bins.nBins;
      if (!bins.exact) quantileFeatures++;
    } else {
      nBins[f] = rankDistinct(distinct.subarray(f * (MAX_BINS + 1), f * (MAX_BINS + 1) + nDistinct[f]), rank.subarray(f * MAX_BINS), f, binLow, binHigh);
    }
  }
  for (let i = 0, k = 0; i < n; i++) {
    for (let f = 0; f < nFeatures; f++, k++) if (nDistinct[f] <= MAX_BINS) rows[k] = rank[f * MAX_BINS + rows[k]];
  }
  return { nSamples: n, nFeatures, nBins, binLow, binHigh, quantileFeatures, ...codeLayout(rows, n, nFeatures) };
}

/**
 * Sorts one feature's distinct values and records each provisional code's rank; values equal as
 * numbers (0 and -0) share a rank. Returns the number of bins.
 */
function rankDistinct(values: Float32Array, rank: Uint8Array, f: number, binLow: Float32Array, binHigh: Float32Array): number {
  const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b]);
  let bin = -1;
  let previous = NaN;
  for (const code of order) {
    if (values[code] !== previous) {
      bin++;
      previous = values[code];
      binLow[f * MAX_BINS + bin] = binHigh[f * MAX_BINS + bin] = previous;
    }
    rank[code] = bin;
  }
  return bin + 1;
}

/**
 * Quantile bins for feature f: bins of about n/256 samples each, every bin a run of consecutive
 * distinct values (a value that fills several quotas gets a bin of its own). Writes the feature's
 * codes into row-major `rows`, and `binLow`/`binHigh`; returns the number of bins and whether they
 * are exact after all: a map may merge more than 256 values into at most 256, and then each gets
 * a bin, as in the mapped copy.
 */
function quantileBins(
  data: Float32Array,
  map: MonotoneFeatureMap | null,
  n: number,
  nFeatures: number,
  f: number,
  rows: Uint8Array,
  binLow: Float32Array,
  binHigh: Float32Array,
): { nBins: number; exact: boolean } {
  // The feature's values as the mapped copy holds them, mapped once for sorting and for coding.
  const values = new Float32Array(n);
  for (let i = 0, k = f; i < n; i++, k += nFeatures) {
    values[i] = map ? map.apply(f, data[k]) : data[k];
    if (!Number.isFinite(values[i])) throw new DataError(`X contains ${data[k]} (sample ${i}, feature ${f}); finite values only`);
  }
  const sorted = values.slice().sort();
  let nDistinct = 1;
  for (let i = 1; i < n && nDistinct <= MAX_BINS; i++) if (sorted[i] !== sorted[i - 1]) nDistinct++;
  const exact = nDistinct <= MAX_BINS;
  const edges: number[] = [];
  let low = 0; // index of the current bin's first sample
  for (let i = 0; i < n; i++) {
    const closesValue = i === n - 1 || sorted[i + 1] !== sorted[i];
    if (closesValue && (exact || i + 1 >= ((edges.length + 1) * n) / MAX_BINS || i === n - 1)) {
      binLow[f * MAX_BINS + edges.length] = sorted[low];
      binHigh[f * MAX_BINS + edges.length] = sorted[i];
      edges.push(sorted[i]);
      low = i + 1;
    }
  }
  const highs = Float32Array.from(edges);
  for (let i = 0, k = f; i < n; i++, k += nFeatures) rows[k] = searchEdges(highs, values[i]);
  return { nBins: highs.length, exact };
}

/** The first bin whose largest value is at least `value`. */
function searchEdges(edges: Float32Array, value: number): number {
  let lo = 0;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
