// The request bodies the e2e suites submit, built one way.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The pipeline: StandardScaler, then `model` (an estimator spec). */
export const scaledPipeline = (model: Json) => ({ type: 'pipeline', steps: [['scale', { type: 'standard_scaler' }], ['model', model]] });

/** A run of `scaledPipeline(model)` on the first `n_samples` images, split 80/20 as the notebook does. */
export const scaledRun = (model: Json, n_samples: number) => ({ dataset: 'mnist_784', n_samples, split: { test_size: 0.2, random_state: 42 }, estimator: scaledPipeline(model) });

/** LogisticRegression with `params`. */
export const logistic = (params: Json) => ({ type: 'logistic_regression', params });

/** A run that fits in a moment: LogisticRegression, 3 iterations, on the first 500 images. */
export const quickRun = () => scaledRun(logistic({ C: 1, max_iter: 3, random_state: 0 }), 500);

/** A sweep of 4 quick trials: LogisticRegression over two values of C, two folds, on the first 500 images. */
export const quickSweep = () => ({
  dataset: 'mnist_784',
  n_samples: 500,
  split: { test_size: 0.2, random_state: 0 },
  estimator: scaledPipeline(logistic({ max_iter: 3, random_state: 0 })),
  param_distributions: { model__C: [0.1, 1] },
  n_iter: 2,
  cv: 2,
  random_state: 0,
});
