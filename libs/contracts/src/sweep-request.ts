import {
  CV_PARAM,
  DATASET_DEFINITIONS,
  InvalidParameterError,
  RANDOM_STATE_PARAM,
  boolean,
  getEstimatorDefinition,
  int,
  isPlainObject,
  planSearch,
  validateParamValue,
  validateSpec,
  type DatasetCatalog,
  type EstimatorSpec,
  type ParamDefinition,
  type ParamDistributions,
  type ParamValue,
  type SearchCandidate,
  admitSearch,
  isScorerName,
  gridSize,
  planGridSearch,
  SCORER_NAMES,
  validateParamGrid,
  type ParamGrid,
  type FitLimits,
  type ScorerName,
  type SearchScoring,
  halvingRandomCandidates,
  planHalvingSchedule,
  resolveParamPath,
  satisfies,
  searchCandidate,
  float,
  options,
  type HalvingSchedule,
  type MinResources,
  type SuccessiveHalvingOptions,
  type HalvingData,
  describeAllowed,
} from '@mnist-lab/ml/spec';
import { datasetDefinition, finalEstimatorType, rejectUnknownFields, trainingData, validateDataset, validateNSamples, validateSplit, type SplitSpec } from './run-request';

/**
 * scikit-learn's `scoring`: one scorer name (columns `mean_test_score`, ...) or a list of them
 * (columns `mean_test_<scorer>`, ...). The default, `accuracy`, is what `scoring=None` means for a
 * classifier: its `score`.
 */
export type SweepScoring = ScorerName | readonly ScorerName[];

/**
 * How a sweep picks its candidates: `random` is `RandomizedSearchCV` (the default), `grid` is
 * `GridSearchCV`, `halving_random` and `halving_grid` are `HalvingRandomSearchCV` and
 * `HalvingGridSearchCV` (successive halving: iterations of fewer candidates on more resources).
 */
export const SEARCH_STRATEGIES = ['random', 'grid', 'halving_random', 'halving_grid'] as const;
export type SearchStrategy = (typeof SEARCH_STRATEGIES)[number];

/** What every search strategy's request has. */
interface SweepRequestBase {
  readonly search: SearchStrategy;
  readonly dataset: string;
  /** Use only the first n samples of the dataset (in its published order); null = all. */
  readonly n_samples: number | null;
  /** Cross-validation runs on the training part of this split; the test part is kept for the refit. */
  readonly split: SplitSpec;
  /** The base estimator, defaults filled in; each candidate overrides the searched parameters. */
  readonly estimator: EstimatorSpec;
  /** Number of `StratifiedKFold` folds. */
  readonly cv: number;
  readonly scoring: SweepScoring;
  /** Also score each fold's training part (`mean_train_<scorer>` columns). */
  readonly return_train_score: boolean;
  /**
   * Whether to train the best candidate on the whole training part once the sweep is done; with
   * several scorers, the name of the one that picks the best (scikit-learn's `refit="f1_macro"`).
   */
  readonly refit: boolean | ScorerName;
}

/** scikit-learn's `RandomizedSearchCV` on the run's training set. */
export interface RandomSearchRequest extends SweepRequestBase {
  readonly search: 'random';
  /** As submitted (validated): a dict, or a list of dicts, of lists and distributions. */
  readonly param_distributions: ParamDistributions;
  readonly n_iter: number;
  /** Seed of the candidate sampling (numpy's, as scikit-learn's); null samples differently each time. */
  readonly random_state: number | null;
}

/** scikit-learn's `GridSearchCV` on the run's training set: every point of `param_grid`, in `ParameterGrid` order. */
export interface GridSearchRequest extends SweepRequestBase {
  readonly search: 'grid';
  /** As submitted (validated): a dict, or a list of dicts, of lists. */
  readonly param_grid: ParamGrid;
}

/** The successive halving parameters both halving searches share, as scikit-learn names them. */
interface SuccessiveHalvingFields extends SuccessiveHalvingOptions {
  /** Seed of the candidate sampling (halving_random) and of each iteration's subsample of n_samples; null draws one per sweep. */
  readonly random_state: number | null;
}

/** scikit-learn's `HalvingRandomSearchCV`: `n_candidates` sampled settings, then successive halving. */
export interface HalvingRandomSearchRequest extends SweepRequestBase, SuccessiveHalvingFields {
  readonly search: 'halving_random';
  readonly param_distributions: ParamDistributions;
  /** Candidates of the first iteration; `exhaust`: as many as let the last iteration use max_resources. */
  readonly n_candidates: 'exhaust' | number;
}

/** scikit-learn's `HalvingGridSearchCV`: every point of `param_grid`, then successive halving. */
export interface HalvingGridSearchRequest extends SweepRequestBase, SuccessiveHalvingFields {
  readonly search: 'halving_grid';
  readonly param_grid: ParamGrid;
}

export type HalvingSearchRequest = HalvingRandomSearchRequest | HalvingGridSearchRequest;

/** A tuning sweep as stored and executed; stored sweeps from before `search` existed are `random`. */
export type SweepRequest = RandomSearchRequest | GridSearchRequest | HalvingSearchRequest;

export const isHalvingSearch = (request: SweepRequest): request is HalvingSearchRequest => request.search === 'halving_random' || request.search === 'halving_grid';

/**
 * A valid sweep and the candidates it samples, to be stored together: with `random_state: null`
 * they cannot be drawn again. A halving search's candidates are its first iteration's, and
 * `halving` is its schedule (null for the other searches, and where the dataset's size is not
 * known, as when a stored sweep of an imported dataset is decoded).
 */
export interface ValidatedSweep {
  readonly request: SweepRequest;
  readonly candidates: SearchCandidate[];
  readonly halving: HalvingSchedule | null;
}

/** Each trial (candidate x fold) is a job; this bounds the queue and the results table one request can create. */
export const MAX_SWEEP_TRIALS = 10_000;

const HALVING_FIELDS = ['factor', 'resource', 'min_resources', 'max_resources', 'aggressive_elimination'];
const COMMON_FIELDS = ['search', 'dataset', 'n_samples', 'split', 'estimator', 'cv', 'scoring', 'refit', 'return_train_score'];
/** The fields only one strategy has, each with the search class it is a parameter of. */
const STRATEGY_FIELDS: Record<SearchStrategy, { readonly fields: readonly string[]; readonly searchClass: string }> = {
  random: { fields: ['param_distributions', 'n_iter', 'random_state'], searchClass: 'RandomizedSearchCV' },
  grid: { fields: ['param_grid'], searchClass: 'GridSearchCV' },
  halving_random: { fields: ['param_distributions', 'n_candidates', 'random_state', ...HALVING_FIELDS], searchClass: 'HalvingRandomSearchCV' },
  halving_grid: { fields: ['param_grid', 'random_state', ...HALVING_FIELDS], searchClass: 'HalvingGridSearchCV' },
};

const N_ITER: ParamDefinition = { default: 10, constraints: [int(1)], description: 'Number of parameter settings sampled.' };
const REFIT: ParamDefinition = { default: true, constraints: [boolean], description: 'Refit the best candidate on the training part.' };
const RETURN_TRAIN_SCORE: ParamDefinition = { default: false, constraints: [boolean], description: "Score each fold's training part too." };

/**
 * Checks a `POST /sweeps` body, fills in scikit-learn's defaults (`search="random"`, `n_iter=10`,
 * `cv=5`, `refit=True`) and plans the candidates (sampled, or the whole grid), so that a search
 * space naming a parameter that does not exist, or a value it does not allow, is a 400 and not a
 * sweep of failed fits. Every error is an InvalidParameterError naming the field
 * (`param_distributions.model__max_depth[4]`, `param_grid[1].model__C`).
 */
export function validateSweepRequest(body: unknown, datasets?: DatasetCatalog): ValidatedSweep {
  if (!isPlainObject(body)) throw new InvalidParameterError('body', 'must be a JSON object');
  const search = validateSearch(body['search']);
  const { fields, searchClass } = STRATEGY_FIELDS[search];
  for (const [other, { fields: otherFields }] of Object.entries(STRATEGY_FIELDS)) {
    const misplaced = other === search ? undefined : otherFields.find((field) => body[field] !== undefined && !fields.includes(field));
    if (misplaced) throw new InvalidParameterError(misplaced, `is not a parameter of ${searchClass} (search "${search}"); it belongs to search "${other}"`);
  }
  rejectUnknownFields(body, [...COMMON_FIELDS, ...fields], '');
  for (const required of ['estimator', fields[0]]) {
    if (body[required] === undefined) throw new InvalidParameterError(required, 'is required');
  }
  const dataset = validateDataset(body['dataset'], 'dataset', datasets);
  const definition = datasetDefinition(dataset, datasets);
  const estimator = validateSpec(body['estimator'], 'estimator');
  const predictor = finalEstimatorType(estimator);
  if (getEstimatorDefinition(predictor).kind !== 'classifier') {
    throw new InvalidParameterError('estimator', `the scorers need predictions, so the (final) estimator must be a classifier; ${predictor} is not`);
  }
  const cv = withDefault('cv', CV_PARAM, body['cv']) as number;
  const scoring = validateScoring(body['scoring']);
  const halving = search === 'halving_random' || search === 'halving_grid';
  if (halving && typeof scoring !== 'string') {
    throw new InvalidParameterError('scoring', `${searchClass} scores with one scorer; multimetric scoring is not supported`);
  }
  const base = {
    dataset,
    n_samples: validateNSamples(body['n_samples'], definition),
    split: validateSplit(body['split']),
    estimator,
    cv,
    scoring,
    // The halving searches return train scores unless told not to, as scikit-learn's do.
    return_train_score: withDefault('return_train_score', halving ? HALVING_RETURN_TRAIN_SCORE : RETURN_TRAIN_SCORE, body['return_train_score']) as boolean,
    refit: validateRefit(body['refit'], scoring),
  };
  const request: SweepRequest =
    search === 'grid' ? gridRequest(body, base) : search === 'random' ? randomRequest(body, base) : halvingRequest(search, body, base);
  // A stored sweep's dataset may be one only the api knows the size of: it was checked there.
  const data = definition ? trainingData(request, datasets) : null;
  const nTrain = data?.nSamples ?? Infinity;
  if (cv > nTrain) {
    // StratifiedKFold's own refusal, on the training part the folds split.
    throw new InvalidParameterError('cv', `cannot have number of splits n_splits=${cv} greater than the number of samples: n_samples=${nTrain} (the training part of the split)`);
  }
  if (!isHalvingSearch(request)) {
    const candidates =
      request.search === 'grid'
        ? planGridSearch(estimator, request.param_grid)
        : planSearch(estimator, request.param_distributions, { n_iter: request.n_iter, random_state: request.random_state });
    return { request, candidates, halving: null };
  }
  return planHalving(request, data && { nSamples: data.nSamples, nSplits: cv, nClasses: data.nClasses });
}

/**
 * A halving search's first candidates and schedule, as `_run_search` plans them: the sampled (or
 * grid) settings, and with an estimator parameter as the resource each carries the first
 * iteration's amount of it. Without the training part's size (a stored sweep of a dataset only the
 * api knows), the candidates alone: the schedule was checked and stored at submission.
 */
function planHalving(request: HalvingSearchRequest, data: HalvingData | null): ValidatedSweep {
  const { estimator, resource } = request;
  const planned =
    request.search === 'halving_grid'
      ? planGridSearch(estimator, request.param_grid)
      : planSearch(estimator, request.param_distributions, { n_iter: halvingRandomSampled(request, data), random_state: request.random_state });
  const spaceField = request.search === 'halving_grid' ? 'param_grid' : 'param_distributions';
  if (resource !== 'n_samples' && planned.some((candidate) => Object.hasOwn(candidate.params, resource))) {
    throw new InvalidParameterError('resource', `cannot use parameter ${resource} as the resource since it is part of the searched parameters (${spaceField})`);
  }
  if (!data) return { request, candidates: planned, halving: null };
  const halving = planHalvingSchedule(planned.length, request, data);
  const rows = halving.n_candidates_.reduce((sum, count) => sum + count, 0);
  checkTrialCount(request.search === 'halving_grid' ? 'param_grid' : 'n_candidates', 'the candidates of all iterations', rows, request.cv);
  if (resource !== 'n_samples') {
    const definition = resolveParamPath(estimator, resource, 'resource');
    const refused = halving.n_resources_.find((value) => !definition.constraints.some((constraint) => satisfies(value, constraint)));
    if (refused !== undefined) throw new InvalidParameterError('resource', `${resource}=${refused} (an iteration's resources) is not allowed: ${resource} must be ${describeAllowed(definition)}`);
  }
  const candidates =
    resource === 'n_samples' ? planned : planned.map((candidate) => searchCandidate(estimator, { ...candidate.params, [resource]: halving.n_resources_[0] }, candidate.index));
  return { request, candidates, halving };
}

/**
 * How many settings HalvingRandomSearchCV samples. Without the data, n_candidates "exhaust" has
 * no number: one draw still checks the search space (a stored sweep's own candidates are used).
 */
function halvingRandomSampled(request: HalvingRandomSearchRequest, data: HalvingData | null): number {
  if (!data) return request.n_candidates === 'exhaust' ? 1 : request.n_candidates;
  const n = halvingRandomCandidates(request.n_candidates, request, data);
  // Before sampling them: max_resources=10**9 of an estimator parameter would "exhaust" with as many.
  checkTrialCount('n_candidates', `the first iteration's candidates (${request.n_candidates})`, n, request.cv);
  return n;
}

const MIN_RESOURCES: ParamDefinition = {
  default: 'exhaust',
  constraints: [options('exhaust', 'smallest'), int(1)],
  description: 'Resources of the first iteration: "smallest" is cv * 2 * n_classes samples (or 1 of an estimator parameter), "exhaust" as many as let the last iteration use max_resources.',
};
const MAX_RESOURCES: ParamDefinition = { default: 'auto', constraints: [options('auto'), int(1)], description: 'Resources of the last iteration at most; "auto" is every sample of the training part.' };
const FACTOR: ParamDefinition = { default: 3, constraints: [float(1, undefined, { minExclusive: true })], description: 'Each iteration keeps 1/factor of the candidates and gives them factor times the resources.' };
const N_CANDIDATES: ParamDefinition = { default: 'exhaust', constraints: [options('exhaust'), int(1)], description: 'Candidates of the first iteration.' };
const AGGRESSIVE: ParamDefinition = { default: false, constraints: [boolean], description: 'Eliminate at the first resources until the last iteration can be reached.' };
const HALVING_RETURN_TRAIN_SCORE: ParamDefinition = { ...RETURN_TRAIN_SCORE, default: true };

function halvingRequest(search: 'halving_random' | 'halving_grid', body: Record<string, ParamValue | undefined>, base: SweepRequestFields): HalvingSearchRequest {
  const resource = body['resource'] ?? 'n_samples';
  if (typeof resource !== 'string') throw new InvalidParameterError('resource', `must be "n_samples" or the nested name of an int parameter of the estimator; got ${JSON.stringify(resource)}`);
  // The estimator must have it, as scikit-learn checks `resource in estimator.get_params()`.
  if (resource !== 'n_samples') resolveParamPath(base.estimator, resource, 'resource');
  const fields = {
    ...base,
    factor: withDefault('factor', FACTOR, body['factor']) as number,
    resource,
    // HalvingRandomSearchCV starts from the smallest resources, HalvingGridSearchCV exhausts them.
    min_resources: withDefault('min_resources', search === 'halving_random' ? { ...MIN_RESOURCES, default: 'smallest' } : MIN_RESOURCES, body['min_resources']) as MinResources,
    max_resources: withDefault('max_resources', MAX_RESOURCES, body['max_resources']) as 'auto' | number,
    aggressive_elimination: withDefault('aggressive_elimination', AGGRESSIVE, body['aggressive_elimination']) as boolean,
    random_state: withDefault('random_state', RANDOM_STATE_PARAM, body['random_state']) as number | null,
  };
  if (search === 'halving_grid') {
    validateParamGrid(body['param_grid']);
    return { search, ...fields, param_grid: body['param_grid'] as ParamGrid };
  }
  const n_candidates = withDefault('n_candidates', N_CANDIDATES, body['n_candidates']) as 'exhaust' | number;
  if (n_candidates !== 'exhaust') checkTrialCount('n_candidates', 'n_candidates', n_candidates, base.cv);
  return { search, ...fields, param_distributions: body['param_distributions'] as ParamDistributions, n_candidates };
}

function validateSearch(value: unknown): SearchStrategy {
  if (value === undefined) return 'random';
  if (typeof value !== 'string' || !(SEARCH_STRATEGIES as readonly string[]).includes(value)) {
    throw new InvalidParameterError('search', `unknown search strategy ${JSON.stringify(value)}; must be one of ${SEARCH_STRATEGIES.map((name) => JSON.stringify(name)).join(', ')}`);
  }
  return value as SearchStrategy;
}

type SweepRequestFields = Omit<SweepRequestBase, 'search'>;

// The number of candidates is checked before they are planned: n_iter, or the grid's size, alone decides it.
function randomRequest(body: Record<string, ParamValue | undefined>, base: SweepRequestFields): RandomSearchRequest {
  const n_iter = withDefault('n_iter', N_ITER, body['n_iter']) as number;
  checkTrialCount('n_iter', 'n_iter', n_iter, base.cv);
  return {
    search: 'random',
    ...base,
    param_distributions: body['param_distributions'] as ParamDistributions,
    n_iter,
    random_state: withDefault('random_state', RANDOM_STATE_PARAM, body['random_state']) as number | null,
  };
}

function gridRequest(body: Record<string, ParamValue | undefined>, base: SweepRequestFields): GridSearchRequest {
  // validateParamGrid refuses more than MAX_GRID_POINTS points before the trials are counted.
  checkTrialCount('param_grid', 'the number of grid points', gridSize(validateParamGrid(body['param_grid'])), base.cv);
  return { search: 'grid', ...base, param_grid: body['param_grid'] as ParamGrid };
}

function checkTrialCount(field: string, what: string, candidates: number, cv: number): void {
  if (candidates * cv > MAX_SWEEP_TRIALS) {
    throw new InvalidParameterError(
      field,
      `${what} * cv = ${candidates} * ${cv} = ${candidates * cv} trials is more than the ${MAX_SWEEP_TRIALS} a sweep may run; lower ${what} or cv`,
    );
  }
}

/**
 * Refuses a valid sweep any of whose fits (every candidate, and each distribution at the ends of
 * its range) libs/ml estimates to need more memory or time than `limits` allow; the error names
 * the distribution (`param_distributions.model__n_estimators`) or the estimator's field. Each
 * fit is estimated on the whole training part, which the refit uses (a fold's is smaller).
 */
export function admitSweep({ request, candidates, halving }: ValidatedSweep, limits: FitLimits, datasets: DatasetCatalog = DATASET_DEFINITIONS): void {
  const data = trainingData(request, datasets);
  // A halving search's costliest fits are its last iteration's: with an estimator parameter as the
  // resource, each candidate is admitted with the most of it any iteration gives.
  const costliest =
    halving && halving.resource !== 'n_samples'
      ? candidates.map((candidate) => searchCandidate(request.estimator, { ...candidate.params, [halving.resource]: Math.max(...halving.n_resources_) }, candidate.index))
      : candidates;
  if (request.search === 'grid' || request.search === 'halving_grid') admitSearch(request.estimator, request.param_grid, costliest, data, limits, 'param_grid');
  else admitSearch(request.estimator, request.param_distributions, costliest, data, limits);
}

function withDefault(path: string, definition: ParamDefinition, value: ParamValue | undefined): ParamValue {
  if (value === undefined) return definition.default;
  validateParamValue(path, definition, value);
  return value;
}

/** How the sweep's trials are scored and ranked, in libs/ml's terms. */
export function sweepScoring(request: Pick<SweepRequest, 'scoring' | 'refit' | 'return_train_score'>): SearchScoring {
  const { scoring, refit } = request;
  if (typeof scoring === 'string') return { scorers: [scoring], multimetric: false, refit: scoring, returnTrainScore: request.return_train_score };
  // validateRefit made refit one of the scorers; the trials compute the refit scorer first.
  const refitName = refit as ScorerName;
  return { scorers: [refitName, ...scoring.filter((name) => name !== refitName)], multimetric: true, refit: refitName, returnTrainScore: request.return_train_score };
}

const SUPPORTED = SCORER_NAMES.map((name) => JSON.stringify(name)).join(', ');

function validateScoring(value: ParamValue | undefined): SweepScoring {
  // scikit-learn's scoring=None scores a classifier with its `score` method: accuracy.
  if (value === undefined || value === null) return 'accuracy';
  if (typeof value === 'string') {
    if (!isScorerName(value)) throw new InvalidParameterError('scoring', `unsupported scoring ${JSON.stringify(value)}; supported: ${SUPPORTED}`);
    return value;
  }
  if (!Array.isArray(value)) throw new InvalidParameterError('scoring', `must be a scorer name or a list of them; got ${JSON.stringify(value)}`);
  if (value.length === 0) throw new InvalidParameterError('scoring', 'an empty list of scorers scores nothing; give at least one');
  value.forEach((name, i) => {
    if (!isScorerName(name)) throw new InvalidParameterError(`scoring[${i}]`, `unsupported scorer ${JSON.stringify(name)}; supported: ${SUPPORTED}`);
    if (value.indexOf(name) !== i) throw new InvalidParameterError(`scoring[${i}]`, `${JSON.stringify(name)} is listed twice`);
  });
  return value as ScorerName[];
}

/** scikit-learn's rule: with several scorers, `refit` names the one that picks the best candidate. */
function validateRefit(value: ParamValue | undefined, scoring: SweepScoring): boolean | ScorerName {
  if (typeof scoring === 'string') return withDefault('refit', REFIT, value) as boolean;
  if (typeof value === 'string' && (scoring as readonly string[]).includes(value)) return value as ScorerName;
  throw new InvalidParameterError(
    'refit',
    `with several scorers, refit must name the one that picks the best candidate, one of ${scoring.map((name) => JSON.stringify(name)).join(', ')}; got ${JSON.stringify(value ?? null)}`,
  );
}
