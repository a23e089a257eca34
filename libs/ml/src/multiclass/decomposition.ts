import { BaseEstimator, prefixedParams, setNestedParams, splitNestedNames } from '../base/base-estimator';
import { defaultFactory } from '../base/default-factory';
import { isClassifier, isEstimatorObject, type Classifier, type EstimatorDescriptor, type EstimatorFactory, type EstimatorSpec, type EstimatorState, type FitInfo, type JsonValue, type LabelsWithProba, type ParamUpdates } from '../base/estimator';
import { ArtifactError, InvalidParameterError } from '../base/errors';
import type { Labels, Matrix } from '../base/matrix';
import { isPlainObject, type Params, type ParamValue } from '../base/params';
import { checkClassLabels, checkFitData, checkPredictData } from '../base/validation';
import type { EstimatorDefinition } from '../spec/estimator-definition';
import { asClassifier, fitBinaryProblems, type BinaryProblem } from './parallel-fit';

export interface MulticlassParams extends Params {
  n_jobs: number | null;
}

/** What the constructors take: the binary classifier as an object or a spec, and `n_jobs`. */
export interface MulticlassInput {
  readonly estimator: Classifier | EstimatorSpec;
  readonly n_jobs?: number | null;
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
  return hasDecisionFunction(estimator) ? decisionColumn(estimator, X) : positiveProbability(estimator, X);
}

/** Column 1 of a binary classifier's predictProba. */
export function positiveProbability(estimator: Classifier, X: Matrix): Float32Array {
  return positiveColumn(estimator, estimator.predictProba(X));
}

/** What a multiclass prediction reads of one binary estimator: its 0/1 labels and its confidence in class 1. */
export interface BinaryVote {
  readonly predicted: Labels;
  readonly confidence: Float32Array;
}

/** A binary estimator's labels, confidence and probability of class 1, from as few passes over X as it allows. */
export interface BinaryOutputs extends BinaryVote {
  readonly positive: Float32Array;
}

export function binaryOutputs(estimator: Classifier, X: Matrix): BinaryOutputs {
  const { labels, proba } = estimator.predictWithProba(X);
  const positive = positiveColumn(estimator, proba);
  return { predicted: labels, positive, confidence: hasDecisionFunction(estimator) ? decisionColumn(estimator, X) : positive };
}

function decisionColumn(estimator: Classifier & HasDecisionFunction, X: Matrix): Float32Array {
  const scores = estimator.decisionFunction(X);
  if (scores.cols !== 1) throw new TypeError(`${estimator.type}.decisionFunction gave ${scores.cols} columns for a binary problem, expected 1`);
  return scores.data;
}

function positiveColumn(estimator: Classifier, proba: Matrix<Float32Array>): Float32Array {
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
 * ones (labels 0/1, as scikit-learn's `_fit_binary`), each fitted by a fresh clone of `estimator`,
 * possibly on worker threads; the fitted estimators are serialized as children, in problem order.
 */
export abstract class BinaryDecomposition extends BaseEstimator<MulticlassParams, FittedDecomposition> implements Classifier {
  private template: Classifier;

  /** `factory` builds an estimator given as a spec and restores those fitted on threads; the registry's by default. */
  protected constructor(
    definition: EstimatorDefinition,
    params: MulticlassInput,
    private readonly factory?: EstimatorFactory,
  ) {
    super(definition, ownParams(params));
    this.template = this.binaryClassifier(params.estimator, 'params.estimator');
  }

  /** The registry's entry for a decomposition class, which `construct` builds. */
  static describe(definition: EstimatorDefinition, construct: (params: MulticlassInput, factory: EstimatorFactory) => BinaryDecomposition): EstimatorDescriptor {
    return {
      ...definition,
      create: (params, factory) => construct(params as unknown as MulticlassInput, factory),
      restore: (state, factory) => construct(state.params as unknown as MulticlassInput, factory).load(state),
    };
  }

  /** The binary problems for these sorted classes, in the order of the fitted estimators. */
  protected abstract binaryProblems(y: Labels, classes: Int32Array): BinaryProblem[];

  /** How many binary estimators a fit on `nClasses` classes makes. */
  protected abstract estimatorCount(nClasses: number): number;

  /** The unfitted binary classifier that every sub-problem gets a clone of (the `estimator` parameter). */
  get estimator(): Classifier {
    return this.template;
  }

  get classes_(): Int32Array {
    return this.fitted().classes;
  }

  get n_features_in_(): number {
    return this.fitted().nFeatures;
  }

  /** The fitted binary classifiers (scikit-learn's `estimators_`), labels 0 and 1. */
  get estimators_(): readonly Classifier[] {
    return this.fitted().estimators;
  }

  /** `estimator` as a spec and `n_jobs`; `deep` adds the estimator's parameters as `estimator__<param>`. */
  override getParams({ deep = false }: { deep?: boolean } = {}): Params {
    const params: Params = { estimator: this.template.toSpec() as unknown as ParamValue, ...super.getParams() };
    return deep ? { ...params, ...prefixedParams('estimator', this.template.getParams({ deep: true })) } : params;
  }

  /** `n_jobs`, `estimator` (an object or a spec) or `estimator__<param>`; tried on a clone first, so an invalid update changes nothing. */
  override setParams(updates: ParamUpdates): this {
    this.clone().applyParams(updates);
    return this.applyParams(updates);
  }

  override clone(): this {
    const construct = this.constructor as new (params: MulticlassInput, factory?: EstimatorFactory) => this;
    return new construct({ estimator: this.template.clone(), n_jobs: this.params.n_jobs }, this.factory);
  }

  async fit(X: Matrix, y: Labels): Promise<this> {
    checkFitData(X, y, this.displayName);
    const classes = checkClassLabels(y, this.displayName);
    const factory = this.factory ?? defaultFactory();
    const { estimators, nJobs } = await fitBinaryProblems(this.template.toSpec(), X, this.binaryProblems(y, classes), this.params.n_jobs, factory);
    this.setFitted(
      { classes, estimators, nFeatures: X.cols },
      {
        n_estimators_fitted: estimators.length,
        n_jobs: nJobs,
        base_fit_info: summarizeFitInfos(estimators.map((estimator) => estimator.fitInfo())),
      },
    );
    return this;
  }

  abstract predict(X: Matrix): Labels;

  predictProba(X: Matrix): Matrix<Float32Array> {
    const { estimators } = this.fittedFor(X);
    return this.probaFrom(estimators.map((estimator) => positiveProbability(estimator, X)), X.rows);
  }

  /** `predict` and `predictProba` from one pass of each binary estimator that gives both at once. */
  predictWithProba(X: Matrix): LabelsWithProba {
    const { estimators } = this.fittedFor(X);
    const outputs = estimators.map((estimator) => binaryOutputs(estimator, X));
    return { labels: this.labelsFrom(outputs, X.rows), proba: this.probaFrom(outputs.map(({ positive }) => positive), X.rows) };
  }

  /** `predict`'s labels from the binary estimators' votes, in problem order. */
  protected abstract labelsFrom(votes: readonly BinaryVote[], rows: number): Labels;

  /** `predictProba` from the binary estimators' probabilities of class 1, in problem order. */
  protected abstract probaFrom(positives: readonly Float32Array[], rows: number): Matrix<Float32Array>;

  /** scikit-learn thresholds class 1's confidence for two classes: at 0 for decision functions, else 0.5. */
  protected binaryThreshold(): number {
    return hasDecisionFunction(this.fitted().estimators[0]) ? 0 : 0.5;
  }

  serialize(): EstimatorState {
    const { classes, estimators, nFeatures } = this.fitted();
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
    const { classes, nFeatures } = checkedMetaState(state, this.displayName);
    const expected = this.estimatorCount(classes.length);
    if (state.children.length !== expected) throw new ArtifactError(`${this.displayName} state: ${classes.length} classes need ${expected} fitted estimators, found ${state.children.length}`);
    const factory = this.factory ?? defaultFactory();
    const fitInfo = state.attributes['fit_info'];
    this.setFitted(
      { classes, estimators: state.children.map((child) => asClassifier(factory.restore(child))), nFeatures },
      isPlainObject(fitInfo) ? (fitInfo as FitInfo) : {},
    );
    return this;
  }

  /** The fitted state, after checking that X has the features seen in `fit`. */
  protected fittedFor(X: Matrix): FittedDecomposition {
    const fitted = this.fitted();
    checkPredictData(X, fitted.nFeatures, this.displayName);
    return fitted;
  }

  private applyParams(updates: ParamUpdates): this {
    const { own, nested } = splitNestedNames(updates);
    const { estimator, ...rest } = own;
    if (estimator !== undefined) this.template = this.binaryClassifier(estimator as Classifier | EstimatorSpec, 'estimator');
    for (const [name, estimatorUpdates] of nested) {
      if (name !== 'estimator') throw new InvalidParameterError(`${name}__${Object.keys(estimatorUpdates)[0]}`, `${this.displayName} has no nested estimator ${JSON.stringify(name)}; its estimator is "estimator"`);
      setNestedParams(name, () => this.template.setParams(estimatorUpdates));
    }
    return super.setParams(rest);
  }

  private binaryClassifier(value: Classifier | EstimatorSpec | null | undefined, path: string): Classifier {
    if (value === null || value === undefined) {
      throw new InvalidParameterError(path, `${this.displayName} needs a binary classifier: an estimator or a spec like {"type": "logistic_regression"}`);
    }
    const estimator = isEstimatorObject(value) ? value : (this.factory ?? defaultFactory()).create(value, path);
    if (!isClassifier(estimator)) throw new InvalidParameterError(`${path}.type`, `${this.displayName} needs a classifier; ${estimator.type} is not one`);
    return estimator;
  }
}

/**
 * The `classes` array and `n_features_in_` of a meta-estimator's serialized state (the multiclass
 * decompositions', the ensembles'), checked: at least 2 sorted distinct labels, a positive count.
 */
export function checkedMetaState(state: EstimatorState, displayName: string): { classes: Int32Array; nFeatures: number } {
  const invalid = (detail: string) => new ArtifactError(`${displayName} state: ${detail}`);
  const { classes } = state.arrays;
  const nFeatures = state.attributes['n_features_in_'];
  if (!(classes instanceof Int32Array) || classes.length < 2) throw invalid('classes must be an Int32Array of at least 2 labels');
  if (classes.some((label, k) => k > 0 && label <= classes[k - 1])) throw invalid('classes must be sorted and distinct');
  if (typeof nFeatures !== 'number' || !Number.isInteger(nFeatures) || nFeatures < 1) throw invalid('n_features_in_ must be a positive integer');
  return { classes, nFeatures };
}

function ownParams({ estimator, ...own }: MulticlassInput): Params {
  return own as Params;
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
