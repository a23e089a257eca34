import type { Labels, Matrix } from './matrix';
import type { EstimatorDefinition } from '../spec/estimator-definition';
import type { Params, ParamValue } from './params';
import type { FitOptions } from './progress';

/** A serialisable description of an unfitted estimator: `{"type": "random_forest", "params": {...}}`. */
export interface EstimatorSpec {
  readonly type: string;
  readonly params?: Params;
}

export type TypedArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

/** JSON-only values; fitted attributes that are not large arrays. */
export type JsonValue = ParamValue;

/**
 * The fitted state of an estimator, ready for an artifact: small attributes as JSON, large ones as
 * typed arrays (written as binary payloads), and the states of nested estimators.
 */
export interface EstimatorState {
  readonly type: string;
  readonly params: Params;
  readonly attributes: { readonly [key: string]: JsonValue };
  readonly arrays: { readonly [key: string]: TypedArray };
  readonly children: readonly EstimatorState[];
}

/** Everything fitting reports besides the fitted model: counts, iterations, backend. */
export interface FitInfo {
  readonly [key: string]: JsonValue;
}

/**
 * A value `setParams` takes: a parameter's JSON value, or for a parameter that holds estimators
 * (`estimator`, a pipeline step's name, `steps`) estimator objects or their specs.
 */
export type ParamInput = ParamValue | Estimator | EstimatorSpec | readonly (readonly [string, Estimator | EstimatorSpec])[];

export type ParamUpdates = { readonly [name: string]: ParamInput };

/**
 * scikit-learn's estimator contract, which every registered estimator follows (the contract suite,
 * base/estimator-contract.spec.ts, checks each one):
 * - Constructors only take and validate parameters (estimator objects or specs where a parameter
 *   holds estimators); `createEstimator(spec)` builds the same from a JSON spec, and `toSpec()`
 *   gives the canonical spec back.
 * - `getParams({ deep })`, `setParams` and `clone` as scikit-learn's `get_params`, `set_params`
 *   and `clone`: nested parameters are `<step>__<param>`, values are JSON (nested estimators as
 *   their specs), setParams validates as a spec does and leaves the estimator unfitted.
 * - `fit` returns `this`; before it, predicting, transforming or serialising throws NotFittedError;
 *   bad data (NaN, a wrong number of features, no samples, a single class) throws DataError.
 * - Fitted attributes carry scikit-learn's names, trailing underscore included (`classes_`,
 *   `n_features_in_`, `coef_`, `intercept_`, `estimators_`, `feature_importances_`, `mean_`,
 *   `scale_`, `n_iter_`...), as readonly getters that throw NotFittedError before `fit`.
 *   Parameters keep scikit-learn's snake_case names too; methods are camelCase (`predictProba`).
 * - A classifier's labels come from `predict` only; `predictWithProba` gives the same labels with
 *   the probabilities, for callers that need both.
 */
export interface Estimator {
  readonly type: string;
  /** The parameters, defaults filled in; `deep` adds nested estimators' as `<name>__<param>`. */
  getParams(options?: { deep?: boolean }): Params;
  setParams(updates: ParamUpdates): this;
  /** A new, unfitted estimator with equal parameters (nested estimators cloned too). */
  clone(): this;
  toSpec(): EstimatorSpec;
  readonly isFitted: boolean;
  /** Number of features seen in `fit`. */
  readonly n_features_in_: number;
  serialize(): EstimatorState;
  /** Facts about the last fit (e.g. `n_iter_`, `n_estimators_fitted`, the tensor backend). */
  fitInfo(): FitInfo;
}

/**
 * A transform that maps every feature on its own, non-decreasingly: output feature f of a row is
 * `apply(f, x)` for its input value x. A model that only compares each feature with thresholds (a
 * tree) learns the same thing from the input read through the map as from the transformed copy,
 * without that copy.
 */
export interface MonotoneFeatureMap {
  readonly nFeatures: number;
  /** Exactly the transform's float32 output for value x of feature f. */
  apply(f: number, x: number): number;
}

/**
 * A transform that maps every feature on its own by `(x - shift[f]) / divisor[f]`, with finite,
 * non-zero divisors. A linear model after it is a linear model of the transform's input: the map
 * folds into its weights and intercepts once, and predictions then need no transformed copy.
 */
export interface AffineFeatureMap {
  readonly nFeatures: number;
  readonly shift: Float64Array;
  readonly divisor: Float64Array;
}

export interface Transformer extends Estimator {
  fit(X: Matrix, y?: Labels, options?: FitOptions): Promise<this>;
  transform(X: Matrix): Matrix<Float32Array>;
  /** The fitted transform as a {@link MonotoneFeatureMap}, or null when it is not one. */
  monotoneFeatureMap?(): MonotoneFeatureMap | null;
  /** The fitted transform as an {@link AffineFeatureMap}, or null when it is not one. */
  affineFeatureMap?(): AffineFeatureMap | null;
}

export interface Classifier extends Estimator {
  /** Sorted class labels seen in `fit`. */
  readonly classes_: Int32Array;
  /** `options.onProgress` hears how far the fit is, where the estimator can tell (trees built, solver iterations). */
  fit(X: Matrix, y: Labels, options?: FitOptions): Promise<this>;
  predict(X: Matrix): Labels;
  /** n_samples x n_classes, columns in `classes_` order. */
  predictProba(X: Matrix): Matrix<Float32Array>;
  /**
   * `predict(X)` and `predictProba(X)` from one pass where both need the same work (scores, votes):
   * the labels are always `predict`'s, never the argmax of the probabilities, which differs for
   * classifiers that do not label by probability (one-vs-one counts votes).
   */
  predictWithProba(X: Matrix): LabelsWithProba;
}

export interface LabelsWithProba {
  readonly labels: Labels;
  readonly proba: Matrix<Float32Array>;
}

/**
 * A classifier that can read its input through a {@link MonotoneFeatureMap}, with the same
 * results as on the mapped copy: fit from any input, predict from bytes (`Uint8Array`), whose
 * integer values let thresholds move to the input's scale exactly.
 */
export interface MapReadingClassifier extends Classifier {
  fitThroughMap(X: Matrix, y: Labels, map: MonotoneFeatureMap, options?: FitOptions): Promise<this>;
  /** `predictWithProba` of the mapped copy of X: labels and probabilities come from one pass, so either alone costs the same. */
  predictWithProbaThroughMap(X: Matrix<Uint8Array>, map: MonotoneFeatureMap): LabelsWithProba;
}

/**
 * A classifier that predicts from bytes (`Uint8Array`) through a transform's
 * {@link AffineFeatureMap}, with the results of predicting from the transformed copy up to float
 * rounding: reading bytes, most of them zero for images, is cheaper than transforming them.
 */
export interface AffineMapReadingClassifier extends Classifier {
  /** `predictWithProba` of the mapped copy of X (the labels and probabilities of one set of scores). */
  predictWithProbaThroughAffineMap(X: Matrix<Uint8Array>, map: AffineFeatureMap): LabelsWithProba;
}

/** Training rows as a resampler gives them: the same element type as its input. */
export interface Resampled {
  readonly X: Matrix;
  readonly y: Labels;
}

/**
 * A step that changes the training set itself, as imblearn's samplers (`fit_resample`): a
 * Pipeline calls `fitResample` on the rows it fits the later steps on, and skips the step when it
 * predicts or transforms, so only training data is ever resampled (never a test set or a
 * validation fold). Bytes stay bytes.
 */
export interface Resampler extends Estimator {
  /** Learns what `resample` needs (the number of features, the image shape) and returns this. */
  fit(X: Matrix, y?: Labels, options?: FitOptions): Promise<this>;
  /** `fit`, then `resample` of the same rows. */
  fitResample(X: Matrix, y: Labels): Promise<Resampled>;
  resample(X: Matrix, y: Labels): Resampled;
}

export type AnyEstimator = Transformer | Classifier | Resampler;

export function readsThroughMaps(estimator: Estimator): estimator is MapReadingClassifier {
  return typeof (estimator as MapReadingClassifier).fitThroughMap === 'function';
}

export function readsThroughAffineMaps(estimator: Estimator): estimator is AffineMapReadingClassifier {
  return typeof (estimator as AffineMapReadingClassifier).predictWithProbaThroughAffineMap === 'function';
}

/** An estimator object rather than its spec: specs are plain JSON, without methods. */
export function isEstimatorObject(value: unknown): value is AnyEstimator {
  return typeof value === 'object' && value !== null && typeof (value as Estimator).getParams === 'function';
}

export function isClassifier(estimator: Estimator): estimator is Classifier {
  return typeof (estimator as Classifier).predict === 'function';
}

export function isTransformer(estimator: Estimator): estimator is Transformer {
  return typeof (estimator as Transformer).transform === 'function';
}

export function isResampler(estimator: Estimator): estimator is Resampler {
  return typeof (estimator as Resampler).fitResample === 'function';
}

/** Builds nested estimators for meta-estimators without them importing the registry. */
export interface EstimatorFactory {
  create(spec: EstimatorSpec, path?: string): AnyEstimator;
  restore(state: EstimatorState): AnyEstimator;
}

/**
 * What the registry knows about an estimator type: its definition (scikit-learn name, parameter
 * table) and how to construct and restore it.
 */
export interface EstimatorDescriptor extends EstimatorDefinition {
  /** `params` are validated and complete. */
  create(params: Params, factory: EstimatorFactory): AnyEstimator;
  restore(state: EstimatorState, factory: EstimatorFactory): AnyEstimator;
}
