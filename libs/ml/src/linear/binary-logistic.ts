import type { Matrix } from '../base/matrix';
import { designRows, type DesignRows } from './design-rows';
import { minimizeLbfgs } from './lbfgs';
import { assertFinite, SCIPY_FTOL, type SolverResult } from './softmax-solvers';

/**
 * scikit-learn's binary logistic regression problem, in its own parametrisation (one weight vector
 * w and one intercept b, not a softmax over two classes):
 *
 *     sum_i log(1 + exp(-y_i (s x_i·w + b))) + (penalty / 2) ||w||²,   y_i in {-1, +1}
 *
 * where `s = inputScale` conditions raw pixels as in `LogisticRegression.fit`.
 */
export interface BinaryLogisticProblem {
  readonly X: Matrix;
  /** 1 for rows of the positive class (classes[1]), else 0. */
  readonly positive: Uint8Array;
  readonly inputScale: number;
  /** The weight of ||w||² / 2 next to the summed log-loss: s² / C, or 0 without a penalty. */
  readonly penalty: number;
  readonly fitIntercept: boolean;
}

export interface BinaryLbfgsOptions {
  readonly maxIter: number;
  /** scikit-learn's `tol`, in the raw input's units (see `solveLbfgs`). */
  readonly tol: number;
  /** Hears each iteration with the mean objective. */
  readonly onIteration?: (iteration: number, loss: number) => void;
}

/**
 * The summed log-loss and its gradient at theta = [w, b], in Float64 throughout: the scores
 * z = s X·w + b in one product, then each row's loss and d loss / d z = sigmoid(z) - y01 in `residual`,
 * then Xᵀ·residual. The softmax path over two classes instead copied and converted every block of X
 * into tensors at every evaluation, which took most of its time.
 */
export function binaryLossGradient(problem: BinaryLogisticProblem, rows: DesignRows, theta: Float64Array, gradient: Float64Array, scratch: BinaryScratch): number {
  const { positive, inputScale } = problem;
  const F = rows.cols;
  const b = problem.fitIntercept ? theta[F] : 0;
  const { weights, scores, residual, weightGradient } = scratch;
  // s x·w = x·(s w): scale the weights once instead of every value.
  for (let j = 0; j < F; j++) weights[j] = inputScale * theta[j];
  rows.products(weights, 1, scores);
  let loss = 0;
  let interceptGradient = 0;
  for (let i = 0; i < rows.rows; i++) {
    const z = scores[i] + b;
    // t = -y z; log(1 + e^t) without overflow, and sigmoid(z) - y01 = y01 ? -sigmoid(t) : sigmoid(t).
    const t = positive[i] ? -z : z;
    const e = Math.exp(-Math.abs(t));
    loss += t > 0 ? t + Math.log1p(e) : Math.log1p(e);
    const sigmoidT = t > 0 ? 1 / (1 + e) : e / (1 + e);
    residual[i] = positive[i] ? -sigmoidT : sigmoidT;
    interceptGradient += residual[i];
  }
  rows.transposedProducts(residual, 1, weightGradient);
  let squaredNorm = 0;
  for (let j = 0; j < F; j++) {
    squaredNorm += theta[j] * theta[j];
    gradient[j] = inputScale * weightGradient[j] + problem.penalty * theta[j];
  }
  if (problem.fitIntercept) gradient[F] = interceptGradient;
  return loss + (problem.penalty / 2) * squaredNorm;
}

/** Buffers one evaluation overwrites, allocated once per fit. */
export interface BinaryScratch {
  readonly weights: Float64Array;
  readonly scores: Float64Array;
  readonly residual: Float64Array;
  readonly weightGradient: Float64Array;
}

export function binaryScratch(rows: DesignRows): BinaryScratch {
  return {
    weights: new Float64Array(rows.cols),
    scores: new Float64Array(rows.rows),
    residual: new Float64Array(rows.rows),
    weightGradient: new Float64Array(rows.cols),
  };
}

/**
 * Full-batch L-BFGS on the binary problem, the function scikit-learn hands scipy for two classes
 * (so `tol` and scipy's `ftol` stop where scikit-learn's do). Returns the model as the two-class
 * softmax `LogisticRegression` stores: the scores -z/2 and z/2, whose difference is z and whose
 * softmax is sigmoid(z).
 */
export async function solveBinaryLbfgs(problem: BinaryLogisticProblem, options: BinaryLbfgsOptions): Promise<SolverResult> {
  const { X, fitIntercept } = problem;
  const F = X.cols;
  const rows = designRows(X);
  const scratch = binaryScratch(rows);
  const objective = async (theta: Float64Array) => {
    const gradient = new Float64Array(theta.length);
    const value = binaryLossGradient(problem, rows, theta, gradient, scratch);
    // Let timers (job heartbeats, progress reports) run between evaluations.
    await new Promise((resolve) => setImmediate(resolve));
    return { value, gradient };
  };
  const { onIteration } = options;
  const result = await minimizeLbfgs(objective, new Float64Array(F + (fitIntercept ? 1 : 0)), {
    maxIter: options.maxIter,
    gtol: options.tol * problem.inputScale,
    ftol: SCIPY_FTOL,
    onIteration: onIteration && ((iteration, value) => onIteration(iteration, value / X.rows)),
  });
  // The line search only accepts finite values, so a non-finite result means the start was not.
  assertFinite(result.value);
  const weights = new Float32Array(2 * F);
  for (let j = 0; j < F; j++) {
    weights[2 * j] = -result.x[j] / 2;
    weights[2 * j + 1] = result.x[j] / 2;
  }
  const b = fitIntercept ? result.x[F] : 0;
  return { weights, intercept: Float32Array.of(-b / 2, b / 2), nIter: result.nIter, nEvaluations: result.nEvaluations, loss: result.value / X.rows, converged: result.converged };
}
