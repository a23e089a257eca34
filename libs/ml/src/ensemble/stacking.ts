import type { Classifier, EstimatorFactory, EstimatorSpec, EstimatorState, LabelsWithProba } from '../base/estimator';
import { defaultFactory } from '../base/default-factory';
import { ArtifactError, DataError, InvalidParameterError } from '../base/errors';
import { takeLabels, takeRows, type Labels, type Matrix } from '../base/matrix';
import type { Params } from '../base/params';
import type { FitOptions } from '../base/progress';
import { stratifiedKFold } from '../model-selection/split';
import { hasDecisionFunction } from '../multiclass/decomposition';
import { asClassifier } from '../multiclass/parallel-fit';
import { stackingDefinition } from '../spec/ensembles';
import { ensembleDescriptor, HeterogeneousEnsemble, type EnsembleInput, type FittedEnsemble, type NamedClassifiers } from './voting-stacking-base';

export type StackMethod = 'predict_proba' | 'decision_function' | 'predict';

export interface StackingParams extends Params {
  cv: number;
  stack_method: 'auto' | StackMethod;
  passthrough: boolean;
}

export interface StackingInput extends EnsembleInput {
  readonly estimators: NamedClassifiers;
  /** Null or absent: LogisticRegression() with its defaults. */
  readonly final_estimator?: Classifier | EstimatorSpec | null;
  readonly cv?: number;
  readonly stack_method?: 'auto' | StackMethod;
  readonly passthrough?: boolean;
}

interface FittedStacking extends FittedEnsemble {
  readonly final: Classifier;
  /** The method each base estimator gives the final one, in `estimators` order (scikit-learn's `stack_method_`). */
  readonly stackMethods: readonly StackMethod[];
}

const DEFAULT_FINAL_ESTIMATOR: EstimatorSpec = { type: 'logistic_regression' };
const STACK_METHODS: readonly StackMethod[] = ['predict_proba', 'decision_function', 'predict'];

/**
 * scikit-learn's StackingClassifier. `fit` encodes the labels as positions in `classes_`, fits
 * every base estimator on all the data (`estimators_`), then trains `final_estimator_` on their
 * out-of-fold predictions: `cross_val_predict` over unshuffled StratifiedKFold(cv) folds, each fold
 * predicted by a clone fitted on the other folds. Each base estimator contributes its
 * `stack_method_` output: predict_proba's columns (for two classes only the second), the decision
 * function's, or its predicted (encoded) label; with `passthrough` the original features follow.
 * `predict` and `predictProba` are the final estimator's on `transform(X)`, the same features
 * from `estimators_`.
 *
 * The folds are fitted one after the other in the calling thread.
 */
export class StackingClassifier extends HeterogeneousEnsemble<StackingParams, FittedStacking> {
  constructor(input: StackingInput, factory?: EstimatorFactory) {
    super(stackingDefinition, input, factory);
  }

  /** The final classifier as given (null: the default LogisticRegression). */
  get final_estimator(): Classifier | null {
    return this.heldEstimator('final_estimator');
  }

  /** The final classifier fitted on the stacked out-of-fold predictions. */
  get final_estimator_(): Classifier {
    return this.fitted().final;
  }

  get stack_method_(): readonly StackMethod[] {
    return this.fitted().stackMethods;
  }

  async fit(X: Matrix, y: Labels, options: FitOptions = {}): Promise<this> {
    const stackMethods = this.estimators.map(([name, estimator]) => this.resolveStackMethod(name, estimator));
    const { base, encoded } = await this.fitBase(X, y);
    const folds = stratifiedKFold(encoded, { n_splits: this.params.cv });
    const k = base.classes.length;
    const outOfFold = stackMethods.map((method) => {
      const width = stackWidth(method, k);
      return { data: new Float32Array(X.rows * width), rows: X.rows, cols: width };
    });
    let done = 0;
    for (const { train, test } of folds) {
      const foldX = takeRows(X, train);
      const foldY = takeLabels(encoded, train);
      const testX = takeRows(X, test);
      for (const [e, [, template]] of this.estimators.entries()) {
        const estimator = await template.clone().fit(foldX, foldY);
        const columns = stackColumns(estimator, stackMethods[e], testX, k);
        test.forEach((row, i) => outOfFold[e].data.set(columns.data.subarray(i * columns.cols, (i + 1) * columns.cols), row * columns.cols));
        options.onProgress?.({ unit: 'fold fits', done: ++done, total: folds.length * this.estimators.length });
      }
    }
    const final = await this.finalTemplate().clone().fit(this.concatenate(outOfFold, X), encoded);
    this.setFittedEnsemble({ ...base, final, stackMethods }, { stack_method: [...stackMethods], cv: folds.length, final_estimator: final.fitInfo() as Params });
    return this;
  }

  /** The features the final estimator sees: each base estimator's stacked output, then X with `passthrough`. */
  transform(X: Matrix): Matrix<Float32Array> {
    const { estimators, stackMethods, classes } = this.fittedFor(X);
    return this.concatenate(estimators.map((estimator, e) => stackColumns(estimator, stackMethods[e], X, classes.length)), X);
  }

  /** The final estimator's labels (decoded to `classes_`) and probabilities. */
  predictWithProba(X: Matrix): LabelsWithProba {
    const { final, classes } = this.fitted();
    const { labels, proba } = final.predictWithProba(this.transform(X));
    return { labels: Int32Array.from(labels, (encoded) => classes[encoded]), proba };
  }

  protected extraChildren(fitted: FittedStacking): Classifier[] {
    return [fitted.final];
  }

  protected extraChildCount(): number {
    return 1;
  }

  protected override extraAttributes(fitted: FittedStacking): Params {
    return { stack_method_: [...fitted.stackMethods] };
  }

  protected restoreFitted(base: FittedEnsemble, state: EstimatorState, extra: readonly Classifier[]): FittedStacking {
    const stackMethods = state.attributes['stack_method_'];
    if (!Array.isArray(stackMethods) || stackMethods.length !== base.estimators.length || !stackMethods.every((method) => STACK_METHODS.includes(method as StackMethod))) {
      throw new ArtifactError(`StackingClassifier state: stack_method_ must list one of ${STACK_METHODS.join(', ')} per estimator`);
    }
    return { ...base, final: extra[0], stackMethods: stackMethods as StackMethod[] };
  }

  /** scikit-learn's `_method_name`: 'auto' is the first of predict_proba, decision_function and predict the estimator has. */
  private resolveStackMethod(name: string, estimator: Classifier): StackMethod {
    const method = this.params.stack_method;
    if (method === 'auto' || method === 'predict_proba' || method === 'predict') return method === 'auto' ? 'predict_proba' : method;
    if (!hasDecisionFunction(estimator)) throw new InvalidParameterError('stack_method', `estimator ${name} (${estimator.type}) has no decision_function`);
    return method;
  }

  private finalTemplate(): Classifier {
    return this.final_estimator ?? asClassifier((this.factory ?? defaultFactory()).create(DEFAULT_FINAL_ESTIMATOR, 'final_estimator'));
  }

  /** The stacked columns side by side (scikit-learn's `_concatenate_predictions`), X's features after them with `passthrough`. */
  private concatenate(blocks: readonly Matrix<Float32Array>[], X: Matrix): Matrix<Float32Array> {
    const parts: readonly Matrix[] = this.params.passthrough ? [...blocks, X] : blocks;
    const cols = parts.reduce((sum, part) => sum + part.cols, 0);
    const data = new Float32Array(X.rows * cols);
    let offset = 0;
    for (const part of parts) {
      for (let i = 0; i < X.rows; i++) {
        for (let j = 0; j < part.cols; j++) data[i * cols + offset + j] = part.data[i * part.cols + j];
      }
      offset += part.cols;
    }
    return { data, rows: X.rows, cols };
  }
}

/** Columns one base estimator contributes for k classes: one for a label or a binary problem. */
function stackWidth(method: StackMethod, k: number): number {
  return method === 'predict' || k === 2 ? 1 : k;
}

/**
 * One base estimator's stacked output on X, for the k encoded classes 0..k-1. A fold's estimator
 * may have seen fewer classes: its columns go to their classes' places and the missing ones are 0
 * for probabilities (as scikit-learn's `_enforce_prediction_order`) and the lowest float32 for
 * decision functions.
 */
function stackColumns(estimator: Classifier, method: StackMethod, X: Matrix, k: number): Matrix<Float32Array> {
  if (method === 'predict') return { data: Float32Array.from(estimator.predict(X)), rows: X.rows, cols: 1 };
  const output = method === 'predict_proba' ? estimator.predictProba(X) : (estimator as Classifier & { decisionFunction(X: Matrix): Matrix<Float32Array> }).decisionFunction(X);
  const seen = estimator.classes_;
  const width = stackWidth(method, k);
  if (seen.length === k) {
    if (method === 'decision_function' || k !== 2) return output;
    return { data: Float32Array.from({ length: X.rows }, (_, i) => output.data[2 * i + 1]), rows: X.rows, cols: 1 };
  }
  if (k === 2 || output.cols !== seen.length) {
    throw new DataError(`a cross-validation fold of StackingClassifier saw only the classes ${Array.from(seen).join(', ')} of ${k}; lower cv`);
  }
  const data = new Float32Array(X.rows * width).fill(method === 'predict_proba' ? 0 : -3.4028234663852886e38);
  for (let i = 0; i < X.rows; i++) seen.forEach((encoded, c) => (data[i * width + encoded] = output.data[i * output.cols + c]));
  return { data, rows: X.rows, cols: width };
}

export const stackingDescriptor = ensembleDescriptor(stackingDefinition, (input, factory) => new StackingClassifier(input as StackingInput, factory));
