import { InvalidParameterError } from '../base/errors';
import { int, isPlainObject, validateParamValue, type ParamDefinition, type Params, type ParamValue } from '../base/params';
import { correctlyRoundedPow } from '../random/correctly-rounded-pow';
import { NumpyRandomState } from '../random/numpy-random-state';
import { sampleWithoutReplacement } from '../random/sample-without-replacement';
import { gridPoint, gridSize, type ParamGridDict } from './parameter-grid';
import { RANDOM_STATE_PARAM } from './split';

/**
 * A scipy.stats distribution as JSON. `randint`: integers in [low, high); `uniform`: floats in
 * [low, high) (scipy's `uniform(loc=low, scale=high - low)`); `loguniform`: floats whose logarithm is
 * uniform between log(low) and log(high) (scipy's `loguniform(low, high)`, low > 0). Each is drawn
 * as scipy 1.10's `rvs(random_state=rng)` draws it from numpy's RandomState.
 */
export interface Distribution {
  readonly dist: 'randint' | 'uniform' | 'loguniform';
  readonly low: number;
  readonly high: number;
}

/** A list of values, drawn uniformly, or a distribution. */
export type ParamDistribution = readonly ParamValue[] | Distribution;

/** Parameter name (`model__max_depth`) to what its values are drawn from. */
export type ParamDistributionDict = { readonly [name: string]: ParamDistribution };

/** scikit-learn's `param_distributions`: one dict, or a list of dicts of which each candidate first picks one. */
export type ParamDistributions = ParamDistributionDict | readonly ParamDistributionDict[];

export interface ParameterSamplerOptions {
  readonly n_iter: number;
  readonly random_state?: number | null;
}

const DISTRIBUTION_NAMES: readonly Distribution['dist'][] = ['randint', 'uniform', 'loguniform'];
const N_ITER: ParamDefinition = { default: 10, constraints: [int(1)], description: 'Number of parameter settings sampled.' };

/**
 * scikit-learn's `ParameterSampler`, the candidates of `RandomizedSearchCV`, exactly: the same
 * settings in the same order for the same `random_state` (numpy's MT19937, see
 * random/numpy-random-state.ts). When every distribution is a list, grid points are drawn with
 * `sample_without_replacement` (the whole grid, in grid order and with a warning, when it has
 * fewer than `n_iter` points); otherwise each setting picks a dict (`rng.choice`), then draws each
 * parameter in sorted name order. Iterating twice with the same `random_state` gives the same settings.
 */
export class ParameterSampler implements Iterable<Params> {
  /** The number of grid points when every distribution is a list; `null` when some are continuous. */
  readonly gridSize: number | null;
  private readonly dicts: readonly ParamDistributionDict[];
  private readonly nIter: number;
  private readonly randomState: number | null;

  constructor(paramDistributions: ParamDistributions, options: ParameterSamplerOptions) {
    this.dicts = validateParamDistributions(paramDistributions);
    const { n_iter, random_state = null } = options;
    validateParamValue('n_iter', N_ITER, n_iter);
    validateParamValue('random_state', RANDOM_STATE_PARAM, random_state);
    this.nIter = n_iter;
    this.randomState = random_state;
    const allLists = this.dicts.every((dict) => Object.values(dict).every((distribution) => Array.isArray(distribution)));
    this.gridSize = allLists ? gridSize(this.dicts as readonly ParamGridDict[]) : null;
  }

  /** How many settings an iteration yields, as scikit-learn's `len(ParameterSampler(...))`. */
  get length(): number {
    return Math.min(this.nIter, this.gridSize ?? Infinity);
  }

  *[Symbol.iterator](): Iterator<Params> {
    const rng = new NumpyRandomState(this.randomState);
    const { gridSize } = this;
    if (gridSize !== null) {
      if (gridSize < this.nIter) {
        process.emitWarning(
          `The total space of parameters ${gridSize} is smaller than n_iter=${this.nIter}. Running ${gridSize} iterations. For exhaustive searches, use GridSearchCV.`,
          'UserWarning',
        );
      }
      for (const index of sampleWithoutReplacement(gridSize, this.length, rng)) yield gridPoint(this.dicts as readonly ParamGridDict[], index);
      return;
    }
    for (let i = 0; i < this.nIter; i++) {
      // `rng.choice(param_distributions)`: randint(0, len), which draws nothing for a single dict.
      const dict = this.dicts[rng.randint(0, this.dicts.length)];
      yield Object.fromEntries(Object.keys(dict).sort().map((name) => [name, draw(dict[name], rng)]));
    }
  }
}

/**
 * Checks a search space from outside (an HTTP body, a job payload) and returns it as a list of
 * dicts. Errors name the parameter: `param_distributions.C`, or `param_distributions[1].C` in a list.
 */
export function validateParamDistributions(value: unknown, path = 'param_distributions'): readonly ParamDistributionDict[] {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new InvalidParameterError(path, 'must be a dict or a non-empty list of dicts');
    return value.map((dict: unknown, i) => validateDict(dict, `${path}[${i}]`));
  }
  return [validateDict(value, path)];
}

function validateDict(value: unknown, path: string): ParamDistributionDict {
  if (!isPlainObject(value)) {
    throw new InvalidParameterError(path, `must be a dict from parameter names to lists or distributions; got ${JSON.stringify(value)}`);
  }
  for (const [name, distribution] of Object.entries(value)) validateDistribution(distribution, `${path}.${name}`);
  return value as ParamDistributionDict;
}

function validateDistribution(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new InvalidParameterError(path, 'must be a non-empty list of values');
    return;
  }
  const expected = 'a non-empty list of values or a distribution {"dist": "randint" | "uniform" | "loguniform", "low": ..., "high": ...}';
  if (!isPlainObject(value)) throw new InvalidParameterError(path, `must be ${expected}; got ${JSON.stringify(value)}`);
  const { dist, low, high } = value;
  const unknown = Object.keys(value).filter((key) => key !== 'dist' && key !== 'low' && key !== 'high');
  if (unknown.length > 0) throw new InvalidParameterError(path, `unknown field ${JSON.stringify(unknown[0])}; must be ${expected}`);
  if (typeof dist !== 'string' || !(DISTRIBUTION_NAMES as readonly string[]).includes(dist)) {
    throw new InvalidParameterError(path, `unknown distribution ${JSON.stringify(dist)}; must be one of ${DISTRIBUTION_NAMES.join(', ')}`);
  }
  const isBound = dist === 'randint' ? Number.isInteger : Number.isFinite;
  if (!isBound(low) || !isBound(high)) {
    throw new InvalidParameterError(path, `${dist} needs ${dist === 'randint' ? 'integer' : 'finite number'} bounds "low" and "high"; got ${JSON.stringify({ low, high })}`);
  }
  if ((low as number) >= (high as number)) throw new InvalidParameterError(path, `${dist} needs low < high; got low=${low}, high=${high}`);
  if (dist === 'loguniform' && (low as number) <= 0) throw new InvalidParameterError(path, `loguniform needs low > 0; got low=${low}`);
}

/** `v[rng.randint(len(v))]` for a list; scipy's `rvs` for a distribution: its `_rvs`, then `* scale + loc`. */
function draw(distribution: ParamDistribution, rng: NumpyRandomState): ParamValue {
  if (Array.isArray(distribution)) return distribution[rng.randint(0, distribution.length)];
  const { dist, low, high } = distribution as Distribution;
  switch (dist) {
    case 'randint':
      return rng.randint(low, high);
    case 'uniform':
      return rng.uniform(0, 1) * (high - low) + low;
    case 'loguniform':
      // reciprocal_gen has no _rvs: rv_continuous's inverse transform, _ppf(uniform()) = a * (b / a) ** q.
      return low * correctlyRoundedPow(high / low, rng.uniform(0, 1));
  }
}
