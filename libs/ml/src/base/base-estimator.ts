import type { EstimatorDefinition } from '../spec/estimator-definition';
import type { Estimator, EstimatorSpec, FitInfo, ParamUpdates } from './estimator';
import { InvalidParameterError, NotFittedError } from './errors';
import { resolveParams, validateParamValue, type ParamDefinition, type ParamSchema, type Params, type ParamValue } from './params';

/** Whether a parameter holds nested estimators (a pipeline's steps, a meta-estimator's base estimator). */
export function holdsEstimators(definition: ParamDefinition): boolean {
  return definition.constraints.some((constraint) => constraint.kind === 'estimator' || constraint.kind === 'steps' || constraint.kind === 'estimators');
}

/**
 * Shared plumbing for estimators: validated params, fitted state and the parameter protocol.
 *
 * Params are the schema's own values (JSON, snake_case); meta-estimators keep their nested
 * estimators as objects and override `getParams`, `setParams` and `clone` to reach them. The
 * fitted state `F` exists only after `fit` (or a restore) and is dropped by `setParams`.
 */
export abstract class BaseEstimator<P extends Params, F = unknown> {
  /** The spec's `type`, e.g. `random_forest`. */
  readonly type: string;
  /** The scikit-learn class name, for messages. */
  protected readonly displayName: string;
  protected lastFitInfo: FitInfo = {};
  protected params: Readonly<P>;
  private fittedState: F | undefined;
  /** The schema without the parameters that hold nested estimators. */
  private readonly ownSchema: ParamSchema;

  protected constructor(definition: EstimatorDefinition, params: Params) {
    this.type = definition.type;
    this.displayName = definition.displayName;
    this.ownSchema = Object.fromEntries(Object.entries(definition.schema).filter(([, d]) => !holdsEstimators(d)));
    this.params = this.checkParams(resolveParams(this.ownSchema, params, 'params', this.displayName) as P, (name) => `params.${name}`);
  }

  get isFitted(): boolean {
    return this.fittedState !== undefined;
  }

  /**
   * The parameters, defaults filled in, as scikit-learn's `get_params`. `deep` adds, for
   * meta-estimators, each nested estimator's spec under its name and its parameters as
   * `<name>__<param>`; a plain estimator has nothing nested.
   */
  getParams(_options: { deep?: boolean } = {}): Params {
    return structuredClone(this.params) as Params;
  }

  /**
   * Sets parameters as scikit-learn's `set_params`, each validated as in a spec (an
   * InvalidParameterError names the parameter), and returns this. A fitted estimator becomes
   * unfitted: its model was learnt with the old values, and would otherwise be predicted from (and
   * saved) under parameters that did not make it. The next `fit` uses the new values.
   */
  setParams(updates: ParamUpdates): this {
    const merged: Record<string, ParamValue> = { ...this.params };
    for (const [name, value] of Object.entries(updates)) {
      const definition = this.ownSchema[name];
      if (!definition) {
        throw new InvalidParameterError(name, `not a parameter of ${this.displayName}; valid parameters are: ${Object.keys(this.ownSchema).sort().join(', ')}`);
      }
      validateParamValue(name, definition, value as ParamValue);
      merged[name] = value as ParamValue;
    }
    this.params = this.checkParams(merged as P, (name) => name);
    this.unfit();
    return this;
  }

  /** A new, unfitted estimator with equal parameters, as scikit-learn's `clone`. */
  clone(): this {
    return new (this.constructor as new (params: Params) => this)(this.getParams());
  }

  toSpec(): EstimatorSpec {
    return { type: this.type, params: this.getParams() };
  }

  fitInfo(): FitInfo {
    return this.lastFitInfo;
  }

  /**
   * Checks that involve more than one parameter (each value is already valid on its own); `path`
   * names a parameter in errors, as the caller gave it (`params.oob_score`, or `oob_score` to setParams).
   */
  protected checkParams(params: P, _path: (name: string) => string): P {
    return params;
  }

  protected assertFitted(): void {
    if (!this.isFitted) throw new NotFittedError(this.displayName);
  }

  /** What `fit` learnt; a NotFittedError before that. */
  protected fitted(): F {
    this.assertFitted();
    return this.fittedState as F;
  }

  protected setFitted(state: F, fitInfo: FitInfo = this.lastFitInfo): void {
    this.fittedState = state;
    this.lastFitInfo = fitInfo;
  }

  protected unfit(): void {
    this.fittedState = undefined;
    this.lastFitInfo = {};
  }
}

/** A new, unfitted estimator with the parameters of `estimator` (nested estimators cloned too), as `sklearn.base.clone`. */
export function clone<E extends Estimator>(estimator: E): E {
  return estimator.clone();
}

/**
 * Names `<head>__<rest>` grouped by head, as scikit-learn routes nested `set_params`; names
 * without `__` are the estimator's own.
 */
export function splitNestedNames(updates: ParamUpdates): { own: ParamUpdates; nested: Map<string, ParamUpdates> } {
  const own: Record<string, ParamUpdates[string]> = {};
  const nested = new Map<string, Record<string, ParamUpdates[string]>>();
  for (const [name, value] of Object.entries(updates)) {
    const split = name.indexOf('__');
    if (split < 0) {
      own[name] = value;
      continue;
    }
    const head = name.slice(0, split);
    if (!nested.has(head)) nested.set(head, {});
    (nested.get(head) as Record<string, ParamUpdates[string]>)[name.slice(split + 2)] = value;
  }
  return { own, nested };
}

/** Runs `set` on a nested estimator; an invalid value's error then names it from the outside (`model__max_depth`). */
export function setNestedParams(prefix: string, set: () => void): void {
  try {
    set();
  } catch (error) {
    if (error instanceof InvalidParameterError) throw new InvalidParameterError(`${prefix}__${error.path}`, error.detail);
    throw error;
  }
}

/** `params` with every name prefixed `<prefix>__`, as a meta-estimator's deep `getParams` lists a nested one's. */
export function prefixedParams(prefix: string, params: Params): Params {
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [`${prefix}__${name}`, value]));
}
