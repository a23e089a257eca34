import { BaseEstimator } from '../base/base-estimator';
import { isClassifier, type Classifier, type EstimatorFactory, type EstimatorSpec, type EstimatorState, type FitInfo, type JsonValue } from '../base/estimator';
import { ArtifactError, DataError, InvalidParameterError } from '../base/errors';
import { assertSameLength, uniqueLabels, type Labels, type Matrix } from '../base/matrix';
import { isPlainObject, resolveParams, type Params, type ParamValue } from '../base/params';
import { MULTICLASS_SCHEMA } from '../spec/multiclass';
import { asClassifier, fitBinaryProblems, type BinaryProblem } from './parallel-fit';

export interface MulticlassParams extends Params {
  /** The binary classifier's spec, defaults filled in: `{"type": "logistic_regression", "params": {...}}`. */
  estimator: ParamValue;
  n_jobs: number | null;
}

/** A binary classifier's decision_function: one column of scores, positive for class 1. */
export interface HasDecisionFunction {
  decisionFunction(X: Matrix): Matrix<Float32Array>;
}

export function hasDecisionFunction<E extends object>(estimator: E): estimator is E & HasDecisionFunction {
  return typeof (estimator as Partial<HasDecisionFunction>).decisionFunction === 'function';
}

/**
 * scikit-learn's `_predict_binary`: a fitted binary classifier's confidence in class 1, its
 * decision function when it has one, else its probability of class 1.
 */
export function binaryConfidence(estimator: Classifier, X: Matrix): Float32Array {
  if (hasDecisionFunction(estimator)) {
    const scores = estimator.decisionFunction(X);
    if (scores.cols !== 1) throw new TypeError(`${estimator.type}.decisionFunction gave ${scores.cols} columns for a binary problem, expected 1`);
    return scores.data;
  }
  return positiveProbability(estimator, X);
}

/** Column 1 of a binary classifier's predictProba. */
export function positiveProbability(estimator: Classifier, X: Matrix): Float32Array {
  const proba = estimator.predictProba(X);
  if (proba.cols !== 2) throw new TypeError(`${estimator.type}.predictProba gave ${proba.cols} columns for a binary problem, expected 2`);
  const positive = new Float32Array(proba.rows);
  for (let i = 0; i < proba.rows; i++) positive[i] = proba.data[2 * i + 1];
  return positive;
}

interface FittedDecomposition {
  readonly classes: Int32Array;
  readonly estimators: readonly Classifier[];
  readonly nFeatures: number;
}

/**
 * What OneVsOneClassifier and OneVsRestClassifier share: a multiclass problem split into binary
 * ones (labels 0/1, as scikit-learn's `_fit_binary`), each fitted by a fresh estimator from the
 * `estimator` spec, possibly on worker threads; the fitted estimators are serialized as children,
 * in problem order.
 */
export abstract class BinaryDecomposition extends BaseEstimator<MulticlassParams> implements Classifier {
  private fitted?: FittedDecomposition;

  protected constructor(
    params: MulticlassParams,
    /** The base estimator's spec, defaults filled in. */
    protected readonly baseSpec: EstimatorSpec,
    private readonly factory: EstimatorFactory,
  ) {
    super(params);
  }

  /**
   * Checks params (complete ones from the registry pass unchanged) and the base estimator: it must
   * be a classifier. Paths are relative to this estimator's spec.
   */
  protected static resolve(params: Params, factory: EstimatorFactory, displayName: string): { params: MulticlassParams; baseSpec: EstimatorSpec } {
    const resolved = resolveParams(MULTICLASS_SCHEMA, params, 'params', displayName) as MulticlassParams;
    const template = factory.create(resolved.estimator as unknown as EstimatorSpec, 'params.estimator');
    if (!isClassifier(template)) {
      throw new InvalidParameterError('params.estimator.type', `${displayName} needs a classifier; ${template.type} is not one`);
    }
    const baseSpec = template.toSpec();
    return { params: { ...resolved, estimator: baseSpec as unknown as ParamValue }, baseSpec };
  }

  /** The binary problems for these sorted classes, in the order of the fitted estimators. */
  protected abstract binaryProblems(y: Labels, classes: Int32Array): BinaryProblem[];

  /** How many binary estimators a fit on `nClasses` classes makes. */
  protected abstract estimatorCount(nClasses: number): number;

  get isFitted(): boolean {
    return this.fitted !== undefined;
  }

  get classes(): Int32Array {
    return this.fittedState().classes;
  }

  /** The fitted binary classifiers (scikit-learn's `estimators_`), labels 0 and 1. */
  get estimators(): readonly Classifier[] {
    return this.fittedState().estimators;
  }

  async fit(X: Matrix, y: Labels): Promise<this> {
    assertSameLength(X, y);
    if (X.rows === 0 || X.cols === 0) throw new DataError(`${this.displayName} needs at least one sample and one feature; got ${X.rows}x${X.cols}`);
    const classes = uniqueLabels(y);
    if (classes.length < 2) throw new DataError(`${this.displayName} can not be fit when only one class is present.`);
    const { estimators, nJobs } = await fitBinaryProblems(this.baseSpec, X, this.binaryProblems(y, classes), this.params.n_jobs, this.factory);
    this.fitted = { classes, estimators, nFeatures: X.cols };
    this.lastFitInfo = {
      n_estimators_fitted: estimators.length,
      n_jobs: nJobs,
      base_fit_info: summarizeFitInfos(estimators.map((estimator) => estimator.fitInfo())),
    };
    return this;
  }

  abstract predict(X: Matrix): Labels;
  abstract predictProba(X: Matrix): Matrix<Float32Array>;

  serialize(): EstimatorState {
    const { classes, estimators, nFeatures } = this.fittedState();
    return {
      type: this.type,
      params: this.getParams(),
      attributes: { n_features_in_: nFeatures, fit_info: { ...this.lastFitInfo } },
      arrays: { classes },
      children: estimators.map((estimator) => estimator.serialize()),
    };
  }

  /** Attaches a serialized fit; `factory` restores the children. */
  protected load(state: EstimatorState): this {
    const invalid = (detail: string) => new ArtifactError(`${this.displayName} state: ${detail}`);
    const { classes } = state.arrays;
    const nFeatures = state.attributes['n_features_in_'];
    if (!(classes instanceof Int32Array) || classes.length < 2) throw invalid('classes must be an Int32Array of at least 2 labels');
    if (classes.some((label, k) => k > 0 && label <= classes[k - 1])) throw invalid('classes must be sorted and distinct');
    if (typeof nFeatures !== 'number' || !Number.isInteger(nFeatures) || nFeatures < 1) throw invalid('n_features_in_ must be a positive integer');
    const expected = this.estimatorCount(classes.length);
    if (state.children.length !== expected) throw invalid(`${classes.length} classes need ${expected} fitted estimators, found ${state.children.length}`);
    this.fitted = { classes, estimators: state.children.map((child) => asClassifier(this.factory.restore(child))), nFeatures };
    const fitInfo = state.attributes['fit_info'];
    if (isPlainObject(fitInfo)) this.lastFitInfo = fitInfo as FitInfo;
    return this;
  }

  /** The fitted state, after checking that X has the features seen in `fit`. */
  protected fittedFor(X: Matrix): FittedDecomposition {
    const fitted = this.fittedState();
    if (X.cols !== fitted.nFeatures) {
      throw new DataError(`X has ${X.cols} features, but ${this.displayName} is expecting ${fitted.nFeatures} features as input`);
    }
    return fitted;
  }

  private fittedState(): FittedDecomposition {
    this.assertFitted();
    return this.fitted as FittedDecomposition;
  }
}

/** Binary labels: 1 where `y` is `positive`. */
export function indicator(y: Labels, positive: number): Labels {
  return Int32Array.from(y, (label) => (label === positive ? 1 : 0));
}

/**
 * One summary of many base estimators' fit infos, small enough for a run record: numbers as
 * {min, mean, max}, booleans as counts of each value, strings as the value (or the sorted distinct
 * values when they differ). Nested objects are left out.
 */
export function summarizeFitInfos(infos: readonly FitInfo[]): FitInfo {
  const keys = [...new Set(infos.flatMap((info) => Object.keys(info)))];
  const summary: Record<string, JsonValue> = {};
  for (const key of keys) {
    const values = infos.map((info) => info[key]).filter((value) => value !== undefined);
    if (values.every((value) => typeof value === 'number')) {
      const numbers = values as number[];
      summary[key] = {
        min: Math.min(...numbers),
        mean: numbers.reduce((a, b) => a + b, 0) / numbers.length,
        max: Math.max(...numbers),
      };
    } else if (values.every((value) => typeof value === 'boolean')) {
      summary[key] = { true: values.filter(Boolean).length, false: values.filter((value) => !value).length };
    } else if (values.every((value) => typeof value === 'string')) {
      const distinct = [...new Set(values as string[])].sort();
      summary[key] = distinct.length === 1 ? distinct[0] : distinct;
    }
  }
  return summary;
}
