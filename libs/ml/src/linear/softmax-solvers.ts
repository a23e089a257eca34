import * as tf from '@tensorflow/tfjs';
import { DataError } from '../base/errors';
import { Adam } from '../tensor/adam';
import type { RandomState } from '../utils/random';
import { minimizeLbfgs } from './lbfgs';
import { blockSums, BlockReader, type SoftmaxProblem } from './softmax-objective';

/** A solved problem, in the problem's own (input-scaled) parametrisation. */
export interface SolverResult {
  /** n_features x n_classes, row-major. */
  readonly weights: Float32Array;
  /** n_classes; zeros without an intercept. */
  readonly intercept: Float32Array;
  readonly nIter: number;
  /** lbfgs only: objective evaluations, line searches included (scipy's `nfev`). */
  readonly nEvaluations?: number;
  /** The objective at the end: exact for lbfgs, the last epoch's mean mini-batch objective for adam. */
  readonly loss: number;
  readonly converged: boolean;
}

export interface AdamSolverOptions {
  /** Epochs. */
  readonly maxIter: number;
  readonly tol: number;
  readonly nIterNoChange: number;
  readonly batchSize: number;
  readonly learningRateInit: number;
  readonly learningRate: 'constant' | 'adaptive';
  readonly random: RandomState;
  /** Hears each epoch and its mean loss (observation only). */
  readonly onEpoch?: (epoch: number, loss: number) => void;
}

/** Below this the adaptive schedule stops instead of dividing the rate again (scikit-learn's SGD). */
const MIN_ADAPTIVE_LEARNING_RATE = 1e-6;

/**
 * Mini-batch Adam from zero weights over a fresh seeded shuffle each epoch, stopped as scikit-learn's
 * SGDClassifier: an epoch counts as no improvement when its objective is not below the best so far by
 * `tol`; after `nIterNoChange` such epochs in a row the constant schedule stops, the adaptive one
 * divides the rate by 5 (stopping once it would fall below 1e-6). The epoch objective is the mean of
 * the mini-batch objectives seen during the epoch, as SGDClassifier's and MLPClassifier's: free,
 * where an exact pass over all rows would cost about half an epoch.
 */
export async function solveAdam(problem: SoftmaxProblem, options: AdamSolverOptions): Promise<SolverResult> {
  const { X, nClasses, penaltyStrength, fitIntercept } = problem;
  const n = X.rows;
  // Zero initial weights as scikit-learn; tidy frees the zeros the variables were made from.
  const W = tf.tidy(() => tf.variable(tf.zeros<tf.Rank.R2>([X.cols, nClasses])));
  const b = fitIntercept ? tf.tidy(() => tf.variable(tf.zeros<tf.Rank.R1>([nClasses]))) : null;
  const adam = new Adam(b ? [W, b] : [W], { learningRate: options.learningRateInit });
  const reader = new BlockReader(problem, Math.min(options.batchSize, n));
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let best = Infinity;
  let epochsWithoutImprovement = 0;
  let loss = NaN;
  let converged = false;
  let epoch = 0;
  try {
    while (epoch < options.maxIter && !converged) {
      epoch += 1;
      options.random.shuffle(order);
      let total = 0;
      for (let start = 0; start < n; start += options.batchSize) {
        const batch = order.subarray(start, Math.min(n, start + options.batchSize));
        const batchLoss = tf.tidy(() => {
          const { x, y } = reader.read(batch);
          const sums = blockSums(x, y, W, b);
          const objective = tf.add(tf.div(tf.sum(sums.rowLosses), batch.length), tf.mul(tf.sum(tf.square(W)), penaltyStrength / 2));
          const gradW = tf.add(tf.div(sums.gradW, batch.length), tf.mul(W, penaltyStrength));
          adam.step(b ? [gradW, tf.div(sums.gradB, batch.length)] : [gradW]);
          return objective;
        });
        total += batchLoss.dataSync()[0] * batch.length;
        batchLoss.dispose();
      }
      loss = total / n;
      assertFinite(loss);
      epochsWithoutImprovement = loss > best - options.tol ? epochsWithoutImprovement + 1 : 0;
      best = Math.min(best, loss);
      options.onEpoch?.(epoch, loss);
      if (epochsWithoutImprovement >= options.nIterNoChange) {
        if (options.learningRate === 'adaptive' && adam.learningRate / 5 >= MIN_ADAPTIVE_LEARNING_RATE) {
          adam.learningRate /= 5;
          epochsWithoutImprovement = 0;
        } else {
          converged = true;
        }
      }
      // Let timers (job heartbeats, progress reports) run between epochs.
      await tf.nextFrame();
    }
    return {
      weights: W.dataSync() as Float32Array,
      intercept: b ? (b.dataSync() as Float32Array) : new Float32Array(nClasses),
      nIter: epoch,
      loss,
      converged,
    };
  } finally {
    tf.dispose(b ? [W, b] : [W]);
    adam.dispose();
  }
}

export interface LbfgsSolverOptions {
  readonly maxIter: number;
  /** scikit-learn's `tol`: the projected-gradient tolerance on its objective, in the raw input's units. */
  readonly tol: number;
  /** Hears each iteration with the mean objective, as Adam's `onEpoch`. */
  readonly onIteration?: (iteration: number, loss: number) => void;
}

/** scipy's L-BFGS-B default `ftol` (factr 1e7 times machine epsilon), which scikit-learn 1.2 leaves in place. */
export const SCIPY_FTOL = 1e7 * Number.EPSILON;

/** Rows per tensor block in full-batch evaluations: bounds the memory of one evaluation. */
const FULL_BATCH_BLOCK_ROWS = 4096;

/**
 * Full-batch L-BFGS, the solver scikit-learn uses by default: each evaluation runs the whole data
 * through tfjs block by block and sums loss and gradient in Float64; the penalty is added in Float64.
 * Parameters are [W row-major, b].
 *
 * It minimises the problem's objective times n, sum_i log_loss + ||W||^2 / (2 C): the function
 * scikit-learn hands scipy, so that `tol` (a bound on its largest gradient entry) and scipy's
 * relative `ftol` stop where scikit-learn's do; on the mean objective the same `tol` would stop n
 * times earlier. With scaled inputs the gradient in the solver's parameters is `inputScale` times
 * the raw one, hence the bound `tol * inputScale`. Reported losses are the mean objective again.
 */
export async function solveLbfgs(problem: SoftmaxProblem, options: LbfgsSolverOptions): Promise<SolverResult> {
  const { X, nClasses, penaltyStrength, fitIntercept } = problem;
  const nWeights = X.cols * nClasses;
  const reader = new BlockReader(problem, Math.min(FULL_BATCH_BLOCK_ROWS, X.rows));
  const rows = Int32Array.from({ length: X.rows }, (_, i) => i);

  const objective = async (theta: Float64Array) => {
    const gradient = new Float64Array(theta.length);
    let lossSum = 0;
    const W = tf.tensor2d(Float32Array.from(theta.subarray(0, nWeights)), [X.cols, nClasses]);
    const b = fitIntercept ? tf.tensor1d(Float32Array.from(theta.subarray(nWeights))) : null;
    try {
      for (let start = 0; start < X.rows; start += FULL_BATCH_BLOCK_ROWS) {
        const sums = tf.tidy(() => {
          const { x, y } = reader.read(rows.subarray(start, Math.min(X.rows, start + FULL_BATCH_BLOCK_ROWS)));
          return blockSums(x, y, W, b);
        });
        for (const rowLoss of sums.rowLosses.dataSync()) lossSum += rowLoss;
        addInto(gradient, sums.gradW.dataSync(), 0);
        if (fitIntercept) addInto(gradient, sums.gradB.dataSync(), nWeights);
        tf.dispose([sums.rowLosses, sums.gradW, sums.gradB]);
      }
    } finally {
      tf.dispose(b ? [W, b] : [W]);
    }
    let squaredNorm = 0;
    for (let i = 0; i < nWeights; i++) {
      squaredNorm += theta[i] * theta[i];
      gradient[i] += summedPenalty * theta[i];
    }
    await tf.nextFrame();
    return { value: lossSum + (summedPenalty / 2) * squaredNorm, gradient };
  };
  // 1 / C, times penaltyStrength's factors for two classes and scaled inputs.
  const summedPenalty = penaltyStrength * X.rows;
  const { onIteration } = options;

  const result = await minimizeLbfgs(objective, new Float64Array(nWeights + (fitIntercept ? nClasses : 0)), {
    maxIter: options.maxIter,
    gtol: options.tol * problem.inputScale,
    ftol: SCIPY_FTOL,
    onIteration: onIteration && ((iteration, value) => onIteration(iteration, value / X.rows)),
  });
  // The line search only accepts finite values, so a non-finite result means the start was not.
  assertFinite(result.value);
  return {
    weights: Float32Array.from(result.x.subarray(0, nWeights)),
    intercept: fitIntercept ? Float32Array.from(result.x.subarray(nWeights)) : new Float32Array(nClasses),
    nIter: result.nIter,
    nEvaluations: result.nEvaluations,
    loss: result.value / X.rows,
    converged: result.converged,
  };
}

function addInto(target: Float64Array, values: ArrayLike<number>, offset: number): void {
  for (let i = 0; i < values.length; i++) target[offset + i] += values[i];
}

export function assertFinite(loss: number): void {
  if (!Number.isFinite(loss)) {
    throw new DataError('the training objective is not finite: X contains NaN or infinite values, or is badly scaled');
  }
}
