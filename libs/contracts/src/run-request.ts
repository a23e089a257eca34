import {
  DATASET_DEFINITIONS,
  DATASET_NAME,
  DATASET_NAME_RULE,
  InvalidParameterError,
  admitDataset,
  admitFit,
  isPlainObject,
  validateShuffleSplit,
  validateSpec,
  type DatasetCatalog,
  type DatasetDefinition,
  type EstimatorSpec,
  type FitData,
  type FitLimits,
} from '@mnist-lab/ml/spec';

/** How the dataset is split before fitting, as scikit-learn's `train_test_split`. */
export interface SplitSpec {
  /** Fraction in (0, 1) of the samples, or an absolute count. */
  readonly test_size: number;
  readonly random_state: number | null;
  /** Keep class proportions in both parts (`stratify=y`). */
  readonly stratify: boolean;
}

/** A training run as stored and executed: the request with every default filled in. */
export interface RunRequest {
  readonly dataset: string;
  /** Use only the first n samples of the dataset (in its published order); null = all. */
  readonly n_samples: number | null;
  readonly split: SplitSpec;
  readonly estimator: EstimatorSpec;
}

const RUN_FIELDS = ['dataset', 'n_samples', 'split', 'estimator'];
const SPLIT_FIELDS = ['test_size', 'random_state', 'stratify'];

export const DEFAULT_SPLIT: SplitSpec = { test_size: 0.25, random_state: null, stratify: false };

/**
 * A dataset name. With `datasets` (the api, which knows every registered dataset) the name must
 * be one of them; without (a stored request, checked when it was submitted) it must be a name.
 */
export function validateDataset(value: unknown, path = 'dataset', datasets?: DatasetCatalog): string {
  if (typeof value !== 'string' || !DATASET_NAME.test(value)) {
    throw new InvalidParameterError(path, `must be a dataset name (${DATASET_NAME_RULE}); got ${JSON.stringify(value)}`);
  }
  if (datasets && !Object.hasOwn(datasets, value)) throw unknownDataset(value, path, datasets);
  return value;
}

function unknownDataset(name: string, path: string, datasets: DatasetCatalog): InvalidParameterError {
  return new InvalidParameterError(path, `unknown dataset ${JSON.stringify(name)}; known datasets are: ${Object.keys(datasets).sort().join(', ')}`);
}

/** The sizes of `name`, when `datasets` (or, without it, the built-in ones) know them. */
export function datasetDefinition(name: string, datasets?: DatasetCatalog): DatasetDefinition | undefined {
  const known = datasets ?? DATASET_DEFINITIONS;
  return Object.hasOwn(known, name) ? known[name] : undefined;
}

export function validateSplit(value: unknown, path = 'split'): SplitSpec {
  if (value === undefined) return DEFAULT_SPLIT;
  if (!isPlainObject(value)) throw new InvalidParameterError(path, 'must be an object like {"test_size": 0.2, "random_state": 42}');
  rejectUnknownFields(value, SPLIT_FIELDS, path);
  const { test_size = DEFAULT_SPLIT.test_size, random_state = null, stratify = false } = value as Record<string, unknown>;
  const isFraction = typeof test_size === 'number' && test_size > 0 && test_size < 1;
  const isCount = typeof test_size === 'number' && Number.isInteger(test_size) && test_size >= 1;
  if (!isFraction && !isCount) {
    throw new InvalidParameterError(`${path}.test_size`, `must be a float in the range (0, 1) or an int >= 1; got ${JSON.stringify(test_size)}`);
  }
  if (random_state !== null && !(typeof random_state === 'number' && Number.isInteger(random_state) && random_state >= 0 && random_state <= 2 ** 32 - 1)) {
    throw new InvalidParameterError(`${path}.random_state`, `must be an int in the range [0, 4294967295] or null; got ${JSON.stringify(random_state)}`);
  }
  if (typeof stratify !== 'boolean') throw new InvalidParameterError(`${path}.stratify`, `must be a bool; got ${JSON.stringify(stratify)}`);
  return { test_size: test_size as number, random_state: random_state as number | null, stratify };
}

export function validateNSamples(value: unknown, dataset: DatasetDefinition | undefined, path = 'n_samples'): number | null {
  if (value === undefined || value === null) return null;
  const max = dataset?.nSamples ?? 2 ** 31 - 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 10 || value > max) {
    throw new InvalidParameterError(path, `must be an int in the range [10, ${max}] or null; got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Checks a `POST /runs` body against `datasets` (or a stored spec, without) and fills in
 * defaults; errors name the field.
 */
export function validateRunRequest(body: unknown, datasets?: DatasetCatalog): RunRequest {
  if (!isPlainObject(body)) throw new InvalidParameterError('body', 'must be a JSON object');
  rejectUnknownFields(body, RUN_FIELDS, '');
  if (body['estimator'] === undefined) throw new InvalidParameterError('estimator', 'is required');
  const dataset = validateDataset(body['dataset'], 'dataset', datasets);
  const estimator = validateSpec(body['estimator'], 'estimator');
  const definition = datasetDefinition(dataset, datasets);
  const request: RunRequest = {
    dataset,
    n_samples: validateNSamples(body['n_samples'], definition),
    split: validateSplit(body['split']),
    estimator,
  };
  if (definition) trainingData(request, datasets);
  return request;
}

/**
 * The shape of the training part of a request's split, as `train_test_split` sizes it; a split
 * scikit-learn refuses (a test_size of at least n_samples, an empty training set) is refused with
 * its message, naming `split.test_size`.
 */
export function trainingData(request: Pick<RunRequest, 'dataset' | 'n_samples' | 'split'>, datasets: DatasetCatalog = DATASET_DEFINITIONS): FitData {
  const dataset = datasetDefinition(request.dataset, datasets);
  if (!dataset) throw unknownDataset(request.dataset, 'dataset', datasets);
  admitDataset(dataset);
  const nSamples = request.n_samples ?? dataset.nSamples;
  let nTrain: number;
  try {
    [nTrain] = validateShuffleSplit(nSamples, request.split.test_size);
  } catch (error) {
    if (error instanceof InvalidParameterError) throw new InvalidParameterError('split.test_size', error.detail);
    throw error;
  }
  return { nSamples: nTrain, nFeatures: dataset.nFeatures, nClasses: dataset.nClasses };
}

/**
 * Refuses a valid run whose fit, by libs/ml's estimate, needs more memory or time than `limits`
 * allow: a 400 naming the parameter (`estimator.steps[1][1].params.n_estimators`) with the
 * estimate and the limit, instead of a job that kills every worker that takes it.
 */
export function admitRun(request: RunRequest, limits: FitLimits, datasets: DatasetCatalog = DATASET_DEFINITIONS): void {
  admitFit(request.estimator, trainingData(request, datasets), limits, { what: 'this run' });
}

export function rejectUnknownFields(value: object, known: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new InvalidParameterError(path ? `${path}.${key}` : key, `unknown field; expected one of: ${known.join(', ')}`);
    }
  }
}

/** The estimator that makes the predictions: the last step of a pipeline. */
export function finalEstimatorSpec(spec: EstimatorSpec): EstimatorSpec {
  const steps = spec.params?.['steps'];
  if (spec.type === 'pipeline' && Array.isArray(steps) && steps.length > 0) {
    return finalEstimatorSpec((steps[steps.length - 1] as unknown as [string, EstimatorSpec])[1]);
  }
  return spec;
}

export const finalEstimatorType = (spec: EstimatorSpec): string => finalEstimatorSpec(spec).type;

/** The final estimator's `random_state`, recorded with the run for reproducibility. */
export function estimatorSeed(spec: EstimatorSpec): number | null {
  const seed = finalEstimatorSpec(spec).params?.['random_state'];
  return typeof seed === 'number' ? seed : null;
}
