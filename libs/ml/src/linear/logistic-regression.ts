import { BaseEstimator } from '../base/base-estimator';
import type { AffineFeatureMap, AffineMapReadingClassifier, EstimatorDescriptor, EstimatorState, FitInfo, LabelsWithProba } from '../base/estimator';
import { ArtifactError } from '../base/errors';
import { labelsOfMaxima, type Labels, type Matrix } from '../base/matrix';
import { checkClassLabels, checkFitData, checkPredictData } from '../base/validation';
import { isPlainObject, type Params } from '../base/params';
import { logisticRegressionDefinition } from '../spec/logistic-regression';
import { initTensorBackend } from '../tensor/backend';
import { RandomState } from '../utils/random';
import { solveBinaryLbfgs, type BinaryLogisticProblems } from './binary-logistic';
import { foldAffineMap, foldedScores, type FoldedLinearModel } from './folded-linear-model';
import type { SoftmaxProblem } from './softmax-objective';
import { solveAdam, solveLbfgs, type SolverResult } from './softmax-solvers';
import type { FitOptions, FitProgressCallback } from '../base/progress';

export interface LogisticRegressionParams extends Params {
  penalty: 'l2' | null;
  C: number;
  fit_intercept: boolean;
  solver: 'adam' | 'lbfgs';
  max_iter: number;
  tol: number | null;
  n_iter_no_change: number;
  batch_size: number;
  learning_rate: 'constant' | 'adaptive';
  learning_rate_init: number;
  random_state: number | null;
}

const DISPLAY_NAME = logisticRegressionDefinition.displayName;

/** What `tol: null` meant before the default became scikit-learn's 1e-4: stored specs keep their meaning. */
const NULL_TOL = { lbfgs: 1e-4, adam: 1e-3 } as const;

/**
 * What `fit` learns: `coef` is n_classes x n_features row-major (scikit-learn's `coef_`, one row per
 * class even for two classes), in the units of the input given to `fit`.
 */
interface FittedLogisticRegression {
  readonly coef: Float32Array;
  readonly intercept: Float32Array;
  readonly classes: Int32Array;
  readonly nFeatures: number;
}

/**
 * Multinomial logistic regression with scikit-learn's objective
 *
 *     C * sum_i log_loss(x_i, y_i) + ||W||^2 / 2    (intercept not penalised)
 *
 * on TensorFlow.js: by default (`solver: 'lbfgs'`) with scikit-learn's solver and stopping rules,
 * deterministically; with `solver: 'adam'` by mini-batch Adam on its per-sample mean, mean_i
 * log_loss + ||W||^2 / (2 C n), shuffled by `random_state`. Two classes are stored as a softmax
 * over both whose weight vectors are opposite, which is exactly scikit-learn's binary model with the
 * same C: its `coef_` is our `coef[1] - coef[0]`, and `decisionFunction` returns its single column
 * of scores. lbfgs solves that binary problem itself (binary-logistic.ts, over sparse rows of X);
 * adam fits the softmax over both with the penalty doubled, whose optimum is the same.
 *
 * Uint8 input (raw pixels) is read as x / 255 during training, with the penalty rescaled so that the
 * optimum is the same as for the raw values; coefficients are reported for the raw values. Without
 * this one Adam step on 0..255 inputs moves the logits by tens, and L-BFGS stalls on the badly
 * conditioned problem.
 */
export class LogisticRegression extends BaseEstimator<LogisticRegressionParams, FittedLogisticRegression> implements AffineMapReadingClassifier {
  /** This fit's weights with each feature map folded in (a transformer gives one map per fit). */
  private folded = new WeakMap<AffineFeatureMap, FoldedLinearModel>();

  constructor(params: Partial<LogisticRegressionParams> = {}) {
    super(logisticRegressionDefinition, params as Params);
  }

  static restore(state: EstimatorState): LogisticRegression {
    const model = new LogisticRegression(state.params as Partial<LogisticRegressionParams>);
    const { coef, intercept, classes } = state.arrays;
    const nFeatures = state.attributes['n_features_in_'];
    const invalid = (detail: string) => new ArtifactError(`${DISPLAY_NAME} state: ${detail}`);
    if (!(classes instanceof Int32Array) || classes.length < 2) throw invalid('classes must be an Int32Array of at least 2 labels');
    if (!(intercept instanceof Float32Array) || intercept.length !== classes.length) throw invalid(`intercept must be a Float32Array of ${classes.length} values`);
    if (typeof nFeatures !== 'number' || !Number.isInteger(nFeatures) || nFeatures < 1) throw invalid('n_features_in_ must be a positive integer');
    if (!(coef instanceof Float32Array) || coef.length !== classes.length * nFeatures) {
      throw invalid(`coef must be a Float32Array of ${classes.length} x ${nFeatures} values`);
    }
    const fitInfo = state.attributes['fit_info'];
    model.setFitted({ coef, intercept, classes, nFeatures }, isPlainObject(fitInfo) ? (fitInfo as FitInfo) : {});
    return model;
  }

  get classes_(): Int32Array {
    return this.fitted().classes;
  }

  get n_features_in_(): number {
    return this.fitted().nFeatures;
  }

  /** scikit-learn's `coef_` (n_classes x n_features; see the class comment for two classes). */
  get coef_(): Matrix<Float32Array> {
    const { coef, classes, nFeatures } = this.fitted();
    return { data: coef, rows: classes.length, cols: nFeatures };
  }

  get intercept_(): Float32Array {
    return this.fitted().intercept;
  }

  /** Iterations the solver ran (epochs for 'adam'), as scikit-learn's `n_iter_`. */
  get n_iter_(): number {
    this.fitted();
    return this.lastFitInfo['n_iter_'] as number;
  }

  /** `options.onProgress` hears each solver iteration (epoch for 'adam') of max_iter, with the penalised loss. */
  async fit(X: Matrix, y: Labels, options: FitOptions = {}): Promise<this> {
    checkFitData(X, y, DISPLAY_NAME);
    const classes = checkClassLabels(y, DISPLAY_NAME);
    const tensorBackend = await initTensorBackend();
    const inputScale = inputScaleOf(X);
    const problem: SoftmaxProblem = {
      X,
      targets: classIndices(y, classes),
      nClasses: classes.length,
      inputScale,
      // W_raw = inputScale * W, so ||W_raw||^2 = inputScale^2 ||W||^2.
      penaltyStrength: this.penaltyStrength(X.rows, classes.length) * inputScale ** 2,
      fitIntercept: this.params.fit_intercept,
    };
    const result = await this.solve(problem, y, classes, options.onProgress);
    return this.adopt(result, X, classes, tensorBackend);
  }

  /**
   * A fitted clone of this model for each labelling of the same X, as `fit` on each would give,
   * with the lbfgs problems solved together so that every pass over X serves all of them (see
   * `solveBinaryLbfgs`): one-vs-rest's problems. Null, fitting nothing, unless the solver is lbfgs
   * and every labelling has exactly two classes; data `fit` rejects is rejected the same way.
   */
  async fitEachLabelling(X: Matrix, ys: readonly Labels[]): Promise<LogisticRegression[] | null> {
    if (this.params.solver !== 'lbfgs') return null;
    const labellings = ys.map((y) => {
      checkFitData(X, y, DISPLAY_NAME);
      return { y, classes: checkClassLabels(y, DISPLAY_NAME) };
    });
    if (labellings.some(({ classes }) => classes.length !== 2)) return null;
    const tensorBackend = await initTensorBackend();
    const results = await solveBinaryLbfgs(this.binaryProblems(X, labellings), this.lbfgsOptions());
    return results.map((result, k) => new LogisticRegression(this.getParams()).adopt(result, X, labellings[k].classes, tensorBackend));
  }

  private adopt(result: SolverResult, X: Matrix, classes: Int32Array, tensorBackend: string): this {
    this.folded = new WeakMap();
    this.setFitted(
      {
        coef: classMajor(result.weights, X.cols, classes.length, inputScaleOf(X)),
        intercept: result.intercept,
        classes,
        nFeatures: X.cols,
      },
      {
        solver: this.params.solver,
        n_iter_: result.nIter,
        ...(result.nEvaluations === undefined ? {} : { n_evaluations: result.nEvaluations }),
        loss_: result.loss,
        converged: result.converged,
        tensor_backend: tensorBackend,
      },
    );
    return this;
  }

  /** Two-class labellings of X as scikit-learn's binary problems: the penalty s² / C on the summed loss. */
  private binaryProblems(X: Matrix, labellings: readonly { y: Labels; classes: Int32Array }[]): BinaryLogisticProblems {
    const inputScale = inputScaleOf(X);
    return {
      X,
      positives: labellings.map(({ y, classes }) => Uint8Array.from(y, (label) => (label === classes[1] ? 1 : 0))),
      inputScale,
      penalty: this.params.penalty === null ? 0 : inputScale ** 2 / this.params.C,
      fitIntercept: this.params.fit_intercept,
    };
  }

  private lbfgsOptions(onProgress?: FitProgressCallback): { maxIter: number; tol: number; onIteration?: (iteration: number, loss: number) => void } {
    const { max_iter } = this.params;
    return {
      maxIter: max_iter,
      tol: this.params.tol ?? NULL_TOL.lbfgs,
      onIteration: onProgress && ((done, loss) => onProgress({ unit: 'iterations', done, total: max_iter, loss })),
    };
  }

  /**
   * Raw linear scores x·coef_k + intercept_k, n_samples x n_classes; for two classes a single column,
   * the log-odds of `classes[1]`, as scikit-learn's `decision_function`.
   */
  decisionFunction(X: Matrix): Matrix<Float32Array> {
    const scores = this.scores(X);
    if (scores.cols !== 2) return scores;
    const logOdds = new Float32Array(X.rows);
    for (let i = 0; i < X.rows; i++) logOdds[i] = scores.data[2 * i + 1] - scores.data[2 * i];
    return { data: logOdds, rows: X.rows, cols: 1 };
  }

  // Labels and probabilities both come from the scores, which cost n_features times more than
  // either: predict and predictProba each take what predictWithProba gives.
  predict(X: Matrix): Labels {
    return this.predictWithProba(X).labels;
  }

  predictProba(X: Matrix): Matrix<Float32Array> {
    return this.predictWithProba(X).proba;
  }

  predictWithProba(X: Matrix): LabelsWithProba {
    return labelledProbabilities(this.scores(X), this.classes_);
  }

  /** `predictWithProba(map applied to X)`, from X itself: see {@link foldAffineMap}. */
  predictWithProbaThroughAffineMap(X: Matrix<Uint8Array>, map: AffineFeatureMap): LabelsWithProba {
    return labelledProbabilities(this.scoresThrough(map, X), this.classes_);
  }

  serialize(): EstimatorState {
    const { coef, intercept, classes, nFeatures } = this.fitted();
    return {
      type: this.type,
      params: this.getParams(),
      attributes: { n_features_in_: nFeatures, fit_info: { ...this.lastFitInfo } },
      arrays: { coef, intercept, classes },
      children: [],
    };
  }

  /** `scores(map applied to X)`, from X's bytes and the weights with the map folded in. */
  private scoresThrough(map: AffineFeatureMap, X: Matrix<Uint8Array>): Matrix<Float32Array> {
    checkPredictData(X, this.fitted().nFeatures, DISPLAY_NAME);
    return foldedScores(this.foldedThrough(map), X);
  }

  private foldedThrough(map: AffineFeatureMap): FoldedLinearModel {
    let folded = this.folded.get(map);
    if (!folded) {
      folded = foldAffineMap(this.coef_, this.intercept_, map);
      this.folded.set(map, folded);
    }
    return folded;
  }

  /** 1 / (C n), the weight of ||W||^2 / 2 next to the mean log-loss; doubled for two classes (class comment). */
  private penaltyStrength(nSamples: number, nClasses: number): number {
    if (this.params.penalty === null) return 0;
    return (nClasses === 2 ? 2 : 1) / (this.params.C * nSamples);
  }

  private async solve(problem: SoftmaxProblem, y: Labels, classes: Int32Array, onProgress?: FitProgressCallback): Promise<SolverResult> {
    const { solver, max_iter } = this.params;
    if (solver === 'lbfgs' && classes.length === 2) {
      const { onIteration, ...options } = this.lbfgsOptions(onProgress);
      const [result] = await solveBinaryLbfgs(this.binaryProblems(problem.X, [{ y, classes }]), {
        ...options,
        onIteration: onIteration && ((_, iteration, loss) => onIteration(iteration, loss)),
      });
      return result;
    }
    if (solver === 'lbfgs') return solveLbfgs(problem, this.lbfgsOptions(onProgress));
    const report = onProgress && ((done: number, loss: number) => onProgress({ unit: 'epochs', done, total: max_iter, loss }));
    return solveAdam(problem, {
      onEpoch: report,
      maxIter: max_iter,
      tol: this.params.tol ?? NULL_TOL.adam,
      nIterNoChange: this.params.n_iter_no_change,
      batchSize: this.params.batch_size,
      learningRate: this.params.learning_rate,
      learningRateInit: this.params.learning_rate_init,
      random: new RandomState(this.params.random_state),
    });
  }

  /**
   * x·coef_k + intercept_k for every row and class, in plain loops with double accumulators: a
   * 14000 x 784 x 10 product is small, and this way predictions need no tensor backend (a model
   * loaded from an artifact predicts the same on any machine). Four rows share each weight load;
   * every row's sum still runs over the features in order, so results do not depend on the row's
   * position.
   */
  private scores(X: Matrix): Matrix<Float32Array> {
    const { coef, intercept, classes, nFeatures: F } = this.fitted();
    checkPredictData(X, F, DISPLAY_NAME);
    const C = classes.length;
    const { data, rows } = X;
    const out = new Float32Array(rows * C);
    let i = 0;
    for (; i + 4 <= rows; i += 4) {
      const x0 = i * F;
      for (let k = 0; k < C; k++) {
        const w = k * F;
        let [s0, s1, s2, s3] = [intercept[k], intercept[k], intercept[k], intercept[k]];
        for (let j = 0; j < F; j++) {
          const weight = coef[w + j];
          const x = x0 + j;
          s0 += data[x] * weight;
          s1 += data[x + F] * weight;
          s2 += data[x + 2 * F] * weight;
          s3 += data[x + 3 * F] * weight;
        }
        const o = i * C + k;
        [out[o], out[o + C], out[o + 2 * C], out[o + 3 * C]] = [s0, s1, s2, s3];
      }
    }
    for (; i < rows; i++) {
      for (let k = 0; k < C; k++) {
        let sum = intercept[k];
        for (let j = 0; j < F; j++) sum += data[i * F + j] * coef[k * F + j];
        out[i * C + k] = sum;
      }
    }
    return { data: out, rows, cols: C };
  }
}

/**
 * Scores to probabilities in place, row by row: exp(s_k - max_k s) / sum, so that the largest
 * exponent is 0 and nothing overflows.
 */
function softmaxRows(scores: Matrix<Float32Array>): Matrix<Float32Array> {
  const { data, rows, cols } = scores;
  for (let i = 0; i < rows; i++) {
    const start = i * cols;
    const end = start + cols;
    let max = -Infinity;
    for (let c = start; c < end; c++) max = Math.max(max, data[c]);
    let sum = 0;
    for (let c = start; c < end; c++) sum += data[c] = Math.exp(data[c] - max);
    for (let c = start; c < end; c++) data[c] /= sum;
  }
  return scores;
}

/** `predict`'s labels (the highest score, the first on ties) and the scores' softmax, which overwrites them. */
function labelledProbabilities(scores: Matrix<Float32Array>, classes: Int32Array): LabelsWithProba {
  const labels = labelsOfMaxima(scores.data, classes, 'first');
  return { labels, proba: softmaxRows(scores) };
}

/** Raw pixels are read as x / 255 (see the class comment). */
function inputScaleOf(X: Matrix): number {
  return X.data instanceof Uint8Array ? 1 / 255 : 1;
}

/** The index of each label in the sorted `classes`. */
function classIndices(y: Labels, classes: Int32Array): Int32Array {
  const index = new Map(Array.from(classes, (label, k) => [label, k]));
  return Int32Array.from(y, (label) => index.get(label) as number);
}

/** Solver weights (n_features x n_classes) to scikit-learn's coef_ layout, in raw input units. */
function classMajor(weights: Float32Array, nFeatures: number, nClasses: number, inputScale: number): Float32Array {
  const coef = new Float32Array(nFeatures * nClasses);
  for (let j = 0; j < nFeatures; j++) {
    for (let k = 0; k < nClasses; k++) coef[k * nFeatures + j] = weights[j * nClasses + k] * inputScale;
  }
  return coef;
}

export const logisticRegressionDescriptor: EstimatorDescriptor = {
  ...logisticRegressionDefinition,
  create: (params) => new LogisticRegression(params as Partial<LogisticRegressionParams>),
  restore: (state) => LogisticRegression.restore(state),
};
