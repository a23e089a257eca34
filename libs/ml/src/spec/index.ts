/**
 * `@mnist-lab/ml/spec`: what a client needs to write and check estimator specs, and nothing that
 * fits them. Parameter tables, spec and search-space validation, dataset names and the drawn-digit
 * preprocessing are plain data and pure functions: no TensorFlow.js, no estimator classes, no
 * Node built-ins, so the api validates requests without loading TensorFlow.js and the browser
 * bundle uses the same code. (spec-entry.spec.ts checks what requiring it loads.)
 */
export * from '../base/errors';
export * from '../base/params';
export type { EstimatorSpec, JsonValue } from '../base/estimator';
export * from './estimator-definition';
export * from './catalog';
export * from './validate-spec';
export * from './search-params';
export * from './scoring';
export * from './datasets';
export { RANDOM_STATE_PARAM, validateShuffleSplit } from '../model-selection/split';
export * from './admission';
export {
  validateParamDistributions,
  type Distribution,
  type ParamDistribution,
  type ParamDistributionDict,
  type ParamDistributions,
} from '../model-selection/parameter-sampler';
export { planSearch, searchCandidate, DEFAULT_SEARCH_SCORING, type SearchCandidate, type SearchScoring } from '../model-selection/search';
export { planGridSearch } from '../model-selection/search';
export { MAX_GRID_POINTS, gridSize, validateParamGrid, type ParamGrid, type ParamGridDict } from '../model-selection/parameter-grid';
export {
  halvingRandomCandidates,
  planHalvingSchedule,
  type HalvingData,
  type HalvingSchedule,
  type MinResources,
  type SuccessiveHalvingOptions,
} from '../model-selection/successive-halving';
export * from '../data/drawn-digit';
