import { InvalidParameterError } from '../base/errors';
import type { Params } from '../base/params';
import type { CvResults } from './search';
import { correctlyRoundedLog, correctlyRoundedPow } from '../random/correctly-rounded-pow';
import { NumpyRandomState } from '../random/numpy-random-state';
import { numpyArgsort, pythonFloorDiv } from '../utils/numpy';

/** scikit-learn's `min_resources`: `exhaust`, `smallest`, or a positive int. */
export type MinResources = 'exhaust' | 'smallest' | number;

/** The parameters `HalvingGridSearchCV` and `HalvingRandomSearchCV` share, scikit-learn's names. */
export interface SuccessiveHalvingOptions {
  /** How many times fewer candidates, and more resources, each iteration has; > 1. */
  readonly factor: number;
  /** `n_samples`, or an int parameter of the estimator (`model__n_estimators`) that grows instead. */
  readonly resource: string;
  readonly min_resources: MinResources;
  /** `auto` is the training part's n_samples (only with `resource="n_samples"`). */
  readonly max_resources: 'auto' | number;
  /** Keep the first iteration's resources until few enough candidates remain for the last one to get max_resources. */
  readonly aggressive_elimination: boolean;
}

/** What the schedule depends on beside the options: the data `fit` would see, and the folds. */
export interface HalvingData {
  /** Samples of the training part (scikit-learn's `_num_samples(X)`). */
  readonly nSamples: number;
  readonly nSplits: number;
  /** Distinct labels of the training part (`np.unique(y)`). */
  readonly nClasses: number;
}

/**
 * What `BaseSuccessiveHalving._run_search` decides before it fits anything: the resources and
 * the number of candidates of every iteration, under the names of the attributes it sets. The
 * counts never depend on scores: iteration i + 1 keeps `ceil(n_candidates_[i] / factor)`.
 */
export interface HalvingSchedule {
  readonly factor: number;
  readonly resource: string;
  readonly min_resources_: number;
  readonly max_resources_: number;
  readonly n_resources_: readonly number[];
  readonly n_candidates_: readonly number[];
  readonly n_iterations_: number;
  readonly n_required_iterations_: number;
  readonly n_possible_iterations_: number;
  readonly n_remaining_candidates_: number;
}

/**
 * `_check_input_parameters`' `min_resources_` and `max_resources_` (before `exhaust` raises the
 * minimum): `smallest` is `n_splits * 2 * n_classes` samples, or 1 of an estimator parameter;
 * `auto` is all samples. Errors name the request field.
 */
export function initialResources(options: SuccessiveHalvingOptions, data: HalvingData): { min_resources_: number; max_resources_: number } {
  const { resource, min_resources, max_resources } = options;
  const bySamples = resource === 'n_samples';
  if (max_resources === 'auto' && !bySamples) {
    throw new InvalidParameterError('max_resources', `resource can only be "n_samples" when max_resources="auto"; give max_resources, the largest ${resource} to try`);
  }
  const max = max_resources === 'auto' ? data.nSamples : max_resources;
  if (bySamples && max > data.nSamples) {
    throw new InvalidParameterError('max_resources', `${max} is more samples than the ${data.nSamples} of the training part (the split's train side)`);
  }
  // https://gph.is/1KjihQe, as scikit-learn justifies its "magic factor" of 2.
  const min = typeof min_resources === 'number' ? min_resources : bySamples ? data.nSplits * 2 * data.nClasses : 1;
  if (min > max) {
    throw new InvalidParameterError(
      'min_resources',
      `min_resources_=${min}${typeof min_resources === 'number' ? '' : ` (${min_resources}${bySamples ? ': cv * 2 * n_classes' : ''})`} is greater than max_resources_=${max}`,
    );
  }
  return { min_resources_: min, max_resources_: max };
}

/** `HalvingRandomSearchCV`'s first-iteration candidates: `n_candidates`, or with `exhaust` as many as let the last iteration use `max_resources_`. */
export function halvingRandomCandidates(nCandidates: 'exhaust' | number, options: SuccessiveHalvingOptions, data: HalvingData): number {
  if (nCandidates !== 'exhaust') return nCandidates;
  if (options.min_resources === 'exhaust') {
    // Each would need the other to be known first.
    throw new InvalidParameterError('n_candidates', 'n_candidates and min_resources cannot be both "exhaust"');
  }
  const { min_resources_, max_resources_ } = initialResources(options, data);
  return pythonFloorDiv(max_resources_, min_resources_);
}

/** `_run_search`'s schedule for `nCandidates` first-iteration candidates. */
export function planHalvingSchedule(nCandidates: number, options: SuccessiveHalvingOptions, data: HalvingData): HalvingSchedule {
  const { factor } = options;
  if (!(factor > 1)) throw new InvalidParameterError('factor', `must be a number greater than 1, got ${factor}`);
  if (!Number.isInteger(nCandidates) || nCandidates < 1) throw new RangeError(`nCandidates must be a positive integer, got ${nCandidates}`);
  const initial = initialResources(options, data);
  // Enough iterations that the last one evaluates fewer than `factor` candidates.
  const nRequired = 1 + Math.floor(pythonLog(nCandidates, factor));
  // `exhaust` starts as high as lets the last required iteration use as much as possible.
  const minResources =
    options.min_resources === 'exhaust' ? Math.max(initial.min_resources_, pythonFloorDiv(initial.max_resources_, pythonPow(factor, nRequired - 1))) : initial.min_resources_;
  const maxResources = initial.max_resources_;
  const nPossible = 1 + Math.floor(pythonLog(pythonFloorDiv(maxResources, minResources), factor));
  const nIterations = options.aggressive_elimination ? nRequired : Math.min(nPossible, nRequired);
  const nResources: number[] = [];
  const counts: number[] = [];
  let remaining = nCandidates;
  for (let itr = 0; itr < nIterations; itr++) {
    // Aggressive elimination stays at the first iteration's resources while it eliminates.
    const power = options.aggressive_elimination ? Math.max(0, itr - nRequired + nPossible) : itr;
    nResources.push(Math.min(Math.trunc(pythonPow(factor, power) * minResources), maxResources));
    counts.push(remaining);
    remaining = Math.ceil(remaining / factor);
  }
  return {
    factor,
    resource: options.resource,
    min_resources_: minResources,
    max_resources_: maxResources,
    n_resources_: nResources,
    n_candidates_: counts,
    n_iterations_: nIterations,
    n_required_iterations_: nRequired,
    n_possible_iterations_: nPossible,
    n_remaining_candidates_: remaining,
  };
}

/** The cv_results_ rows (positions) of each iteration: iteration i's candidates follow all of iteration i - 1's. */
export function iterationRows(schedule: Pick<HalvingSchedule, 'n_candidates_'>): { start: number; end: number }[] {
  let start = 0;
  return schedule.n_candidates_.map((count) => {
    const rows = { start, end: start + count };
    start += count;
    return rows;
  });
}

/** The iteration a cv_results_ row belongs to (its `iter` column). */
export function iterationOf(schedule: Pick<HalvingSchedule, 'n_candidates_'>, row: number): number {
  const iteration = iterationRows(schedule).findIndex(({ start, end }) => row >= start && row < end);
  if (iteration < 0) throw new RangeError(`row ${row} is past the schedule's ${schedule.n_candidates_.reduce((a, b) => a + b, 0)} rows`);
  return iteration;
}

/**
 * scikit-learn's `_top_k` on one iteration's mean test scores (null is nan): the positions of the
 * `k` best, worst of them first, as `np.argsort` orders them (ties as its quicksort leaves them,
 * nan moved before every score, so that a failed candidate survives only when too few scored).
 */
export function halvingTopK(meanScores: readonly (number | null)[], k: number): number[] {
  const scores = Float64Array.from(meanScores, (score) => score ?? NaN);
  const sorted = numpyArgsort(scores);
  const n = sorted.length;
  const nans = scores.filter(Number.isNaN).length;
  // np.roll(sorted, nans)[-k:]: rolled[i] = sorted[(i - nans) mod n].
  return Array.from({ length: Math.min(k, n) }, (_, j) => sorted[(((n - Math.min(k, n) + j - nans) % n) + n) % n]);
}

/**
 * The candidates of iteration `iteration + 1`: the survivors of `iteration` (its rows' settings
 * and mean scores given), in `_top_k`'s order; with an estimator parameter as the resource, each
 * survivor's setting carries the next iteration's amount of it.
 */
export function nextIterationParams(schedule: HalvingSchedule, iteration: number, params: readonly Params[], meanScores: readonly (number | null)[]): Params[] {
  const next = iteration + 1;
  if (next >= schedule.n_iterations_) throw new RangeError(`iteration ${iteration} is the schedule's last`);
  if (params.length !== schedule.n_candidates_[iteration] || meanScores.length !== params.length) {
    throw new RangeError(`iteration ${iteration} has ${schedule.n_candidates_[iteration]} candidates; got ${params.length} settings and ${meanScores.length} scores`);
  }
  const kept = halvingTopK(meanScores, schedule.n_candidates_[next]).map((position) => params[position]);
  return schedule.resource === 'n_samples' ? kept : kept.map((setting) => ({ ...setting, [schedule.resource]: schedule.n_resources_[next] }));
}

/**
 * `_select_best_index`: the best candidate of the last iteration, not of all of them; its first
 * row when every score there is nan (null), else the first row with the highest mean.
 */
export function halvingBestIndex(iterations: readonly number[], meanScores: readonly (number | null)[]): number | null {
  if (iterations.length === 0) return null;
  const last = Math.max(...iterations);
  let best: number | null = null;
  iterations.forEach((iteration, row) => {
    if (iteration !== last) return;
    const score = meanScores[row];
    if (best === null || (score !== null && (meanScores[best] === null || score > (meanScores[best] as number)))) best = row;
  });
  return best;
}

/**
 * `_SubsampleMetaSplitter`'s subsample of one side of a fold: `resample(indices, replace=False,
 * n_samples=int(fraction * len(indices)), random_state)`, a fresh RandomState(seed) for each
 * call, so train and validation sides of every fold are drawn from the same seed.
 */
export function subsampleIndices(indices: ArrayLike<number>, fraction: number, randomState: number): Int32Array {
  const size = Math.trunc(fraction * indices.length);
  const order = new NumpyRandomState(randomState).permutation(indices.length);
  return Int32Array.from(order.subarray(0, size), (position) => indices[position]);
}

/** Python's `math.log(x, base)`: log(x) / log(base) of correctly rounded logs, rounding included (`log(243, 3)` is below 5). */
const pythonLog = (x: number, base: number) => correctlyRoundedLog(x) / correctlyRoundedLog(base);

/** Python's `factor ** power`: exact for an int factor, glibc's `pow` for a float one. */
function pythonPow(base: number, exponent: number): number {
  if (!Number.isInteger(base)) return correctlyRoundedPow(base, exponent);
  let result = 1;
  for (let i = 0; i < exponent; i++) result *= base;
  return result;
}

/**
 * A halving search's `cv_results_` from aggregateCvResults over all its rows so far: the `iter`
 * and `n_resources` columns, and `best_*` as `_select_best_index` picks them, from the latest
 * iteration only. Where scikit-learn declares the first row best when every score of that
 * iteration is nan, here there is no best (nothing to refit), as for the other searches.
 */
export function withHalvingColumns(results: CvResults, schedule: Pick<HalvingSchedule, 'n_candidates_' | 'n_resources_'>): CvResults {
  const iter = results.params.map((_, row) => iterationOf(schedule, row));
  const picked = halvingBestIndex(iter, results.mean_test_score);
  const best = picked !== null && results.mean_test_score[picked] !== null ? picked : null;
  return {
    ...results,
    iter,
    n_resources: iter.map((iteration) => schedule.n_resources_[iteration]),
    best_index: best,
    best_params: best === null ? null : results.params[best],
    best_score: best === null ? null : results.mean_test_score[best],
  };
}
