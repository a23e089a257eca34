import { InvalidParameterError } from './errors';

/** A parameter value as it travels in JSON specs: scikit-learn's `None` is `null`. */
export type ParamValue =
  | null
  | boolean
  | number
  | string
  | readonly ParamValue[]
  | { readonly [key: string]: ParamValue };

export type Params = Record<string, ParamValue>;

/**
 * One accepted form of a parameter, after scikit-learn's `_param_validation` constraints
 * (`Interval(Integral, 1, None, closed="left")`, `StrOptions({...})`, `None`, ...).
 */
export type Constraint =
  | { readonly kind: 'int'; readonly min?: number; readonly max?: number }
  | {
      readonly kind: 'float';
      readonly min?: number;
      readonly max?: number;
      readonly minExclusive?: boolean;
      readonly maxExclusive?: boolean;
    }
  | { readonly kind: 'options'; readonly values: readonly string[] }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'null' }
  /** A map from class label to a positive weight (`class_weight={0: 1.0, 1: 2.5}`). */
  | { readonly kind: 'class_weight_map' }
  /** A nested estimator spec (meta-estimators); checked by the registry. */
  | { readonly kind: 'estimator' }
  /** A pipeline's `[[name, spec], ...]`; checked by the registry. */
  | { readonly kind: 'steps' }
  /** An ensemble's `[[name, classifier spec], ...]` (VotingClassifier's `estimators`); checked by the registry. */
  | { readonly kind: 'estimators' }
  /** A list of finite numbers (VotingClassifier's `weights`). */
  | { readonly kind: 'number_list' };

export interface ParamDefinition {
  readonly default: ParamValue;
  readonly constraints: readonly Constraint[];
  readonly description: string;
}

export type ParamSchema = Readonly<Record<string, ParamDefinition>>;

export const int = (min?: number, max?: number): Constraint => ({ kind: 'int', min, max });
export const float = (
  min?: number,
  max?: number,
  bounds: { minExclusive?: boolean; maxExclusive?: boolean } = {},
): Constraint => ({ kind: 'float', min, max, ...bounds });
export const options = (...values: string[]): Constraint => ({ kind: 'options', values });
export const boolean: Constraint = { kind: 'boolean' };
export const none: Constraint = { kind: 'null' };

export function describeConstraint(constraint: Constraint): string {
  switch (constraint.kind) {
    case 'int':
      return `an int in the range ${rangeText(constraint.min, constraint.max, false, false)}`;
    case 'float':
      return `a float in the range ${rangeText(
        constraint.min,
        constraint.max,
        constraint.minExclusive ?? false,
        constraint.maxExclusive ?? false,
      )}`;
    case 'options':
      return `a str among {${constraint.values.map((v) => `'${v}'`).join(', ')}}`;
    case 'boolean':
      return 'a bool';
    case 'null':
      return 'null';
    case 'class_weight_map':
      return 'an object mapping class labels to positive weights';
    case 'estimator':
      return 'an estimator spec ({"type": ..., "params": {...}})';
    case 'steps':
      return 'a list of [name, estimator spec] pairs';
    case 'estimators':
      return 'a list of [name, classifier spec] pairs';
    case 'number_list':
      return 'a list of numbers';
  }
}

function rangeText(min: number | undefined, max: number | undefined, minEx: boolean, maxEx: boolean): string {
  const left = min === undefined ? '(-inf' : `${minEx ? '(' : '['}${min}`;
  const right = max === undefined ? 'inf)' : `${max}${maxEx ? ')' : ']'}`;
  return `${left}, ${right}`;
}

/** Whether `value` satisfies one constraint; nested estimator kinds are left to the registry. */
export function satisfies(value: ParamValue, constraint: Constraint): boolean {
  switch (constraint.kind) {
    case 'int':
      return (
        typeof value === 'number' &&
        Number.isInteger(value) &&
        (constraint.min === undefined || value >= constraint.min) &&
        (constraint.max === undefined || value <= constraint.max)
      );
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      const { min, max, minExclusive, maxExclusive } = constraint;
      if (min !== undefined && (minExclusive ? value <= min : value < min)) return false;
      if (max !== undefined && (maxExclusive ? value >= max : value > max)) return false;
      return true;
    }
    case 'options':
      return typeof value === 'string' && constraint.values.includes(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'class_weight_map':
      return (
        isPlainObject(value) &&
        Object.entries(value).every(
          ([label, weight]) => /^-?\d+$/.test(label) && typeof weight === 'number' && weight > 0 && Number.isFinite(weight),
        )
      );
    case 'estimator':
      return isPlainObject(value) && typeof value['type'] === 'string';
    case 'steps':
    case 'estimators':
      return Array.isArray(value);
    case 'number_list':
      return Array.isArray(value) && value.every((item) => typeof item === 'number' && Number.isFinite(item));
  }
}

export function isPlainObject(value: unknown): value is { readonly [key: string]: ParamValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks one value against a parameter's definition and says, like scikit-learn, what is allowed:
 * "must be an int in the range [1, inf) or null; got 0".
 */
export function validateParamValue(path: string, definition: ParamDefinition, value: ParamValue): void {
  if (definition.constraints.some((constraint) => satisfies(value, constraint))) return;
  throw new InvalidParameterError(path, `must be ${describeAllowed(definition)}; got ${JSON.stringify(value)}`);
}

/** A parameter's constraints in words: "an int in the range [1, inf) or null". */
export function describeAllowed(definition: ParamDefinition): string {
  const allowed = definition.constraints.map(describeConstraint);
  return allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}` : allowed[0];
}

/**
 * Validates `given` against `schema` and fills in defaults. Unknown names are rejected with the
 * list of valid ones, as scikit-learn's `set_params` does.
 */
export function resolveParams(schema: ParamSchema, given: Params | undefined, path: string, estimatorName: string): Params {
  const resolved: Record<string, ParamValue> = {};
  for (const name of Object.keys(given ?? {})) {
    if (!(name in schema)) {
      throw new InvalidParameterError(
        `${path}.${name}`,
        `unknown parameter for ${estimatorName}; valid parameters are: ${Object.keys(schema).sort().join(', ')}`,
      );
    }
  }
  for (const [name, definition] of Object.entries(schema)) {
    const value = given !== undefined && name in given ? given[name] : definition.default;
    validateParamValue(`${path}.${name}`, definition, value);
    resolved[name] = value;
  }
  return resolved;
}
