import { InvalidParameterError } from '../base/errors';
import type { EstimatorSpec } from '../base/estimator';
import { isPlainObject, resolveParams, type ParamDefinition, type Params, type ParamValue } from '../base/params';
import { getEstimatorDefinition } from './catalog';
import type { EstimatorDefinition } from './estimator-definition';

/**
 * Estimators inside estimators (pipeline steps, a meta-estimator's estimator) at most this deep:
 * the deepest useful spec, a pipeline of a one-vs-rest of a classifier, is 3. Validating, storing
 * and fitting a spec all recurse into it.
 */
export const MAX_SPEC_NESTING = 8;

/**
 * Checks a spec from outside (HTTP body, job payload, artifact header) and returns it with every
 * default filled in. Errors name the offending field relative to `path`.
 */
export function validateSpec(spec: unknown, path = 'estimator', nesting = 1): EstimatorSpec {
  if (nesting > MAX_SPEC_NESTING) {
    throw new InvalidParameterError(path, `estimators are nested more than ${MAX_SPEC_NESTING} deep (pipelines and meta-estimators inside each other); nothing needs that`);
  }
  if (!isPlainObject(spec)) throw new InvalidParameterError(path, 'must be an object like {"type": ..., "params": {...}}');
  if (typeof spec['type'] !== 'string') throw new InvalidParameterError(`${path}.type`, 'must be a string');
  const owner = getEstimatorDefinition(spec['type'], `${path}.type`);
  // scikit-learn writes Pipeline(steps=[...]); specs may too: {"type": "pipeline", "steps": [...]}.
  const stepsOnTop = 'steps' in spec && 'steps' in owner.schema;
  for (const key of Object.keys(spec)) {
    if (key !== 'type' && key !== 'params' && !(key === 'steps' && stepsOnTop)) {
      throw new InvalidParameterError(`${path}.${key}`, 'unknown field; an estimator spec has only "type" and "params"');
    }
  }
  const given = spec['params'];
  if (given !== undefined && !isPlainObject(given)) throw new InvalidParameterError(`${path}.params`, 'must be an object');
  if (stepsOnTop && given !== undefined && 'steps' in given) {
    throw new InvalidParameterError(`${path}.steps`, 'give the steps either at the top level or in params, not both');
  }
  const merged = stepsOnTop ? { ...(given ?? {}), steps: spec['steps'] } : (given as Params | undefined);
  const params = resolveParams(owner.schema, merged, `${path}.params`, owner.displayName);
  const paramPath = (name: string) => (stepsOnTop && name === 'steps' ? `${path}.steps` : `${path}.params.${name}`);
  return { type: owner.type, params: validateNested(owner, params, paramPath, nesting) };
}

/** Nested estimators (pipeline steps, meta-estimators' base estimator) are specs in their own right. */
function validateNested(owner: EstimatorDefinition, params: Params, paramPath: (name: string) => string, nesting: number): Params {
  const out: Record<string, ParamValue> = { ...params };
  for (const [name, definition] of Object.entries(owner.schema)) {
    const kinds = definition.constraints.map((c) => c.kind);
    if (kinds.includes('estimator') && isPlainObject(params[name])) {
      const nested = validateSpec(params[name], paramPath(name), nesting + 1);
      // Every meta-estimator here (one-vs-one, one-vs-rest) wraps a classifier.
      if (getEstimatorDefinition(nested.type).kind !== 'classifier') {
        throw new InvalidParameterError(`${paramPath(name)}.type`, `must be a classifier; ${nested.type} is a ${getEstimatorDefinition(nested.type).kind}`);
      }
      out[name] = nested as unknown as ParamValue;
    } else if (kinds.includes('steps')) {
      out[name] = validateSteps(params[name], paramPath(name), nesting + 1) as unknown as ParamValue;
    } else if (kinds.includes('estimators')) {
      out[name] = validateSteps(params[name], paramPath(name), nesting + 1, owner) as unknown as ParamValue;
    }
  }
  return out;
}

/**
 * A pipeline's steps, or with `ensemble` an ensemble's estimators: named specs, names unique
 * identifiers without "__" (they prefix nested parameter names). Steps are transformers (or
 * resamplers) then anything; an ensemble's estimators are all classifiers, and, as in
 * scikit-learn, none is named like one of the ensemble's own parameters.
 */
function validateSteps(value: ParamValue, path: string, nesting: number, ensemble?: EstimatorDefinition): [string, EstimatorSpec][] {
  if (!Array.isArray(value) || value.length === 0) throw new InvalidParameterError(path, `must be a non-empty list of [name, ${ensemble ? 'classifier' : 'estimator'} spec] pairs`);
  const seen = new Set<string>();
  return value.map((step: ParamValue, index: number) => {
    const stepPath = `${path}[${index}]`;
    if (!Array.isArray(step) || step.length !== 2 || typeof step[0] !== 'string') {
      throw new InvalidParameterError(stepPath, 'must be a [name, estimator spec] pair');
    }
    const name = step[0] as string;
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name) || name.includes('__')) {
      throw new InvalidParameterError(`${stepPath}[0]`, `step name ${JSON.stringify(name)} must be an identifier without "__"`);
    }
    if (seen.has(name)) throw new InvalidParameterError(`${stepPath}[0]`, `duplicate ${ensemble ? 'estimator' : 'step'} name ${JSON.stringify(name)}`);
    if (ensemble && name in ensemble.schema) {
      throw new InvalidParameterError(`${stepPath}[0]`, `estimator name ${JSON.stringify(name)} conflicts with ${ensemble.displayName}'s parameter ${name}`);
    }
    seen.add(name);
    const spec = validateSpec(step[1], `${stepPath}[1]`, nesting);
    const { kind } = getEstimatorDefinition(spec.type);
    if (ensemble && kind !== 'classifier') {
      throw new InvalidParameterError(`${stepPath}[1].type`, `every estimator of ${ensemble.displayName} must be a classifier; ${spec.type} is a ${kind}`);
    }
    const isLast = index === value.length - 1;
    if (!ensemble && !isLast && kind === 'classifier') {
      throw new InvalidParameterError(`${stepPath}[1].type`, `every step but the last must be a transformer; ${spec.type} is not`);
    }
    return [name, spec];
  });
}

/**
 * Resolves a scikit-learn style nested parameter name (`model__max_depth`,
 * `model__estimator__C`) against a validated spec: the definition that constrains it.
 */
export function resolveParamPath(spec: EstimatorSpec, name: string, path: string): ParamDefinition {
  const parts = name.split('__');
  let current: EstimatorSpec = spec;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const owner = getEstimatorDefinition(current.type);
    const isLast = i === parts.length - 1;
    if (isLast) {
      const definition = owner.schema[part];
      if (!definition || definition.constraints.some((c) => c.kind === 'steps' || c.kind === 'estimators' || c.kind === 'estimator')) {
        throw new InvalidParameterError(path, `${JSON.stringify(name)} does not name a parameter: ${owner.displayName} has ${Object.keys(owner.schema).sort().join(', ')}`);
      }
      return definition;
    }
    const params = current.params ?? {};
    const named = namedEstimators(current);
    const step = named?.find(([stepName]) => stepName === part);
    if (step) {
      current = step[1];
    } else if (named && current.type === 'pipeline') {
      throw new InvalidParameterError(path, `${JSON.stringify(name)}: the pipeline has no step ${JSON.stringify(part)}; its steps are ${named.map(([stepName]) => stepName).join(', ')}`);
    } else if (isPlainObject(params[part]) && owner.schema[part]?.constraints.some((c) => c.kind === 'estimator')) {
      current = params[part] as unknown as EstimatorSpec;
    } else {
      throw new InvalidParameterError(path, `${JSON.stringify(name)}: ${owner.displayName} has no nested estimator ${JSON.stringify(part)}`);
    }
  }
  throw new InvalidParameterError(path, 'empty parameter name');
}

/**
 * The named estimators of a validated spec, under its parameter of kind `steps` (a pipeline's) or
 * `estimators` (an ensemble's), with that parameter's name; null for an estimator without them.
 */
function namedEstimatorsParam(spec: EstimatorSpec): { param: string; named: [string, EstimatorSpec][] } | null {
  const schema = getEstimatorDefinition(spec.type).schema;
  for (const [param, definition] of Object.entries(schema)) {
    const value = spec.params?.[param];
    if (Array.isArray(value) && definition.constraints.some((c) => c.kind === 'steps' || c.kind === 'estimators')) {
      return { param, named: value as unknown as [string, EstimatorSpec][] };
    }
  }
  return null;
}

/** A pipeline's steps or an ensemble's estimators, as `[name, spec]` pairs; null for other estimators. */
export function namedEstimators(spec: EstimatorSpec): [string, EstimatorSpec][] | null {
  return namedEstimatorsParam(spec)?.named ?? null;
}

/** A copy of `spec` with the nested parameter `name` (`model__n_estimators`, `rf__max_depth`) set to `value`. */
export function withParam(spec: EstimatorSpec, name: string, value: ParamValue): EstimatorSpec {
  const [head, ...rest] = name.split('__');
  const params: Record<string, ParamValue> = { ...(spec.params ?? {}) };
  const list = namedEstimatorsParam(spec);
  if (rest.length === 0) {
    params[head] = value;
  } else if (list?.named.some(([stepName]) => stepName === head)) {
    params[list.param] = list.named.map(([stepName, stepSpec]) =>
      stepName === head ? [stepName, withParam(stepSpec, rest.join('__'), value)] : [stepName, stepSpec],
    ) as unknown as ParamValue;
  } else {
    params[head] = withParam(params[head] as unknown as EstimatorSpec, rest.join('__'), value) as unknown as ParamValue;
  }
  return { type: spec.type, params };
}

/**
 * The relative cost of fitting a validated spec: a pipeline costs what its steps cost; an estimator
 * whose definition has no estimate counts 1. Used to start a sweep's costliest trials first, so
 * that no worker is left with one long fit at the end while the others idle.
 */
export function estimatedFitCost(spec: EstimatorSpec): number {
  const params = spec.params ?? {};
  if (Array.isArray(params['steps'])) {
    return (params['steps'] as unknown as [string, EstimatorSpec][]).reduce((sum, [, step]) => sum + estimatedFitCost(step), 0);
  }
  return getEstimatorDefinition(spec.type).relativeCost?.(params) ?? 1;
}

/**
 * The spec with its final estimator's `n_jobs` set to -1 (all cores) where it has that parameter.
 * n_jobs changes how fast a model fits, never the fitted model (random forests draw every tree's
 * seed up front), so a lone refit may use the whole machine.
 */
export function withAllCores(spec: EstimatorSpec): EstimatorSpec {
  const steps = spec.params?.['steps'];
  if (Array.isArray(steps) && steps.length > 0) {
    const [name, last] = steps[steps.length - 1] as unknown as [string, EstimatorSpec];
    return 'n_jobs' in getEstimatorDefinition(last.type).schema ? withParam(spec, `${name}__n_jobs`, -1) : spec;
  }
  return 'n_jobs' in getEstimatorDefinition(spec.type).schema ? withParam(spec, 'n_jobs', -1) : spec;
}
