import { InvalidParameterError } from '../base/errors';
import type { EstimatorSpec } from '../base/estimator';
import { describeAllowed, satisfies, type Constraint, type Params, type ParamValue } from '../base/params';
import { getEstimatorDefinition } from '../spec/catalog';
import type { ScorerName } from '../spec/scoring';
import { numpySum } from '../utils/numpy';
import { namedEstimators, resolveParamPath, validateSpec, withParam } from '../spec/validate-spec';
import { ParameterGrid, validateParamGrid } from './parameter-grid';
import {
  ParameterSampler,
  validateParamDistributions,
  type Distribution,
  type ParamDistributionDict,
  type ParameterSamplerOptions,
} from './parameter-sampler';

/** One parameter setting of a search and the estimator it describes. */
export interface SearchCandidate {
  /** Position in `cv_results_`; jobs and fold results refer to the candidate by it. */
  readonly index: number;
  /** The sampled setting, keyed by scikit-learn's nested names (`model__n_estimators`). */
  readonly params: Params;
  /** The search's estimator with `params` applied, validated, defaults filled in. */
  readonly estimator: EstimatorSpec;
}

/** What one (candidate, fold) job reports; `test_score: null` is a failed fit (scikit-learn's `error_score=nan`). */
export interface FoldResult {
  readonly candidate: number;
  readonly fold: number;
  /** The first scorer's validation score. */
  readonly test_score: number | null;
  /** Every scorer's validation score; without it only the first scorer's (`test_score`) is known. */
  readonly test_scores?: Readonly<Record<string, number | null>> | null;
  /** Every scorer's score on the fold's training part, when the search returns train scores. */
  readonly train_scores?: Readonly<Record<string, number | null>> | null;
  readonly fit_time: number;
  readonly score_time: number;
}

/** A score or time where scikit-learn has nan: a failed fit, or a candidate whose folds are not all in yet. */
export type MaybeNumber = number | null;

/** How a search scores: scikit-learn's `scoring`, `refit` and `return_train_score`. */
export interface SearchScoring {
  /** The scorers; `refit` first. */
  readonly scorers: readonly ScorerName[];
  /** `scoring` was a list: score columns are named by scorer (`mean_test_f1_macro`), not `_score`. */
  readonly multimetric: boolean;
  /** The scorer that ranks for `best_*`. */
  readonly refit: ScorerName;
  readonly returnTrainScore: boolean;
}

/** `scoring=None` for a classifier: its `score`, accuracy. */
export const DEFAULT_SEARCH_SCORING: SearchScoring = { scorers: ['accuracy'], multimetric: false, refit: 'accuracy', returnTrainScore: false };

/**
 * scikit-learn's `cv_results_`, as JSON (nan is `null`), plus the `best_*` attributes. Column `i`
 * of every array is candidate `i`. Score columns end in `_score` for a single scorer and in the
 * scorer's name with several (`split0_test_f1_macro`, `mean_test_f1_macro`, `rank_test_f1_macro`,
 * `mean_train_f1_macro` with train scores); `mean_test_score`, `std_test_score` and
 * `rank_test_score` are always there, the refit scorer's, so that a reader of one score need not
 * know the scoring.
 */
export interface CvResults {
  /** `split0_test_score`, `split1_test_score`, ...: each fold's score; also `split0_train_<scorer>`. */
  readonly [split: `split${number}_${'test' | 'train'}_${string}`]: readonly MaybeNumber[];
  readonly [mean: `${'mean' | 'std' | 'rank'}_${'test' | 'train'}_${string}`]: readonly MaybeNumber[];
  readonly params: readonly Params[];
  readonly mean_test_score: readonly MaybeNumber[];
  readonly std_test_score: readonly MaybeNumber[];
  /** 1 is best; candidates without a mean score tie after all others (all 1 when none has one). */
  readonly rank_test_score: readonly number[];
  readonly mean_fit_time: readonly MaybeNumber[];
  readonly std_fit_time: readonly MaybeNumber[];
  readonly mean_score_time: readonly MaybeNumber[];
  readonly std_score_time: readonly MaybeNumber[];
  /** How many of the `n_splits` folds each candidate has reported, failed ones included. */
  readonly n_splits_reported: readonly number[];
  /** Whether every fold of every candidate has reported: the results are final. */
  readonly complete: boolean;
  /** The lowest-index candidate ranked 1; `null` while no candidate has a mean score. */
  readonly best_index: number | null;
  readonly best_params: Params | null;
  readonly best_score: number | null;
  /** Successive halving only: the iteration of each row (a candidate appears once per iteration it survives to). */
  readonly iter?: readonly number[];
  /** Successive halving only: the resources each row was fitted with. */
  readonly n_resources?: readonly number[];
}

/**
 * The candidates of scikit-learn's `RandomizedSearchCV(estimator, param_distributions, n_iter,
 * random_state)`. Before anything is drawn, every parameter name must resolve to a parameter of
 * `estimator` (validateSpec's output) and every value a distribution can produce must be allowed
 * for it, so that a bad search space fails at submission rather than as failed fits: each listed
 * value (not only the sampled ones), and the range of each `randint` / `uniform` / `loguniform`.
 * Errors name the field under `path`: `param_distributions.model__max_depth[4]`.
 */
export function planSearch(
  estimator: EstimatorSpec,
  paramDistributions: unknown,
  options: ParameterSamplerOptions,
  path = 'param_distributions',
): SearchCandidate[] {
  const dicts = validateParamDistributions(paramDistributions, path);
  dicts.forEach((dict, i) => validateAgainstEstimator(estimator, dict, Array.isArray(paramDistributions) ? `${path}[${i}]` : path));
  const sampler = new ParameterSampler(dicts, options);
  // A grid smaller than n_iter is returned whole either way; asking for exactly its size draws the
  // same settings without ParameterSampler's process warning, which in a server would only be log
  // noise: the caller sees the shortfall in the number of candidates.
  const { gridSize } = sampler;
  const settings = gridSize !== null && gridSize < options.n_iter ? new ParameterSampler(dicts, { ...options, n_iter: gridSize }) : sampler;
  return [...settings].map((params, index) => searchCandidate(estimator, params, index));
}

/**
 * The candidates of scikit-learn's `GridSearchCV(estimator, param_grid)`: every point of the grid,
 * in `ParameterGrid` order, each listed value checked against the estimator as for `planSearch`.
 * Errors name the field under `path`: `param_grid.model__max_depth[1]`, `param_grid[1].model__C`.
 */
export function planGridSearch(estimator: EstimatorSpec, paramGrid: unknown, path = 'param_grid'): SearchCandidate[] {
  const dicts = validateParamGrid(paramGrid, path);
  dicts.forEach((dict, i) => validateAgainstEstimator(estimator, dict, Array.isArray(paramGrid) ? `${path}[${i}]` : path));
  return [...new ParameterGrid(dicts)].map((params, index) => searchCandidate(estimator, params, index));
}

/**
 * A candidate from its sampled setting: how a worker rebuilds candidate `index` of a stored sweep
 * (the settings are stored, not re-drawn: with `random_state: null` they could not be).
 */
export function searchCandidate(estimator: EstimatorSpec, params: Params, index: number): SearchCandidate {
  return {
    index,
    params,
    estimator: validateSpec(
      Object.entries(params).reduce((spec, [name, value]) => withParam(spec, name, value), estimator),
      'estimator',
    ),
  };
}

function validateAgainstEstimator(estimator: EstimatorSpec, dict: ParamDistributionDict, path: string): void {
  for (const [name, distribution] of Object.entries(dict)) {
    const namePath = `${path}.${name}`;
    const definition = resolveParamPath(estimator, name, namePath);
    // "0 is not allowed for model__max_depth (RandomForestClassifier): must be an int in the range [1, inf) or null"
    const notAllowed = (fieldPath: string, what: string) =>
      new InvalidParameterError(
        fieldPath,
        `${what} not allowed for ${name} (${getEstimatorDefinition(ownerSpec(estimator, name).type).displayName}): must be ${describeAllowed(definition)}`,
      );
    if (Array.isArray(distribution)) {
      distribution.forEach((value: ParamValue, i) => {
        if (!definition.constraints.some((constraint) => satisfies(value, constraint))) {
          throw notAllowed(`${namePath}[${i}]`, `${JSON.stringify(value)} is`);
        }
      });
    } else {
      const problem = distributionProblem(distribution as Distribution, definition.constraints);
      if (problem !== null) throw notAllowed(namePath, `${describeDistribution(distribution as Distribution)} ${problem}`);
    }
  }
}

/**
 * What `distribution` can draw that violates the constraints, phrased to precede "not allowed"
 * ("can draw 0, which is"), or null when everything it draws fits one constraint. Int and float constraints are intervals, so checking the ends of the range suffices.
 */
function distributionProblem({ dist, low, high }: Distribution, constraints: readonly Constraint[]): string | null {
  if (dist === 'randint') {
    // Integers in [low, high); an int is also a valid float, as scikit-learn's Interval(Real, ...) accepts.
    const numeric = constraints.filter((constraint) => constraint.kind === 'int' || constraint.kind === 'float');
    const last = high - 1;
    if (numeric.some((constraint) => satisfies(low, constraint) && satisfies(last, constraint))) return null;
    const outside = [low, last].find((value) => !numeric.some((constraint) => satisfies(value, constraint)));
    return outside === undefined ? `draws integers from ${low} to ${last}, some of which are` : `can draw ${outside}, which is`;
  }
  // Floats in [low, high): `low` itself can be drawn, `high` only approached.
  const floats = constraints.filter((constraint): constraint is Extract<Constraint, { kind: 'float' }> => constraint.kind === 'float');
  if (floats.length === 0) return 'draws floats, which are';
  if (floats.some((constraint) => satisfies(low, constraint) && (constraint.max === undefined || high <= constraint.max))) return null;
  return floats.some((constraint) => satisfies(low, constraint)) ? `can draw values up to ${high}, which are` : `can draw ${low}, which is`;
}

const describeDistribution = ({ dist, low, high }: Distribution) => `${dist}(${low}, ${high})`;

/**
 * The (nested) spec whose own parameter `name` is: `model__max_depth` → the pipeline's `model`
 * step, `model__rf__n_estimators` → the `rf` estimator of a voting `model`, `model__estimator__C`
 * → a one-vs-rest's `estimator`. `name` has already been resolved by resolveParamPath, so every
 * part exists.
 */
function ownerSpec(spec: EstimatorSpec, name: string): EstimatorSpec {
  const [head, ...rest] = name.split('__');
  if (rest.length === 0) return spec;
  const nested = namedEstimators(spec)?.find(([stepName]) => stepName === head)?.[1] ?? (spec.params?.[head] as unknown as EstimatorSpec);
  return ownerSpec(nested, rest.join('__'));
}

/**
 * scikit-learn's `cv_results_` from the fold results reported so far (in any order), as
 * `BaseSearchCV._format_results` computes them: per candidate the fold scores, their mean and
 * population standard deviation (`np.average`, so any failed fold makes both nan), the same for
 * fit and score times, and the rank by mean score, where candidates without a mean tie after all
 * others (all rank 1 when none has one). Each scorer of `scoring` gets its columns and its rank
 * (and train columns with `returnTrainScore`); the best candidate is the lowest index of rank 1 by
 * the refit scorer, as `rank_test_<refit>.argmin()`.
 *
 * While a sweep runs, a candidate with folds still missing has null means and standard deviations
 * (scores and times alike) and ranks with the failed candidates, so "best so far" is chosen among
 * complete candidates only; `best_*` stay null until some complete candidate has a score. scikit-learn
 * raises when every fit fails; here that is simply `best_index: null` once `complete` is true.
 */
export function aggregateCvResults(
  candidates: readonly SearchCandidate[],
  folds: readonly FoldResult[],
  nSplits: number,
  scoring: SearchScoring = DEFAULT_SEARCH_SCORING,
): CvResults {
  if (!Number.isInteger(nSplits) || nSplits < 1) throw new RangeError(`nSplits must be a positive integer, got ${nSplits}`);
  if (!scoring.scorers.includes(scoring.refit)) throw new RangeError(`refit ${scoring.refit} is not one of the scorers ${scoring.scorers.join(', ')}`);
  candidates.forEach((candidate, i) => {
    if (candidate.index !== i) throw new RangeError(`candidates must be in index order: position ${i} holds candidate ${candidate.index}`);
  });
  // NaN, as in scikit-learn's arrays, both for a failed fit and (until it reports) a missing fold.
  const grid = () => Array.from(candidates, () => new Float64Array(nSplits).fill(NaN));
  const sets = scoring.returnTrainScore ? (['test', 'train'] as const) : (['test'] as const);
  const scores = new Map(sets.flatMap((set) => scoring.scorers.map((name) => [`${set}_${name}`, grid()] as const)));
  const fitTimes = grid();
  const scoreTimes = grid();
  const reported = Array.from(candidates, () => new Array<boolean>(nSplits).fill(false));
  for (const result of folds) {
    const { candidate, fold } = result;
    if (!Number.isInteger(candidate) || candidate < 0 || candidate >= candidates.length) {
      throw new RangeError(`fold result for candidate ${candidate}, but there are ${candidates.length} candidates`);
    }
    if (!Number.isInteger(fold) || fold < 0 || fold >= nSplits) throw new RangeError(`fold result for fold ${fold}, but there are ${nSplits} folds`);
    if (reported[candidate][fold]) throw new RangeError(`fold ${fold} of candidate ${candidate} is reported twice`);
    reported[candidate][fold] = true;
    scoring.scorers.forEach((name, k) => {
      const test = result.test_scores ? result.test_scores[name] : k === 0 ? result.test_score : null;
      (scores.get(`test_${name}`) as Float64Array[])[candidate][fold] = test ?? NaN;
      if (scoring.returnTrainScore) (scores.get(`train_${name}`) as Float64Array[])[candidate][fold] = result.train_scores?.[name] ?? NaN;
    });
    fitTimes[candidate][fold] = result.fit_time;
    scoreTimes[candidate][fold] = result.score_time;
  }
  const nReported = reported.map((flags) => flags.filter(Boolean).length);
  const isComplete = nReported.map((n) => n === nSplits);
  const summarize = (rows: readonly Float64Array[]) => rows.map((row, c) => (isComplete[c] ? meanAndStd(row) : { mean: NaN, std: NaN }));
  const suffix = (name: ScorerName) => (scoring.multimetric ? name : 'score');

  const columns: Record<string, MaybeNumber[]> = {};
  const ranksByScorer = new Map<ScorerName, number[]>();
  for (const set of sets) {
    for (const name of scoring.scorers) {
      const rows = scores.get(`${set}_${name}`) as Float64Array[];
      const summary = summarize(rows);
      for (let k = 0; k < nSplits; k++) columns[`split${k}_${set}_${suffix(name)}`] = rows.map((row) => nanToNull(row[k]));
      columns[`mean_${set}_${suffix(name)}`] = summary.map(({ mean }) => nanToNull(mean));
      columns[`std_${set}_${suffix(name)}`] = summary.map(({ std }) => nanToNull(std));
      if (set === 'test') {
        const ranks = rankByMeanScore(summary.map(({ mean }) => mean));
        ranksByScorer.set(name, ranks);
        columns[`rank_test_${suffix(name)}`] = ranks;
      }
    }
  }
  const meanTestScores = columns[`mean_test_${suffix(scoring.refit)}`];
  const ranks = ranksByScorer.get(scoring.refit) as number[];
  const rankOne = ranks.indexOf(1);
  const best = rankOne >= 0 && meanTestScores[rankOne] !== null ? rankOne : null;
  const fit = summarize(fitTimes);
  const score = summarize(scoreTimes);
  return {
    params: candidates.map((candidate) => candidate.params),
    ...columns,
    mean_test_score: meanTestScores,
    std_test_score: columns[`std_test_${suffix(scoring.refit)}`],
    rank_test_score: ranks,
    mean_fit_time: fit.map(({ mean }) => nanToNull(mean)),
    std_fit_time: fit.map(({ std }) => nanToNull(std)),
    mean_score_time: score.map(({ mean }) => nanToNull(mean)),
    std_score_time: score.map(({ std }) => nanToNull(std)),
    n_splits_reported: nReported,
    complete: isComplete.every(Boolean),
    best_index: best,
    best_params: best === null ? null : candidates[best].params,
    best_score: best === null ? null : meanTestScores[best],
  };
}

const nanToNull = (value: number): MaybeNumber => (Number.isNaN(value) ? null : value);

/** `np.average(row)` and `np.sqrt(np.average((row - mean) ** 2))`: nan as soon as one value is. */
function meanAndStd(row: Float64Array): { mean: number; std: number } {
  const mean = numpySum(row) / row.length;
  return { mean, std: Math.sqrt(numpySum(row.map((value) => (value - mean) ** 2)) / row.length) };
}

/**
 * `rankdata(-means, method="min")` after scikit-learn replaces nan means by `nanmin(means) - 1`:
 * ties share the best rank, nan ties after every number; all 1 when every mean is nan.
 */
function rankByMeanScore(means: readonly number[]): number[] {
  const finite = means.filter((mean) => !Number.isNaN(mean));
  if (finite.length === 0) return means.map(() => 1);
  const worst = Math.min(...finite) - 1;
  const values = means.map((mean) => (Number.isNaN(mean) ? worst : mean));
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
  const ranks = new Array<number>(values.length);
  order.forEach((candidate, position) => {
    const previous = order[position - 1];
    ranks[candidate] = position > 0 && values[previous] === values[candidate] ? ranks[previous] : position + 1;
  });
  return ranks;
}
