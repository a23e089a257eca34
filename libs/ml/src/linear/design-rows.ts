import type { Matrix } from '../base/matrix';
import { nativeAddon, type NativeAddon } from '../native/addon';

/**
 * The two products a full-batch linear solver needs from X at every evaluation, for K weight
 * columns at once, in Float64 with each sum taken over a row's features in order (so the compiled
 * kernels match these loops bit for bit):
 *
 * - `products(W, K, out)`: out[i K + k] = sum_j X[i, j] W[j K + k]   (rows x K, X·W)
 * - `transposedProducts(R, K, out)`: out[j K + k] = sum_i X[i, j] R[i K + k]   (features x K, Xᵀ·R)
 */
export interface DesignRows {
  readonly rows: number;
  readonly cols: number;
  products(W: Float64Array, K: number, out: Float64Array): void;
  transposedProducts(R: Float64Array, K: number, out: Float64Array): void;
}

/** Above this fraction of non-zero entries X is read densely: an index per entry would cost more than the zeros. */
const SPARSE_DENSITY = 0.5;

/**
 * X for a solver: its non-zero entries row by row (compressed sparse rows, in X's element type)
 * when at most half are non-zero, as in MNIST's raw pixels (about 80 % zeros: an evaluation then
 * reads a fifth of the products, a byte per value), else X itself. `addon`: tests pass null to
 * compare the TypeScript loops with the compiled kernels.
 */
export function designRows(X: Matrix, addon: NativeAddon | null = nativeAddon()): DesignRows {
  const { data } = X;
  let nonZero = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) nonZero++;
  return nonZero > SPARSE_DENSITY * data.length ? new DenseRows(X) : new SparseRows(X, nonZero, addon);
}

class DenseRows implements DesignRows {
  readonly rows: number;
  readonly cols: number;

  constructor(private readonly X: Matrix) {
    ({ rows: this.rows, cols: this.cols } = X);
  }

  products(W: Float64Array, K: number, out: Float64Array): void {
    const { data } = this.X;
    const F = this.cols;
    out.fill(0, 0, this.rows * K);
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < F; j++) {
        const x = data[i * F + j];
        for (let k = 0; k < K; k++) out[i * K + k] += x * W[j * K + k];
      }
    }
  }

  transposedProducts(R: Float64Array, K: number, out: Float64Array): void {
    const { data } = this.X;
    const F = this.cols;
    out.fill(0, 0, F * K);
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < F; j++) {
        const x = data[i * F + j];
        for (let k = 0; k < K; k++) out[j * K + k] += x * R[i * K + k];
      }
    }
  }
}

class SparseRows implements DesignRows {
  readonly rows: number;
  readonly cols: number;
  private readonly start: Int32Array;
  private readonly column: Uint16Array | Int32Array;
  private readonly value: Uint8Array | Float32Array;
  /** The compiled kernels read bytes with 16-bit columns, MNIST's case; other data runs the loops below. */
  private readonly addon: NativeAddon | null;

  constructor({ data, rows, cols }: Matrix, nonZero: number, addon: NativeAddon | null) {
    this.rows = rows;
    this.cols = cols;
    this.start = new Int32Array(rows + 1);
    this.column = cols <= 65536 ? new Uint16Array(nonZero) : new Int32Array(nonZero);
    this.value = new (data.constructor as { new (n: number): Uint8Array | Float32Array })(nonZero);
    let n = 0;
    for (let i = 0; i < rows; i++) {
      for (let j = 0, offset = i * cols; j < cols; j++) {
        const x = data[offset + j];
        if (x !== 0) {
          this.column[n] = j;
          this.value[n++] = x;
        }
      }
      this.start[i + 1] = n;
    }
    this.addon = this.value instanceof Uint8Array && this.column instanceof Uint16Array ? addon : null;
  }

  products(W: Float64Array, K: number, out: Float64Array): void {
    const { start, column, value } = this;
    if (this.addon) return this.addon.sparseProducts(start, column as Uint16Array, value as Uint8Array, W, K, out);
    out.fill(0, 0, this.rows * K);
    for (let i = 0; i < this.rows; i++) {
      for (let n = start[i]; n < start[i + 1]; n++) {
        const x = value[n];
        const w = column[n] * K;
        for (let k = 0; k < K; k++) out[i * K + k] += x * W[w + k];
      }
    }
  }

  transposedProducts(R: Float64Array, K: number, out: Float64Array): void {
    const { start, column, value } = this;
    if (this.addon) return this.addon.sparseTransposedProducts(start, column as Uint16Array, value as Uint8Array, R, K, out);
    out.fill(0, 0, this.cols * K);
    for (let i = 0; i < this.rows; i++) {
      for (let n = start[i]; n < start[i + 1]; n++) {
        const x = value[n];
        const g = column[n] * K;
        for (let k = 0; k < K; k++) out[g + k] += x * R[i * K + k];
      }
    }
  }
}
