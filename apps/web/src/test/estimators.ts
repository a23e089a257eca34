import type { EstimatorInfo } from '../api/types';

/** GET /estimators, cut down to what the tests look at. */
export const ESTIMATORS: EstimatorInfo[] = [
  {
    type: 'logistic_regression',
    name: 'LogisticRegression',
    kind: 'classifier',
    params: [
      { name: 'C', default: 1, constraints: [{ kind: 'float', min: 0, min_exclusive: true, max_exclusive: false }], allowed: 'a float in the range (0, inf)', description: 'Inverse regularisation strength.' },
      { name: 'solver', default: 'adam', constraints: [{ kind: 'options', values: ['adam', 'lbfgs'] }], allowed: "a str among {'adam', 'lbfgs'}", description: 'Solver.' },
      { name: 'random_state', default: null, constraints: [{ kind: 'int', min: 0, max: 4294967295 }, { kind: 'null' }], allowed: 'an int in the range [0, 4294967295] or null', description: 'Seed.' },
    ],
  },
  {
    type: 'random_forest',
    name: 'RandomForestClassifier',
    kind: 'classifier',
    params: [
      { name: 'criterion', default: 'gini', constraints: [{ kind: 'options', values: ['gini', 'entropy', 'log_loss'] }], allowed: "a str among {'gini', 'entropy', 'log_loss'}", description: 'Impurity.' },
      { name: 'max_depth', default: null, constraints: [{ kind: 'int', min: 1 }, { kind: 'null' }], allowed: 'an int in the range [1, inf) or null', description: 'Depth.' },
      { name: 'bootstrap', default: true, constraints: [{ kind: 'boolean' }], allowed: 'a bool', description: 'Bootstrap.' },
    ],
  },
  { type: 'standard_scaler', name: 'StandardScaler', kind: 'transformer', params: [] },
  {
    type: 'one_vs_rest',
    name: 'OneVsRestClassifier',
    kind: 'classifier',
    params: [{ name: 'estimator', default: null, constraints: [{ kind: 'estimator' }], allowed: 'an estimator spec', description: 'Base.' }],
  },
];

