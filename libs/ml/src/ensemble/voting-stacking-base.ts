import { BaseEstimator, holdsEstimators, prefixedParams, setNestedParams, splitNestedNames } from '../base/base-estimator';
import { defaultFactory } from '../base/default-factory';
import { isClassifier, isEstimatorObject, type Classifier, type EstimatorDescriptor, type EstimatorFactory, type EstimatorSpec, type EstimatorState, type FitInfo, type LabelsWithProba, type ParamUpdates } from '../base/estimator';
import { ArtifactError, InvalidParameterError } from '../base/errors';
import type { Labels, Matrix } from '../base/matrix';
import { isPlainObject, type Params, type ParamValue } from '../base/params';
import { checkClassLabels, checkFitData, checkPredictData } from '../base/validation';
import { checkedMetaState } from '../multiclass/decomposition';
import { asClassifier } from '../multiclass/parallel-fit';
import type { EstimatorDefinition } from '../spec/estimator-definition';
import { validateSpec } from '../spec/validate-spec';

/** An ensemble's `estimators` as given: `[name, classifier object or spec]` pairs. */
export type NamedClassifiers = readonly (readonly [string, Classifier | EstimatorSpec])[];

/**
 * What the ensembles' constructors take: `estimators`, the ensemble's own parameters and, for a
 * parameter that holds one classifier (StackingClassifier's `final_estimator`), an object, a spec or null.
 */
export interface EnsembleInput {
  readonly estimators: NamedClassifiers;
  readonly [param: string]: ParamValue | Classifier | EstimatorSpec | NamedClassifiers | undefined;
}

/** What every fitted ensemble has: the classes, the base estimators fitted on all the data, in `estimators` order. */
export interface FittedEnsemble {
  readonly classes: Int32Array;
  readonly estimators: readonly Classifier[];
  readonly nFeatures: number;
}

/** scikit-learn's fitted `le_`: the labels of `classes_` are encoded as their positions. */
export interface LabelEncoding {
  readonly classes_: Int32Array;
}

/**
 * What VotingClassifier and StackingClassifier share, as scikit-learn's `_BaseHeterogeneousEnsemble`:
 * named base classifiers whose parameters are `<name>__<param>`, replaced whole by their name or
 * all at once by `estimators`; parameters holding a single classifier (`final_estimator`) likewise.
 * `fit` encodes the labels as positions in `classes_` (LabelEncoder) and fits a clone of every base
 * estimator on the encoded labels, as scikit-learn, so base estimators predict 0..n_classes-1.
 * Fitted estimators are serialized as children: the base ones in order, then `extraChildren`.
 */
export abstract class HeterogeneousEnsemble<P extends Params, F extends FittedEnsemble> extends BaseEstimator<P, F> implements Classifier {
  private named: (readonly [string, Classifier])[];
  /** Parameters of kind `estimator` (final_estimator): a classifier, or null for the default. */
  private readonly held = new Map<string, Classifier | null>();

  protected constructor(
    private readonly definition: EstimatorDefinition,
    input: EnsembleInput,
    protected readonly factory?: EstimatorFactory,
  ) {
    super(definition, ownParams(definition, input));
    this.named = this.buildEstimators(input.estimators, 'params.estimators');
    for (const name of this.heldNames()) this.held.set(name, this.buildHeld(input[name] as Classifier | EstimatorSpec | null | undefined, `params.${name}`));
    this.checkEnsemble((name) => `params.${name}`);
  }

  /** Checks that involve the base estimators (VotingClassifier's one weight per estimator). */
  protected checkEnsemble(_path: (name: string) => string): void {}

  /** The fitted classifiers stored after the base ones (StackingClassifier's final_estimator_). */
  protected abstract extraChildren(fitted: F): Classifier[];

  /** The full fitted state from the shared part, a restored state's attributes and its extra children. */
  protected abstract restoreFitted(base: FittedEnsemble, state: EstimatorState, extra: readonly Classifier[]): F;

  /** Attributes to store beyond n_features_in_ and fit_info. */
  protected extraAttributes(_fitted: F): Params {
    return {};
  }

  /** How many extra children a fitted state has. */
  protected abstract extraChildCount(): number;

  /** The unfitted base estimators, as `[name, estimator]` pairs (scikit-learn's `estimators`). */
  get estimators(): readonly (readonly [string, Classifier])[] {
    return this.named;
  }

  get classes_(): Int32Array {
    return this.fitted().classes;
  }

  get n_features_in_(): number {
    return this.fitted().nFeatures;
  }

  /** The base estimators fitted on all the data, in `estimators` order; they predict encoded labels. */
  get estimators_(): readonly Classifier[] {
    return this.fitted().estimators;
  }

  /** `estimators_` by name, as scikit-learn's Bunch. */
  get named_estimators_(): Readonly<Record<string, Classifier>> {
    const { estimators } = this.fitted();
    return Object.fromEntries(this.named.map(([name], i) => [name, estimators[i]]));
  }

  get le_(): LabelEncoding {
    return { classes_: this.fitted().classes };
  }

  /** A parameter holding one classifier, or null when it is left to its default. */
  protected heldEstimator(name: string): Classifier | null {
    return this.held.get(name) ?? null;
  }

  /** `estimators` as specs, held classifiers as specs or null, own parameters; `deep` adds `<name>` and `<name>__<param>` for each nested classifier. */
  override getParams({ deep = false }: { deep?: boolean } = {}): Params {
    const params: Record<string, ParamValue> = { estimators: this.named.map(([name, estimator]) => [name, estimator.toSpec() as unknown as ParamValue]) };
    for (const [name, estimator] of this.held) params[name] = estimator ? (estimator.toSpec() as unknown as ParamValue) : null;
    Object.assign(params, super.getParams());
    if (deep) {
      const nested = [...this.named, ...[...this.held].filter((entry): entry is [string, Classifier] => entry[1] !== null)];
      for (const [name, estimator] of nested) Object.assign(params, prefixedParams(name, estimator.getParams({ deep: true })));
      for (const [name, estimator] of this.named) params[name] = estimator.toSpec() as unknown as ParamValue;
    }
    return params;
  }

  /** Own parameters, `estimators`, a base estimator by its name, a held classifier, or `<name>__<param>`; tried on a clone first, so an invalid update changes nothing. */
  override setParams(updates: ParamUpdates): this {
    this.clone().applyParams(updates);
    return this.applyParams(updates);
  }

  override clone(): this {
    const construct = this.constructor as new (input: EnsembleInput, factory?: EstimatorFactory) => this;
    const input: Record<string, EnsembleInput[string]> = { ...this.params, estimators: this.named.map(([name, estimator]) => [name, estimator.clone()] as const) };
    for (const [name, estimator] of this.held) input[name] = estimator ? estimator.clone() : null;
    return new construct(input as EnsembleInput, this.factory);
  }

  /** `classes_`, the labels encoded as their positions in it, and the base estimators fitted on those. */
  protected async fitBase(X: Matrix, y: Labels): Promise<{ base: FittedEnsemble; encoded: Labels }> {
    checkFitData(X, y, this.displayName);
    const classes = checkClassLabels(y, this.displayName);
    const position = new Map(Array.from(classes, (label, k) => [label, k]));
    const encoded = Int32Array.from(y, (label) => position.get(label) as number);
    const estimators: Classifier[] = [];
    for (const [, template] of this.named) estimators.push(await template.clone().fit(X, encoded));
    return { base: { classes, estimators, nFeatures: X.cols }, encoded };
  }

  /** Records the fit; its info holds each base estimator's under its name, as a Pipeline's holds its steps'. */
  protected setFittedEnsemble(fitted: F, fitInfo: FitInfo = {}): void {
    const byName = Object.fromEntries(this.named.map(([name], i) => [name, fitted.estimators[i].fitInfo() as ParamValue]));
    this.setFitted(fitted, { ...fitInfo, estimators: byName });
  }

  abstract fit(X: Matrix, y: Labels): Promise<this>;

  // Both ensembles get labels and probabilities from one pass over the base estimators:
  // predict and predictProba each take what predictWithProba gives.
  predict(X: Matrix): Labels {
    return this.predictWithProba(X).labels;
  }

  predictProba(X: Matrix): Matrix<Float32Array> {
    return this.predictWithProba(X).proba;
  }

  abstract predictWithProba(X: Matrix): LabelsWithProba;

  /** The fitted state, after checking that X has the features seen in `fit`. */
  protected fittedFor(X: Matrix): F {
    const fitted = this.fitted();
    checkPredictData(X, fitted.nFeatures, this.displayName);
    return fitted;
  }

  serialize(): EstimatorState {
    const fitted = this.fitted();
    return {
      type: this.type,
      params: this.getParams(),
      attributes: { n_features_in_: fitted.nFeatures, fit_info: { ...this.lastFitInfo }, ...this.extraAttributes(fitted) },
      arrays: { classes: fitted.classes },
      children: [...fitted.estimators, ...this.extraChildren(fitted)].map((estimator) => estimator.serialize()),
    };
  }

  /** Attaches a serialized fit, its children restored through the factory. */
  load(state: EstimatorState): this {
    const { classes, nFeatures } = checkedMetaState(state, this.displayName);
    const expected = this.named.length + this.extraChildCount();
    if (state.children.length !== expected) throw new ArtifactError(`${this.displayName} state: ${this.named.length} estimators need ${expected} fitted children, found ${state.children.length}`);
    const factory = this.factory ?? defaultFactory();
    const children = state.children.map((child) => asClassifier(factory.restore(child)));
    const base = { classes, estimators: children.slice(0, this.named.length), nFeatures };
    const fitInfo = state.attributes['fit_info'];
    this.setFitted(this.restoreFitted(base, state, children.slice(this.named.length)), isPlainObject(fitInfo) ? (fitInfo as FitInfo) : {});
    return this;
  }

  private applyParams(updates: ParamUpdates): this {
    const { own, nested } = splitNestedNames(updates);
    const rest: Record<string, ParamUpdates[string]> = {};
    for (const [name, value] of Object.entries(own)) {
      const index = this.named.findIndex(([estimatorName]) => estimatorName === name);
      if (name === 'estimators') this.named = this.buildEstimators(value as NamedClassifiers, 'estimators');
      else if (this.held.has(name)) this.held.set(name, this.buildHeld(value as Classifier | EstimatorSpec | null, name));
      else if (index >= 0) this.named = this.buildEstimators(this.named.map((entry, i) => (i === index ? [name, value as Classifier | EstimatorSpec] : entry)), name);
      else rest[name] = value;
    }
    for (const [name, estimatorUpdates] of nested) {
      const estimator = this.named.find(([estimatorName]) => estimatorName === name)?.[1] ?? this.held.get(name);
      if (!estimator) {
        const names = [...this.named.map(([estimatorName]) => estimatorName), ...[...this.held].filter(([, held]) => held).map(([heldName]) => heldName)];
        throw new InvalidParameterError(`${name}__${Object.keys(estimatorUpdates)[0]}`, `${this.displayName} has no estimator ${JSON.stringify(name)}; its estimators are ${names.join(', ')}`);
      }
      setNestedParams(name, () => estimator.setParams(estimatorUpdates));
    }
    super.setParams(rest);
    this.checkEnsemble((name) => name);
    return this;
  }

  /** Named classifiers from objects or specs, checked as a spec's `estimators` are (unique identifiers, classifiers only). */
  private buildEstimators(input: NamedClassifiers, path: string): (readonly [string, Classifier])[] {
    if (!Array.isArray(input) || input.length === 0) throw new InvalidParameterError(path, 'must be a non-empty list of [name, classifier] pairs');
    const named = input.map((entry, i) => {
      if (!Array.isArray(entry) || entry.length !== 2) throw new InvalidParameterError(`${path}[${i}]`, 'must be a [name, classifier] pair');
      const [name, value] = entry;
      return [name, this.classifier(value, `${path}[${i}][1]`)] as const;
    });
    const specs = named.map(([name, estimator]) => [name, estimator.toSpec() as unknown as ParamValue]);
    validateSpec({ type: this.type, params: { ...this.params, estimators: specs } }, 'params');
    return named;
  }

  private buildHeld(value: Classifier | EstimatorSpec | null | undefined, path: string): Classifier | null {
    return value === null || value === undefined ? null : this.classifier(value, path);
  }

  private classifier(value: Classifier | EstimatorSpec, path: string): Classifier {
    const estimator = isEstimatorObject(value) ? value : (this.factory ?? defaultFactory()).create(value, path);
    if (!isClassifier(estimator)) throw new InvalidParameterError(`${path}.type`, `${this.displayName} needs classifiers; ${estimator.type} is not one`);
    return estimator;
  }

  private heldNames(): string[] {
    return Object.entries(this.definition.schema)
      .filter(([name, definition]) => name !== 'estimators' && holdsEstimators(definition))
      .map(([name]) => name);
  }
}

/** The constructor input's own parameters: everything but the parameters that hold estimators. */
function ownParams(definition: EstimatorDefinition, input: EnsembleInput): Params {
  return Object.fromEntries(Object.entries(input).filter(([name]) => !(definition.schema[name] && holdsEstimators(definition.schema[name])))) as Params;
}

/** The ensemble's registry entry: `construct` builds it from validated params or a state's params. */
export function ensembleDescriptor<E extends HeterogeneousEnsemble<Params, FittedEnsemble>>(
  definition: EstimatorDefinition,
  construct: (input: EnsembleInput, factory: EstimatorFactory) => E,
): EstimatorDescriptor {
  return {
    ...definition,
    create: (params, factory) => construct(params as unknown as EnsembleInput, factory),
    restore: (state, factory) => construct(state.params as unknown as EnsembleInput, factory).load(state),
  };
}
