// The notebook's experiments as mnist-lab specs, shared by the main job and the benchmarks.
export const SPLIT = { test_size: 0.2, random_state: 42 };

export const scaled = (model) => ({ type: 'pipeline', steps: [['scale', { type: 'standard_scaler' }], ['model', model]] });

const FOREST = { type: 'random_forest', params: { random_state: 42, n_jobs: -1 } };
const TUNED_FOREST = {
  type: 'random_forest',
  params: { n_estimators: 100, max_depth: 15, min_samples_split: 5, min_samples_leaf: 3, max_features: 'sqrt', random_state: 42, n_jobs: -1 },
};
const LOGISTIC = { type: 'logistic_regression', params: { C: 1.0, random_state: 42 } };
/** The notebook's base estimator of OvO and OvR: LogisticRegression(max_iter=1000), on raw pixels. */
const RAW_LOGISTIC = { type: 'logistic_regression', params: { max_iter: 1000, random_state: 42 } };
const OVR = { type: 'one_vs_rest', params: { estimator: RAW_LOGISTIC, n_jobs: -1 } };

/**
 * The main job's runs, in the notebook's order (the sweep comes after `forest`), then its "next
 * steps": a soft-voting ensemble of the tuned forest, logistic regression and OvR, and the forest
 * on the training set with shifted copies of every image (test images are never shifted).
 */
export const RUNS = {
  forest: { title: 'RandomForest (defaults)', estimator: scaled(FOREST) },
  tuned_forest: { title: 'RandomForest (hand-tuned)', estimator: scaled(TUNED_FOREST) },
  logistic: { title: 'LogisticRegression on scaled pixels', estimator: scaled(LOGISTIC) },
  ovo: { title: 'OneVsOne(LogisticRegression(max_iter=1000)), raw pixels', estimator: { type: 'one_vs_one', params: { estimator: RAW_LOGISTIC, n_jobs: -1 } } },
  ovr: { title: 'OneVsRest(LogisticRegression(max_iter=1000)), raw pixels', estimator: OVR },
  voting: {
    title: 'Soft voting: hand-tuned forest + scaled LogisticRegression + OvR',
    estimator: {
      type: 'voting',
      params: { estimators: [['forest', scaled(TUNED_FOREST)], ['logistic', scaled(LOGISTIC)], ['ovr', OVR]], voting: 'soft' },
    },
  },
  augmented_forest: {
    title: 'RandomForest (defaults) on the shifted training set (±1 pixel, 4 directions)',
    estimator: { type: 'pipeline', steps: [['augment', { type: 'image_augmenter', params: { shift: 1, random_state: 42 } }], ...scaled(FOREST).steps] },
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
