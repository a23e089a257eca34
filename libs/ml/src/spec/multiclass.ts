import { int, none, type ParamSchema } from '../base/params';
import type { EstimatorDefinition } from './estimator-definition';

/** OneVsOneClassifier's and OneVsRestClassifier's shared constraint table (`verbose` is not offered). */
export const MULTICLASS_SCHEMA: ParamSchema = {
  estimator: {
    default: null,
    constraints: [{ kind: 'estimator' }],
    description: 'Required. The spec of the binary classifier fitted once per sub-problem, e.g. {"type": "logistic_regression", "params": {}}.',
  },
  n_jobs: {
    default: null,
    constraints: [int(1), int(undefined, -1), none],
    description:
      'Threads fitting the binary classifiers in parallel, as joblib counts them: null is 1 (in the calling thread), ' +
      '-1 every core, -2 all but one. Results do not depend on it when the base estimator is seeded.',
  },
};

export const oneVsOneDefinition: EstimatorDefinition = { type: 'one_vs_one', displayName: 'OneVsOneClassifier', kind: 'classifier', schema: MULTICLASS_SCHEMA };
export const oneVsRestDefinition: EstimatorDefinition = { type: 'one_vs_rest', displayName: 'OneVsRestClassifier', kind: 'classifier', schema: MULTICLASS_SCHEMA };
