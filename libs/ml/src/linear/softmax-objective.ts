import * as tf from '@tensorflow/tfjs';
import type { Matrix } from '../base/matrix';

/**
 * The training problem of multinomial logistic regression, in the parametrisation the solvers see:
 *
 *     mean_i CE(softmax(s·x_i W + b), y_i) + (penaltyStrength / 2) ||W||²,  W: n_features x n_classes
 *
 * where `s = inputScale` rescales raw pixels (see `LogisticRegression.fit`). The intercept `b` is
 * not penalised.
 */
export interface SoftmaxProblem {
  readonly X: Matrix;
  /** Class index (0..nClasses-1) of each row. */
  readonly targets: Int32Array;
  readonly nClasses: number;
  readonly inputScale: number;
  readonly penaltyStrength: number;
  readonly fitIntercept: boolean;
}

/**
 * A block of rows' cross-entropies, one per row, and the gradient of their sum; callers divide by
 * the row count. The losses stay per row so that L-BFGS can add them in Float64: summed in float32,
 * the objective's last digits are noise at the relative precision scipy's ftol stops at, and the
 * line search fails before the solver converges.
 */
// A type alias, not an interface, so that tf.tidy accepts it as a TensorContainer.
export type BlockSums = {
  readonly rowLosses: tf.Tensor1D;
  readonly gradW: tf.Tensor2D;
  readonly gradB: tf.Tensor1D;
};

export function blockSums(x: tf.Tensor2D, y: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D | null): BlockSums {
  return tf.tidy(() => {
    const linear = tf.matMul(x, W);
    const logits = b ? tf.add(linear, b) : linear;
    const logProba = tf.sub(logits, tf.logSumExp(logits, 1, true));
    // d CE / d logits = softmax - onehot, hence the gradients below without tf.grad's bookkeeping.
    const residual = tf.sub(tf.exp(logProba), y);
    return {
      rowLosses: tf.neg(tf.sum(tf.mul(y, logProba), 1)) as tf.Tensor1D,
      gradW: tf.matMul(x, residual, true, false),
      gradB: tf.sum(residual, 0) as tf.Tensor1D,
    };
  });
}

/**
 * Builds blocks of rows as tensors by copying rows out of `X` into reusable Float32Array buffers
 * (converting and scaling on the way), with one-hot targets. Never `tf.slice` of a tensor holding
 * all of X: on the cpu and wasm backends that costs 175 ms for 256 rows of 56k (PERF-NOTES).
 */
export class BlockReader {
  private readonly x: Float32Array;
  private readonly y: Float32Array;

  constructor(
    private readonly problem: SoftmaxProblem,
    maxRows: number,
  ) {
    this.x = new Float32Array(maxRows * problem.X.cols);
    this.y = new Float32Array(maxRows * problem.nClasses);
  }

  /**
   * Rows `indices` of the problem. The tensors must be disposed before the next call: the cpu
   * backend keeps a reference to the buffer instead of copying it.
   */
  read(indices: Int32Array): { x: tf.Tensor2D; y: tf.Tensor2D } {
    const { X, targets, nClasses, inputScale } = this.problem;
    const { cols, data } = X;
    const rows = indices.length;
    const x = this.x.subarray(0, rows * cols);
    const y = this.y.subarray(0, rows * nClasses).fill(0);
    for (let r = 0; r < rows; r++) {
      const row = indices[r];
      const source = data.subarray(row * cols, (row + 1) * cols);
      if (inputScale === 1) {
        x.set(source, r * cols);
      } else {
        for (let j = 0, offset = r * cols; j < cols; j++) x[offset + j] = source[j] * inputScale;
      }
      y[r * nClasses + targets[row]] = 1;
    }
    return { x: tf.tensor2d(x, [rows, cols]), y: tf.tensor2d(y, [rows, nClasses]) };
  }
}
