/**
 * Dense, row-major data at the estimator API boundary: `data[i * cols + j]` is feature j of
 * sample i. Pixels stay `Uint8Array` until a transformer makes them floats.
 */
export type FeatureArray = Uint8Array | Float32Array;

export interface Matrix<T extends FeatureArray = FeatureArray> {
  readonly data: T;
  readonly rows: number;
  readonly cols: number;
}

/** Class labels, one per sample; classes are small non-negative integers (MNIST: 0-9). */
export type Labels = Int32Array;

export function matrix<T extends FeatureArray>(data: T, rows: number, cols: number): Matrix<T> {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`matrix: rows and cols must be non-negative integers, got ${rows}x${cols}`);
  }
  if (data.length !== rows * cols) {
    throw new RangeError(`matrix: data has ${data.length} values, expected ${rows}x${cols} = ${rows * cols}`);
  }
  return { data, rows, cols };
}

/** Rows `indices` of `X`, in that order, as a new matrix of the same element type. */
export function takeRows<T extends FeatureArray>(X: Matrix<T>, indices: ArrayLike<number>): Matrix<T> {
  const { cols } = X;
  const out = new (X.data.constructor as { new (n: number): T })(indices.length * cols);
  for (let i = 0; i < indices.length; i++) {
    const start = indices[i] * cols;
    out.set(X.data.subarray(start, start + cols), i * cols);
  }
  return { data: out, rows: indices.length, cols };
}

/** Rows [start, end) of X, sharing its data. */
export function rowRange<T extends FeatureArray>(X: Matrix<T>, start: number, end: number): Matrix<T> {
  return { data: X.data.subarray(start * X.cols, end * X.cols) as T, rows: end - start, cols: X.cols };
}

export function takeLabels(y: Labels, indices: ArrayLike<number>): Labels {
  const out = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = y[indices[i]];
  return out;
}

/** Sorted distinct labels, as scikit-learn's `np.unique(y)`. */
export function uniqueLabels(y: Labels): Int32Array {
  return Int32Array.from(new Set(y)).sort();
}

/**
 * `classes[argmax]` of each row of an n x classes.length score matrix. numpy's `argmax` keeps the
 * first of tied maxima; OneVsRestClassifier's running-maximum loop keeps the last.
 */
export function labelsOfMaxima(scores: ArrayLike<number>, classes: Int32Array, ties: 'first' | 'last'): Labels {
  const k = classes.length;
  const labels = new Int32Array(scores.length / k);
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) {
      const score = scores[i * k + c];
      const top = scores[i * k + best];
      if (score > top || (ties === 'last' && score === top)) best = c;
    }
    labels[i] = classes[best];
  }
  return labels;
}
