import type { EstimatorSpec, Json } from '../api/types';

export interface PipelineStep {
  name: string;
  type: string;
  params: { [name: string]: Json };
}

function isEstimatorSpec(value: Json | undefined): value is EstimatorSpec & { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value['type'] === 'string';
}

/** A pipeline's steps as [name, spec] pairs; any other estimator is a one-step list named after its type. */
export function pipelineSteps(spec: EstimatorSpec): PipelineStep[] {
  const steps = spec.params['steps'];
  if (spec.type !== 'pipeline' || !Array.isArray(steps)) return [{ name: spec.type, type: spec.type, params: spec.params }];
  return steps.flatMap((step) => {
    if (!Array.isArray(step) || typeof step[0] !== 'string' || !isEstimatorSpec(step[1])) return [];
    return [{ name: step[0], type: step[1].type, params: step[1].params }];
  });
}

/**
 * Every parameter under scikit-learn's `get_params(deep=True)` names: a pipeline step's parameters
 * are `<step>__<param>` (the names a sweep's param_distributions use).
 */
export function flattenParams(spec: EstimatorSpec, prefix = ''): Record<string, Json> {
  const flat: Record<string, Json> = {};
  for (const [name, value] of Object.entries(spec.params)) {
    if (spec.type === 'pipeline' && name === 'steps') continue;
    if (isEstimatorSpec(value)) Object.assign(flat, flattenParams(value, `${prefix}${name}__`));
    else flat[`${prefix}${name}`] = value;
  }
  if (spec.type === 'pipeline') {
    for (const step of pipelineSteps(spec)) Object.assign(flat, flattenParams(step, `${prefix}${step.name}__`));
  }
  return flat;
}

/** The parameters worth a column in a table, per final estimator type. */
export const KEY_PARAMS: Record<string, readonly string[]> = {
  logistic_regression: ['C', 'solver', 'max_iter'],
  random_forest: ['n_estimators', 'max_depth', 'min_samples_leaf', 'max_features'],
};
