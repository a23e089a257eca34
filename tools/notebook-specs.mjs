// The notebook's experiments as mnist-lab specs, shared by the main job and the benchmarks.
export const SPLIT = { test_size: 0.2, random_state: 42 };

export const scaled = (model) => ({ type: 'pipeline', steps: [['scale', { type: 'standard_scaler' }], ['model', model]] });

export const RUNS = {
  logistic: { title: 'LogisticRegression on scaled pixels', estimator: scaled({ type: 'logistic_regression', params: { C: 1.0, random_state: 42 } }) },
  forest: { title: 'RandomForest (defaults)', estimator: scaled({ type: 'random_forest', params: { random_state: 42, n_jobs: -1 } }) },
  tuned_forest: {
    title: 'RandomForest (hand-tuned)',
    estimator: scaled({
      type: 'random_forest',
      params: { n_estimators: 100, max_depth: 15, min_samples_split: 5, min_samples_leaf: 3, max_features: 'sqrt', random_state: 42, n_jobs: -1 },
    }),
  },
};

/** The notebook's RandomizedSearchCV: its grid without the invalid max_depth 0. */
export const NOTEBOOK_SWEEP = {
  dataset: 'mnist_784',
  split: SPLIT,
  estimator: scaled({ type: 'random_forest', params: { random_state: 42 } }),
  param_distributions: {
    model__n_estimators: [25, 50, 100, 200, 300],
    model__criterion: ['gini', 'entropy', 'log_loss'],
    model__max_depth: [null, 1, 2, 3, 5, 10],
  },
  n_iter: 10,
  cv: 3,
  scoring: 'accuracy',
  random_state: 0,
  refit: true,
};
