import type { AffineFeatureMap } from '../base/estimator';
import { DataError } from '../base/errors';
import type { Matrix } from '../base/matrix';
import { nativeAddon, type NativeAddon } from '../native/addon';

/**
 * A linear model with an affine feature map folded into it. For the map (x - shift) / divisor,
 *
 *     score_k = sum_j coef[k, j] (x_j - shift_j) / divisor_j + intercept_k
 *             = sum_j x_j W[j, k] + b_k,   W[j, k] = coef[k, j] / divisor_j,   b_k = intercept_k - sum_j W[j, k] shift_j
 *
 * so the model reads the map's input directly, with no transformed copy of it. The weights are
 * feature-major (the classes of one feature are contiguous), for {@link foldedScores}.
 */
export interface FoldedLinearModel {
  readonly nFeatures: number;
  readonly nClasses: number;
  /**
   * nFeatures x nClasses, row-major, then zeros: rows up to a multiple of 4 features (the scores
   * read bytes four at a time) and CLASSES_PER_PASS more values (see scoreWords' last pass).
   */
  readonly weights: Float64Array;
  readonly intercept: Float64Array;
}

/** Classes summed together, in local variables the JIT keeps in registers, per pass over a row. */
const CLASSES_PER_PASS = 5;

/** Folds `map` into the class-major `coef` (n_classes x n_features) and `intercept`, in float64. */
export function foldAffineMap(coef: Matrix<Float32Array>, intercept: Float32Array, map: AffineFeatureMap): FoldedLinearModel {
  const { rows: C, cols: F } = coef;
  if (map.nFeatures !== F) throw new DataError(`the feature map has ${map.nFeatures} features, but the linear model has ${F}`);
  const weights = new Float64Array(wordsPerRow(F) * 4 * C + CLASSES_PER_PASS);
  const folded = Float64Array.from(intercept);
  for (let k = 0; k < C; k++) {
    for (let j = 0; j < F; j++) {
      const w = coef.data[k * F + j] / map.divisor[j];
      weights[j * C + k] = w;
      folded[k] -= w * map.shift[j];
    }
  }
  return { nFeatures: F, nClasses: C, weights, intercept: folded };
}

/**
 * Every row's scores (n_samples x n_classes) from bytes, in float64, reading each row as 32-bit
 * words of four bytes: the compiled kernel (libs/ml/native/linear_scores.c) where it is built, else
 * {@link scoreWords}, which it matches bit for bit. `addon`: tests pass null to compare the two.
 */
export function foldedScores(model: FoldedLinearModel, X: Matrix<Uint8Array>, addon: NativeAddon | null = nativeAddon()): Matrix<Float32Array> {
  const { nFeatures: F, nClasses: C, weights, intercept } = model;
  if (X.cols !== F) throw new DataError(`X has ${X.cols} features, but the model is expecting ${F} features as input`);
  const W = wordsPerRow(F);
  const words = asWords(X, W);
  const out = new Float32Array(X.rows * C);
  if (addon) addon.foldedScores(words, X.rows, W, weights, intercept, out);
  else scoreWords(model, words, X.rows, out);
  return { data: out, rows: X.rows, cols: C };
}

/**
 * The scores of `rows` rows of `words` into `out`: a row first lists its non-zero words (without a
 * branch per word, whose outcome on images is too irregular to predict), then each pass sums
 * CLASSES_PER_PASS classes over the four bytes of each listed word. A zero word, most of an MNIST
 * image, costs one step of the listing; a zero byte in a listed word costs its multiplications,
 * which is cheaper than testing every byte. Each class's sum runs over the row's non-zero words
 * in order, then the intercept is added.
 */
function scoreWords(model: FoldedLinearModel, words: Int32Array, rows: number, out: Float32Array): void {
  const { nFeatures: F, nClasses: C, weights, intercept } = model;
  const W = wordsPerRow(F);
  /** The current row's non-zero words, as indices into `words`. */
  const listed = new Int32Array(W);
  const wordStride = 4 * C;
  for (let i = 0; i < rows; i++) {
    const rowStart = i * W;
    let n = 0;
    for (let q = rowStart; q < rowStart + W; q++) {
      const word = words[q];
      listed[n] = q;
      // 1 for a non-zero word, else 0: word | -word has the sign bit set exactly when word !== 0.
      n += (word | -word) >>> 31;
    }
    for (let k = 0; k < C; k += CLASSES_PER_PASS) {
      // A last pass with fewer classes sums the next feature's weights (or the padding) in its
      // surplus variables, and does not write them.
      const last = Math.min(C - k, CLASSES_PER_PASS);
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let s4 = 0;
      for (let t = 0; t < n; t++) {
        const q = listed[t];
        const word = words[q];
        const x0 = word & 255;
        const x1 = (word >>> 8) & 255;
        const x2 = (word >>> 16) & 255;
        const x3 = word >>> 24;
        const a = (q - rowStart) * wordStride + k;
        const b = a + C;
        const c = b + C;
        const d = c + C;
        s0 += x0 * weights[a] + x1 * weights[b] + x2 * weights[c] + x3 * weights[d];
        s1 += x0 * weights[a + 1] + x1 * weights[b + 1] + x2 * weights[c + 1] + x3 * weights[d + 1];
        s2 += x0 * weights[a + 2] + x1 * weights[b + 2] + x2 * weights[c + 2] + x3 * weights[d + 2];
        s3 += x0 * weights[a + 3] + x1 * weights[b + 3] + x2 * weights[c + 3] + x3 * weights[d + 3];
        s4 += x0 * weights[a + 4] + x1 * weights[b + 4] + x2 * weights[c + 4] + x3 * weights[d + 4];
      }
      const o = i * C + k;
      out[o] = intercept[k] + s0;
      if (last > 1) out[o + 1] = intercept[k + 1] + s1;
      if (last > 2) out[o + 2] = intercept[k + 2] + s2;
      if (last > 3) out[o + 3] = intercept[k + 3] + s3;
      if (last > 4) out[o + 4] = intercept[k + 4] + s4;
    }
  }
}

function wordsPerRow(nFeatures: number): number {
  return Math.ceil(nFeatures / 4);
}

/**
 * X's bytes as 32-bit words, `W` per row, each byte j of a row at bits 8 (j % 4) of its word: a
 * view of X when its rows are whole words on a 4-byte boundary of a little-endian machine
 * (MNIST's 784 bytes are 196 words), else a copy with each row zero-padded.
 */
function asWords({ data, rows, cols }: Matrix<Uint8Array>, W: number): Int32Array {
  if (cols === 4 * W && data.byteOffset % 4 === 0 && LITTLE_ENDIAN) return new Int32Array(data.buffer, data.byteOffset, rows * W);
  const words = new Int32Array(rows * W);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) words[i * W + (j >> 2)] |= data[i * cols + j] << (8 * (j & 3));
  }
  return words;
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
