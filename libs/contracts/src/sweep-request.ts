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
} from '@mnist-lab/ml/spec';
import { datasetDefinition, finalEstimatorType, rejectUnknownFields, trainingData, validateDataset, validateNSamples, validateSplit, type SplitSpec } from './run-request';

/**
 * scikit-learn's `scoring`: one scorer name (columns `mean_test_score`, ...) or a list of them
 * (columns `mean_test_<scorer>`, ...). The default, `accuracy`, is what `scoring=None` means for a
 * classifier: its `score`.
 */
export type SweepScoring = ScorerName | readonly ScorerName[];

/** How a sweep picks its candidates: `random` is `RandomizedSearchCV` (the default), `grid` is `GridSearchCV`. */
export const SEARCH_STRATEGIES = ['random', 'grid'] as const;
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

/** A tuning sweep as stored and executed; stored sweeps from before `search` existed are `random`. */
export type SweepRequest = RandomSearchRequest | GridSearchRequest;

/** A valid sweep and the candidates it samples, to be stored together: with `random_state: null` they cannot be drawn again. */
export interface ValidatedSweep {
  readonly request: SweepRequest;
  readonly candidates: SearchCandidate[];
}

/** Each trial (candidate x fold) is a job; this bounds the queue and the results table one request can create. */
export const MAX_SWEEP_TRIALS = 10_000;

const COMMON_FIELDS = ['search', 'dataset', 'n_samples', 'split', 'estimator', 'cv', 'scoring', 'refit', 'return_train_score'];
/** The fields only one strategy has, each with the search class it is a parameter of. */
const STRATEGY_FIELDS: Record<SearchStrategy, { readonly fields: readonly string[]; readonly searchClass: string }> = {
  random: { fields: ['param_distributions', 'n_iter', 'random_state'], searchClass: 'RandomizedSearchCV' },
  grid: { fields: ['param_grid'], searchClass: 'GridSearchCV' },
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
  const base = {
    dataset,
    n_samples: validateNSamples(body['n_samples'], definition),
    split: validateSplit(body['split']),
    estimator,
    cv,
    scoring,
    return_train_score: withDefault('return_train_score', RETURN_TRAIN_SCORE, body['return_train_score']) as boolean,
    refit: validateRefit(body['refit'], scoring),
  };
  const request: SweepRequest = search === 'grid' ? gridRequest(body, base) : randomRequest(body, base);
  // A stored sweep's dataset may be one only the api knows the size of: it was checked there.
  const nTrain = definition ? trainingData(request, datasets).nSamples : Infinity;
  if (cv > nTrain) {
    // StratifiedKFold's own refusal, on the training part the folds split.
    throw new InvalidParameterError('cv', `cannot have number of splits n_splits=${cv} greater than the number of samples: n_samples=${nTrain} (the training part of the split)`);
  }
  const candidates =
    request.search === 'grid'
      ? planGridSearch(estimator, request.param_grid)
      : planSearch(estimator, request.param_distributions, { n_iter: request.n_iter, random_state: request.random_state });
  return { request, candidates };
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
export function admitSweep({ request, candidates }: ValidatedSweep, limits: FitLimits, datasets: DatasetCatalog = DATASET_DEFINITIONS): void {
  const data = trainingData(request, datasets);
  if (request.search === 'grid') admitSearch(request.estimator, request.param_grid, candidates, data, limits, 'param_grid');
  else admitSearch(request.estimator, request.param_distributions, candidates, data, limits);
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
