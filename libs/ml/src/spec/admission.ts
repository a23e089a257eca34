import { InvalidParameterError } from '../base/errors';
import type { EstimatorSpec } from '../base/estimator';
import type { Params, ParamValue } from '../base/params';
import type { Distribution, ParamDistribution, ParamDistributionDict, ParamDistributions } from '../model-selection/parameter-sampler';
import type { SearchCandidate } from '../model-selection/search';
import type { DatasetDefinition } from './datasets';
import { validateSpec, withParam } from './validate-spec';

/**
 * Refuses a dataset no fit can train on: one with NaN features (scikit-learn's estimators refuse
 * them too). Byte and float32 features are both trained on, and cost the same below: a forest
 * bins either into one byte per value, and every other estimator computes in float32.
 */
export function admitDataset(dataset: DatasetDefinition): void {
  if (dataset.nanCount) throw nanFeaturesError(dataset.name, dataset.nanCount);
}

/** The 400 for a dataset with NaN features, with its name and how many values are NaN. */
export function nanFeaturesError(name: string, nanCount: number): InvalidParameterError {
  return new InvalidParameterError(
    'dataset',
    `${name} has ${nanCount} NaN feature value${nanCount === 1 ? '' : 's'}; training needs finite features (scikit-learn refuses NaN too): register a copy with them imputed or removed`,
  );
}

/** The data a fit sees: the training part of the split (a sweep's folds are smaller). */
export interface FitData {
  readonly nSamples: number;
  readonly nFeatures: number;
  readonly nClasses: number;
}

/** What a deployment lets one fit use (RUN_MAX_MEMORY_MB, RUN_MAX_FIT_SECONDS). */
export interface FitLimits {
  readonly maxMemoryBytes: number;
  readonly maxFitSeconds: number;
}

/**
 * An upper-bound style estimate of one fit: meant to refuse what no worker could finish, never
 * to refuse what the notebook runs. `culprit` is the field that drives the estimate (the
 * multiplier the user chose: `estimator.steps[1][1].params.n_estimators`) and `param` its
 * scikit-learn nested name (`model__n_estimators`), so a search space can be blamed as well.
 */
export interface FitEstimate {
  /** Peak memory of the fit: data copies, working buffers and the fitted model. */
  readonly peakBytes: number;
  /** Of which the fitted model, which stays until the fit ends. */
  readonly modelBytes: number;
  /** Seconds on one core of the machine the estimates were measured on. */
  readonly seconds: number;
  readonly culprit: string;
  readonly param: string;
}

/*
 * Calibration (2 cores, 56000 x 784 MNIST rows, 10 classes):
 * - RandomForestClassifier() fits in about 6 s on 2 cores: 100 trees, about 940k nodes, a 15 MB
 *   model. Split search visits every sample of a node for each of its max_features candidates, so
 *   a tree costs levels x samples x max_features; 12 core-seconds / (100 x 35 x 56000 x 28) is
 *   2.2e-9 s. A split node takes 14 bytes, a leaf 2 bytes per class and 4 more.
 * - LogisticRegression's epoch (or L-BFGS iteration) is a forward and backward pass: about
 *   6 n f k floating-point operations at 2.4 GFLOP/s (wasm, the slowest backend a worker uses),
 *   plus about 1 ms per mini-batch of overhead.
 * Each estimate is doubled, and trees are assumed to grow every node their leaves allow.
 */
const SAFETY = 2;
const TREE_SECONDS_PER_SAMPLE_FEATURE_LEVEL = 2.2e-9;
const LINEAR_FLOPS_PER_SECOND = 2.4e9;
const SECONDS_PER_MINI_BATCH = 1e-3;
const SPLIT_NODE_BYTES = 14;
const LEAF_BYTES_PER_CLASS = 2;
const LEAF_BYTES = 4;
/** StandardScaler and the data copies: float32 features. */
const FLOAT32 = 4;
const FLOAT64 = 8;

interface Site {
  /** JSON path of the spec in the request. */
  readonly path: string;
  /** Prefix of its parameters' scikit-learn names (`model__`). */
  readonly prefix: string;
}

const at = (site: Site, name: string) => ({ culprit: `${site.path}.params.${name}`, param: `${site.prefix}${name}` });

/** Estimates fitting `spec` (validated, defaults filled in) on `data`. */
export function estimateFit(spec: EstimatorSpec, data: FitData, path = 'estimator'): FitEstimate {
  return estimateAt(spec, data, { path, prefix: '' });
}

function estimateAt(spec: EstimatorSpec, data: FitData, site: Site): FitEstimate {
  const params: Params = spec.params ?? {};
  switch (spec.type) {
    case 'pipeline':
      return estimatePipeline(params['steps'] as unknown as [string, EstimatorSpec][], data, site);
    case 'random_forest':
      return estimateForest(params, data, site);
    case 'logistic_regression':
      return estimateLogistic(params, data, site);
    case 'one_vs_rest':
    case 'one_vs_one':
      return estimateMulticlass(spec.type, params, data, site);
    case 'voting':
    case 'stacking':
      return estimateEnsemble(spec.type, params, data, site);
    default: {
      // StandardScaler, and any estimator without a model of its own: a float copy of the data.
      const bytes = data.nSamples * data.nFeatures * FLOAT32 + data.nFeatures * 3 * FLOAT64;
      return { peakBytes: SAFETY * bytes, modelBytes: data.nFeatures * 3 * FLOAT64, seconds: SAFETY * data.nSamples * data.nFeatures * 2e-9, culprit: site.path, param: site.prefix.replace(/__$/, '') };
    }
  }
}

/** Steps fit one after the other on the previous step's output, whose copies all stay alive. */
function estimatePipeline(steps: [string, EstimatorSpec][], data: FitData, site: Site): FitEstimate {
  let seen = data;
  const estimates = steps.map(([name, step], i) => {
    const estimate = estimateAt(step, seen, { path: `${site.path}.steps[${i}][1]`, prefix: `${site.prefix}${name}__` });
    // An ImageAugmenter's later steps are fitted on its 1 + 4 x shift + rotations copies of the rows.
    if (step.type === 'image_augmenter') seen = { ...seen, nSamples: seen.nSamples * (1 + 4 * (step.params?.['shift'] as number) + (step.params?.['rotations'] as number)) };
    return estimate;
  });
  const costliest = estimates.reduce((a, b) => (b.seconds + b.peakBytes / 1e9 > a.seconds + a.peakBytes / 1e9 ? b : a));
  return {
    peakBytes: estimates.reduce((sum, e) => sum + e.peakBytes, 0),
    modelBytes: estimates.reduce((sum, e) => sum + e.modelBytes, 0),
    seconds: estimates.reduce((sum, e) => sum + e.seconds, 0),
    culprit: costliest.culprit,
    param: costliest.param,
  };
}

function estimateForest(params: Params, data: FitData, site: Site): FitEstimate {
  const { nSamples, nFeatures, nClasses } = data;
  const nEstimators = params['n_estimators'] as number;
  const drawn = params['bootstrap'] === false ? nSamples : countOrFraction(params['max_samples'], nSamples) ?? nSamples;
  const minLeaf = countOrFraction(params['min_samples_leaf'], nSamples) ?? 1;
  const maxDepth = params['max_depth'] as number | null;
  // A tree has at most 2 * leaves - 1 nodes, and each leaf holds at least min_samples_leaf samples.
  const leafBound = Math.max(1, Math.floor(drawn / minLeaf));
  const leaves = maxDepth === null ? leafBound : Math.min(leafBound, 2 ** Math.min(maxDepth, 60));
  // Unbounded MNIST trees are about 35 levels deep: twice the depth of a balanced tree, and more.
  const levels = Math.min(maxDepth ?? Infinity, 2 * Math.ceil(Math.log2(leafBound + 1)) + 4);
  const features = maxFeatures(params['max_features'], nFeatures);
  const treeBytes = (leaves - 1) * SPLIT_NODE_BYTES + leaves * (LEAF_BYTES + LEAF_BYTES_PER_CLASS * nClasses);
  const modelBytes = nEstimators * treeBytes;
  const threads = Math.max(1, Math.min(nEstimators, threadCount(params['n_jobs'])));
  // The binned copy of the data (one byte per value), and each thread's sample indices and counts.
  const workingBytes = nSamples * nFeatures + threads * drawn * 16;
  return {
    peakBytes: SAFETY * (modelBytes + workingBytes),
    modelBytes,
    seconds: SAFETY * nEstimators * levels * drawn * features * TREE_SECONDS_PER_SAMPLE_FEATURE_LEVEL,
    ...at(site, 'n_estimators'),
  };
}

function estimateLogistic(params: Params, data: FitData, site: Site): FitEstimate {
  const { nSamples, nFeatures, nClasses } = data;
  const outputs = nClasses <= 2 ? 1 : nClasses;
  const epochs = params['max_iter'] as number;
  const batches = params['solver'] === 'lbfgs' ? 1 : Math.ceil(nSamples / Math.min(nSamples, params['batch_size'] as number));
  const epochSeconds = (6 * nSamples * nFeatures * outputs) / LINEAR_FLOPS_PER_SECOND + batches * SECONDS_PER_MINI_BATCH;
  const modelBytes = (nFeatures + 1) * outputs * FLOAT32;
  // The data as a float tensor, the scores and their gradient, L-BFGS's ten pairs of vectors.
  const workingBytes = nSamples * nFeatures * FLOAT32 + 2 * nSamples * outputs * FLOAT32 + 20 * modelBytes;
  return { peakBytes: SAFETY * (workingBytes + modelBytes), modelBytes, seconds: SAFETY * epochs * epochSeconds, ...at(site, 'max_iter') };
}

/** One-vs-rest fits a binary problem per class on all samples; one-vs-one one per pair on the pair's samples. */
function estimateMulticlass(type: 'one_vs_rest' | 'one_vs_one', params: Params, data: FitData, site: Site): FitEstimate {
  const k = data.nClasses;
  const problems = type === 'one_vs_rest' ? k : (k * (k - 1)) / 2;
  const samples = type === 'one_vs_rest' ? data.nSamples : Math.ceil((2 * data.nSamples) / k);
  const base = estimateAt(params['estimator'] as unknown as EstimatorSpec, { nSamples: samples, nFeatures: data.nFeatures, nClasses: 2 }, {
    path: `${site.path}.params.estimator`,
    prefix: `${site.prefix}estimator__`,
  });
  const parallel = Math.max(1, Math.min(problems, threadCount(params['n_jobs'])));
  return {
    peakBytes: parallel * base.peakBytes + problems * base.modelBytes,
    modelBytes: problems * base.modelBytes,
    seconds: problems * base.seconds,
    culprit: base.culprit,
    param: base.param,
  };
}

/**
 * Voting fits each base estimator once on all the data; stacking also once per fold on the other
 * folds' rows, then the final estimator on their stacked outputs. Fits run one after the other, so
 * times add up and only the fitted models accumulate.
 */
function estimateEnsemble(type: 'voting' | 'stacking', params: Params, data: FitData, site: Site): FitEstimate {
  const named = params['estimators'] as unknown as [string, EstimatorSpec][];
  const folds = type === 'stacking' ? (params['cv'] as number) : 0;
  const foldData = { ...data, nSamples: Math.ceil((data.nSamples * (folds - 1)) / Math.max(folds, 1)) };
  const estimates = named.map(([name, spec], i) => {
    const at = { path: `${site.path}.params.estimators[${i}][1]`, prefix: `${site.prefix}${name}__` };
    const full = estimateAt(spec, data, at);
    return folds === 0 ? full : { ...full, seconds: full.seconds + folds * estimateAt(spec, foldData, at).seconds };
  });
  if (type === 'stacking') {
    const stacked = { ...data, nFeatures: named.length * data.nClasses + (params['passthrough'] ? data.nFeatures : 0) };
    const final = (params['final_estimator'] as unknown as EstimatorSpec | null) ?? validateSpec({ type: 'logistic_regression' });
    estimates.push(estimateAt(final, stacked, { path: `${site.path}.params.final_estimator`, prefix: `${site.prefix}final_estimator__` }));
  }
  const costliest = estimates.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  const modelBytes = estimates.reduce((sum, e) => sum + e.modelBytes, 0);
  return {
    peakBytes: modelBytes + Math.max(...estimates.map((e) => e.peakBytes - e.modelBytes)),
    modelBytes,
    seconds: estimates.reduce((sum, e) => sum + e.seconds, 0),
    culprit: costliest.culprit,
    param: costliest.param,
  };
}

/** A count, a fraction of `n` (rounded up, as scikit-learn), or null. */
function countOrFraction(value: ParamValue | undefined, n: number): number | null {
  if (typeof value !== 'number') return null;
  return Number.isInteger(value) ? Math.min(value, n) : Math.max(1, Math.ceil(value * n));
}

function maxFeatures(value: ParamValue | undefined, nFeatures: number): number {
  if (value === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  if (value === 'log2') return Math.max(1, Math.floor(Math.log2(nFeatures)));
  return countOrFraction(value, nFeatures) ?? nFeatures;
}

/**
 * Threads a fit may use: every thread holds its own working buffers. -1 and other negative
 * values mean "all cores", which the estimate cannot know; 2 is the smallest worker.
 */
function threadCount(value: ParamValue | undefined): number {
  return typeof value === 'number' && value > 0 ? value : typeof value === 'number' ? 2 : 1;
}

const MB = 1024 * 1024;

function describe(estimate: FitEstimate): string {
  return `about ${Math.ceil(estimate.peakBytes / MB)} MB and ${Math.ceil(estimate.seconds)} s`;
}

/**
 * Refuses, with an InvalidParameterError naming the responsible field, a fit whose estimated peak
 * memory or time exceeds the deployment's limits. `field` overrides the culprit (a search space's
 * distribution); `what` says which fit it is in the message.
 */
export function admitFit(spec: EstimatorSpec, data: FitData, limits: FitLimits, options: { path?: string; field?: string; what?: string } = {}): FitEstimate {
  const estimate = estimateFit(spec, data, options.path);
  const over = limitsExceeded(estimate, limits);
  if (over.length > 0) {
    throw new InvalidParameterError(
      options.field ?? estimate.culprit,
      `${options.what ?? 'this fit'} on ${data.nSamples} samples of ${data.nFeatures} features would need ${describe(estimate)} on one core, ` +
        `over the ${over.join(' and the ')}; lower ${estimate.param || 'the data size'}`,
    );
  }
  return estimate;
}

function limitsExceeded(estimate: FitEstimate, limits: FitLimits): string[] {
  const over: string[] = [];
  if (estimate.peakBytes > limits.maxMemoryBytes) over.push(`memory limit of ${Math.floor(limits.maxMemoryBytes / MB)} MB (RUN_MAX_MEMORY_MB)`);
  if (estimate.seconds > limits.maxFitSeconds) over.push(`time limit of ${limits.maxFitSeconds} s (RUN_MAX_FIT_SECONDS)`);
  return over;
}

/**
 * Admits a search: every sampled candidate, and every distribution at each end of its range with
 * the other parameters as the estimator has them, so that `randint(1, 10**9)` is refused even when
 * this draw happened to stay small. Errors name the distribution (`param_distributions.model__n_estimators`,
 * `param_distributions[1].model__max_iter[2]` for a list's element; `path` is `param_grid` for a grid
 * search), or the estimator's own field when the estimator is too costly whatever the distribution draws.
 */
export function admitSearch(
  estimator: EstimatorSpec,
  distributions: ParamDistributions,
  candidates: readonly SearchCandidate[],
  data: FitData,
  limits: FitLimits,
  path = 'param_distributions',
): void {
  const baseFits = limitsExceeded(estimateFit(estimator, data), limits).length === 0;
  const dicts: readonly ParamDistributionDict[] = Array.isArray(distributions) ? distributions : [distributions as ParamDistributionDict];
  dicts.forEach((dict, d) => {
    const dictPath = Array.isArray(distributions) ? `${path}[${d}]` : path;
    for (const [name, distribution] of Object.entries(dict)) {
      for (const [field, value] of extremes(distribution, `${dictPath}.${name}`)) {
        const spec = withParam(estimator, name, value);
        const blamed = baseFits || estimateFit(spec, data).param === name;
        admitFit(spec, data, limits, { field: blamed ? field : undefined, what: `${name}=${JSON.stringify(value)}` });
      }
    }
  });
  for (const candidate of candidates) {
    const estimate = estimateFit(candidate.estimator, data);
    const searched = Object.hasOwn(candidate.params, estimate.param);
    admitFit(candidate.estimator, data, limits, {
      field: searched ? `${dictPathOf(distributions, candidate, path)}.${estimate.param}` : undefined,
      what: `candidate ${candidate.index} (${JSON.stringify(candidate.params)})`,
    });
  }
}

function dictPathOf(distributions: ParamDistributions, candidate: SearchCandidate, path: string): string {
  if (!Array.isArray(distributions)) return path;
  const index = distributions.findIndex((dict: ParamDistributionDict) => Object.keys(candidate.params).every((name) => Object.hasOwn(dict, name)));
  return `${path}[${Math.max(0, index)}]`;
}

/** Every element of a list (null max_depth is the costliest), the ends of a distribution's range, with their fields. */
function extremes(distribution: ParamDistribution, field: string): [string, ParamValue][] {
  if (!Array.isArray(distribution)) return distributionEnds(distribution as Distribution).map((value) => [field, value]);
  return (distribution as readonly ParamValue[]).flatMap((value, i): [string, ParamValue][] =>
    isDistribution(value) ? distributionEnds(value).map((end) => [`${field}[${i}]`, end]) : [[`${field}[${i}]`, value]],
  );
}

function isDistribution(value: ParamValue): value is ParamValue & Distribution {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'dist' in value;
}

function distributionEnds({ dist, low, high }: Distribution): number[] {
  // randint's high is exclusive; a float distribution's high is approached but not drawn.
  return dist === 'randint' ? [low, high - 1] : [low, high];
}
