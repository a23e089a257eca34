import type { ParamSchema, Params } from '../base/params';

/**
 * What a client needs to know about an estimator type to write a valid spec: its scikit-learn
 * name, its kind and its parameter table. Plain data and pure functions, so that the api and the
 * browser can validate specs without loading the estimators (or TensorFlow.js).
 */
export interface EstimatorDefinition {
  /** The spec's `type`: snake_case, as in `random_forest`. */
  readonly type: string;
  /** The scikit-learn class it mirrors, used in messages. */
  readonly displayName: string;
  /** A `resampler` (ImageAugmenter) is a pipeline step that changes the training rows in `fit` and is skipped when predicting. */
  readonly kind: 'classifier' | 'transformer' | 'resampler';
  readonly schema: ParamSchema;
  /**
   * A rough, unitless estimate of how long a fit with `params` takes relative to other settings of
   * the same estimator; schedulers start the costliest work first. Absent means "all alike".
   */
  relativeCost?(params: Params): number;
}
