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
  type FitLimits,
} from '@mnist-lab/ml/spec';
import { datasetDefinition, finalEstimatorType, rejectUnknownFields, trainingData, validateDataset, validateNSamples, validateSplit, type SplitSpec } from './run-request';

/** The only scorer so far: the notebook's metric, and what scikit-learn's `scoring=None` means for a classifier. */
export type SweepScoring = 'accuracy';

/** A tuning sweep as stored and executed: scikit-learn's `RandomizedSearchCV` on the run's training set. */
export interface SweepRequest {
  readonly dataset: string;
  /** Use only the first n samples of the dataset (in its published order); null = all. */
  readonly n_samples: number | null;
  /** Cross-validation runs on the training part of this split; the test part is kept for the refit. */
  readonly split: SplitSpec;
  /** The base estimator, defaults filled in; each candidate overrides the searched parameters. */
  readonly estimator: EstimatorSpec;
  /** As submitted (validated): a dict, or a list of dicts, of lists and distributions. */
  readonly param_distributions: ParamDistributions;
  readonly n_iter: number;
  /** Number of `StratifiedKFold` folds. */
  readonly cv: number;
  readonly scoring: SweepScoring;
  /** Seed of the candidate sampling; null samples differently each time. */
  readonly random_state: number | null;
  /** Whether to train the best candidate on the whole training part once the sweep is done. */
  readonly refit: boolean;
}

/** A valid sweep and the candidates it samples, to be stored together: with `random_state: null` they cannot be drawn again. */
export interface ValidatedSweep {
  readonly request: SweepRequest;
  readonly candidates: SearchCandidate[];
}

/** Each trial (candidate x fold) is a job; this bounds the queue and the results table one request can create. */
export const MAX_SWEEP_TRIALS = 10_000;

const SWEEP_FIELDS = ['dataset', 'n_samples', 'split', 'estimator', 'param_distributions', 'n_iter', 'cv', 'scoring', 'random_state', 'refit'];
const SCORINGS: readonly SweepScoring[] = ['accuracy'];

const N_ITER: ParamDefinition = { default: 10, constraints: [int(1)], description: 'Number of parameter settings sampled.' };
const REFIT: ParamDefinition = { default: true, constraints: [boolean], description: 'Refit the best candidate on the training part.' };

/**
 * Checks a `POST /sweeps` body, fills in scikit-learn's defaults (`n_iter=10`, `cv=5`,
 * `refit=True`) and samples the candidates, so that a search space naming a parameter that does
 * not exist, or a value it does not allow, is a 400 and not a sweep of failed fits. Every error is
 * an InvalidParameterError naming the field (`param_distributions.model__max_depth[4]`).
 */
export function validateSweepRequest(body: unknown, datasets?: DatasetCatalog): ValidatedSweep {
  if (!isPlainObject(body)) throw new InvalidParameterError('body', 'must be a JSON object');
  rejectUnknownFields(body, SWEEP_FIELDS, '');
  for (const required of ['estimator', 'param_distributions']) {
    if (body[required] === undefined) throw new InvalidParameterError(required, 'is required');
  }
  const dataset = validateDataset(body['dataset'], 'dataset', datasets);
  const definition = datasetDefinition(dataset, datasets);
  const estimator = validateSpec(body['estimator'], 'estimator');
  const predictor = finalEstimatorType(estimator);
  if (getEstimatorDefinition(predictor).kind !== 'classifier') {
    throw new InvalidParameterError('estimator', `accuracy needs predictions, so the (final) estimator must be a classifier; ${predictor} is not`);
  }
  const n_iter = withDefault('n_iter', N_ITER, body['n_iter']) as number;
  const cv = withDefault('cv', CV_PARAM, body['cv']) as number;
  // Checked before sampling: n_iter alone decides how many settings are drawn.
  if (n_iter * cv > MAX_SWEEP_TRIALS) {
    throw new InvalidParameterError(
      'n_iter',
      `n_iter * cv = ${n_iter} * ${cv} = ${n_iter * cv} trials is more than the ${MAX_SWEEP_TRIALS} a sweep may run; lower n_iter or cv`,
    );
  }
  const random_state = withDefault('random_state', RANDOM_STATE_PARAM, body['random_state']) as number | null;
  const request: SweepRequest = {
    dataset,
    n_samples: validateNSamples(body['n_samples'], definition),
    split: validateSplit(body['split']),
    estimator,
    param_distributions: body['param_distributions'] as ParamDistributions,
    n_iter,
    cv,
    scoring: validateScoring(body['scoring']),
    random_state,
    refit: withDefault('refit', REFIT, body['refit']) as boolean,
  };
  // A stored sweep's dataset may be one only the api knows the size of: it was checked there.
  const nTrain = definition ? trainingData(request, datasets).nSamples : Infinity;
  if (cv > nTrain) {
    // StratifiedKFold's own refusal, on the training part the folds split.
    throw new InvalidParameterError('cv', `cannot have number of splits n_splits=${cv} greater than the number of samples: n_samples=${nTrain} (the training part of the split)`);
  }
  return { request, candidates: planSearch(estimator, request.param_distributions, { n_iter, random_state }) };
}

/**
 * Refuses a valid sweep any of whose fits (every candidate, and each distribution at the ends of
 * its range) libs/ml estimates to need more memory or time than `limits` allow; the error names
 * the distribution (`param_distributions.model__n_estimators`) or the estimator's field. Each
 * fit is estimated on the whole training part, which the refit uses (a fold's is smaller).
 */
export function admitSweep({ request, candidates }: ValidatedSweep, limits: FitLimits, datasets: DatasetCatalog = DATASET_DEFINITIONS): void {
  admitSearch(request.estimator, request.param_distributions, candidates, trainingData(request, datasets), limits);
}

function withDefault(path: string, definition: ParamDefinition, value: ParamValue | undefined): ParamValue {
  if (value === undefined) return definition.default;
  validateParamValue(path, definition, value);
  return value;
}

function validateScoring(value: ParamValue | undefined): SweepScoring {
  // scikit-learn's scoring=None scores a classifier with its `score` method: accuracy.
  if (value === undefined || value === null) return 'accuracy';
  if (!(SCORINGS as readonly unknown[]).includes(value)) {
    throw new InvalidParameterError('scoring', `unsupported scoring ${JSON.stringify(value)}; supported: ${SCORINGS.map((s) => JSON.stringify(s)).join(', ')}`);
  }
  return value as SweepScoring;
}
