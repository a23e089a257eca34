// The request bodies the e2e suites submit, built one way.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The pipeline: StandardScaler, then `model` (an estimator spec). */
export const scaledPipeline = (model: Json) => ({ type: 'pipeline', steps: [['scale', { type: 'standard_scaler' }], ['model', model]] });

/** A run of `scaledPipeline(model)` on the first `n_samples` images, split 80/20 as the notebook does. */
export const scaledRun = (model: Json, n_samples: number) => ({ dataset: 'mnist_784', n_samples, split: { test_size: 0.2, random_state: 42 }, estimator: scaledPipeline(model) });

/** LogisticRegression with `params`. */
export const logistic = (params: Json) => ({ type: 'logistic_regression', params });
