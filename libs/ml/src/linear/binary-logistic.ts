import type { Matrix } from '../base/matrix';
import { designRows, type DesignRows } from './design-rows';
import { lbfgsSearch, type LbfgsResult, type ValueAndGradient } from './lbfgs';
import { assertFinite, SCIPY_FTOL, type SolverResult } from './softmax-solvers';

/**
 * scikit-learn's binary logistic regression problems on one X, in its own parametrisation (one
 * weight vector w and one intercept b per problem, not a softmax over two classes):
 *
 *     sum_i log(1 + exp(-y_i (s x_i·w + b))) + (penalty / 2) ||w||²,   y_i in {-1, +1}
 *
 * where `s = inputScale` conditions raw pixels as in `LogisticRegression.fit`. One-vs-rest's
 * problems differ only in their labels: they share X, and every pass over it serves all of them.
 */
export interface BinaryLogisticProblems {
  readonly X: Matrix;
  /** Per problem, 1 for rows of its positive class (classes[1]), else 0. */
  readonly positives: readonly Uint8Array[];
  readonly inputScale: number;
  /** The weight of ||w||² / 2 next to the summed log-loss: s² / C, or 0 without a penalty. */
  readonly penalty: number;
  readonly fitIntercept: boolean;
}

export interface BinaryLbfgsOptions {
  readonly maxIter: number;
  /** scikit-learn's `tol`, in the raw input's units (see `solveLbfgs`). */
  readonly tol: number;
  /** Hears each iteration of each problem with its mean objective. */
  readonly onIteration?: (problem: number, iteration: number, loss: number) => void;
}

/**
 * The summed log-loss and its gradient at theta_k = [w_k, b_k] for each of the K problems in
 * `columns`, in Float64 throughout: the scores z = s X·W + b as one K-column product, then each
 * row's loss and d loss / d z = sigmoid(z) - y01, then Xᵀ·residuals. The softmax path over two
 * classes instead copied and converted every block of X into tensors at every evaluation, which
 * took most of its time.
 */
export function binaryLossGradients(
  problems: BinaryLogisticProblems,
  rows: DesignRows,
  columns: readonly { readonly problem: number; readonly theta: Float64Array }[],
): ValueAndGradient[] {
  const { inputScale, fitIntercept, penalty } = problems;
  const F = rows.cols;
  const n = rows.rows;
  const K = columns.length;
  // s x·w = x·(s w): scale the weights once instead of every value.
  const weights = new Float64Array(F * K);
  columns.forEach(({ theta }, k) => {
    for (let j = 0; j < F; j++) weights[j * K + k] = inputScale * theta[j];
  });
  const scores = new Float64Array(n * K);
  rows.products(weights, K, scores);
  const results = columns.map(({ problem, theta }, k) => {
    const positive = problems.positives[problem];
    const b = fitIntercept ? theta[F] : 0;
    let loss = 0;
    let interceptGradient = 0;
    for (let i = 0; i < n; i++) {
      const z = scores[i * K + k] + b;
      // t = -y z; log(1 + e^t) without overflow, and sigmoid(z) - y01 = y01 ? -sigmoid(t) : sigmoid(t).
      const t = positive[i] ? -z : z;
      const e = Math.exp(-Math.abs(t));
      loss += t > 0 ? t + Math.log1p(e) : Math.log1p(e);
      const sigmoidT = t > 0 ? 1 / (1 + e) : e / (1 + e);
      const residual = positive[i] ? -sigmoidT : sigmoidT;
      // The residuals replace the scores, column k of row i being read only here.
      scores[i * K + k] = residual;
      interceptGradient += residual;
    }
    const gradient = new Float64Array(theta.length);
    if (fitIntercept) gradient[F] = interceptGradient;
    return { loss, gradient };
  });
  const weightGradients = new Float64Array(F * K);
  rows.transposedProducts(scores, K, weightGradients);
  return results.map(({ loss, gradient }, k) => {
    const { theta } = columns[k];
    let squaredNorm = 0;
    for (let j = 0; j < F; j++) {
      squaredNorm += theta[j] * theta[j];
      gradient[j] = inputScale * weightGradients[j * K + k] + penalty * theta[j];
    }
    return { value: loss + (penalty / 2) * squaredNorm, gradient };
  });
}

/**
 * Full-batch L-BFGS on each problem, the function scikit-learn hands scipy for two classes (so
 * `tol` and scipy's `ftol` stop where scikit-learn's do). The problems advance in lockstep, each
 * with its own line search and stopping (see `lbfgsSearch`); one evaluation of X serves the points
 * all unfinished problems ask for. Each model is returned as the two-class softmax
 * `LogisticRegression` stores: the scores -z/2 and z/2, whose difference is z and whose softmax is
 * sigmoid(z).
 */
export async function solveBinaryLbfgs(problems: BinaryLogisticProblems, options: BinaryLbfgsOptions): Promise<SolverResult[]> {
  const { X, fitIntercept } = problems;
  const F = X.cols;
  const rows = designRows(X);
  const { onIteration } = options;
  const searches = problems.positives.map((_, problem) =>
    lbfgsSearch(new Float64Array(F + (fitIntercept ? 1 : 0)), {
      maxIter: options.maxIter,
      gtol: options.tol * problems.inputScale,
      ftol: SCIPY_FTOL,
      onIteration: onIteration && ((iteration, value) => onIteration(problem, iteration, value / X.rows)),
    }),
  );
  const results: LbfgsResult[] = new Array(searches.length);
  let pending = searches.map((search, problem) => ({ problem, request: search.next() }));
  for (;;) {
    for (const { problem, request } of pending) if (request.done) results[problem] = request.value;
    const asking = pending.filter((entry) => !entry.request.done);
    if (asking.length === 0) break;
    const columns = asking.map(({ problem, request }) => ({ problem, theta: request.value as Float64Array }));
    const evaluated = binaryLossGradients(problems, rows, columns);
    pending = asking.map(({ problem }, k) => ({ problem, request: searches[problem].next(evaluated[k]) }));
    // Let timers (job heartbeats, progress reports) run between evaluations.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return results.map((result) => {
    // The line search only accepts finite values, so a non-finite result means the start was not.
    assertFinite(result.value);
    const weights = new Float32Array(2 * F);
    for (let j = 0; j < F; j++) {
      weights[2 * j] = -result.x[j] / 2;
      weights[2 * j + 1] = result.x[j] / 2;
    }
    const b = fitIntercept ? result.x[F] : 0;
    return {
      weights,
      intercept: Float32Array.of(-b / 2, b / 2),
      nIter: result.nIter,
      nEvaluations: result.nEvaluations,
      loss: result.value / X.rows,
      converged: result.converged,
    };
  });
}
