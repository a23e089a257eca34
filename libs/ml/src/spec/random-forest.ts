import { boolean, float, int, none, options, type ParamSchema } from '../base/params';
import { RANDOM_STATE_PARAM } from '../model-selection/split';
import type { EstimatorDefinition } from './estimator-definition';

/**
 * scikit-learn 1.2's constraints. JSON numbers cannot tell 1 from 1.0, so an integral value is a
 * count (as Python's json module would parse it) and a fraction lies strictly between 0 and 1:
 * scikit-learn's float 1.0 ("all") is `null` for `max_features` and `max_samples`, and is not
 * available for `min_samples_split`.
 */
export const RANDOM_FOREST_SCHEMA: ParamSchema = {
  n_estimators: { default: 100, constraints: [int(1)], description: 'Number of trees.' },
  criterion: {
    default: 'gini',
    constraints: [options('gini', 'entropy', 'log_loss')],
    description: "Impurity measured at splits; 'log_loss' is the same as 'entropy'.",
  },
  max_depth: { default: null, constraints: [int(1), none], description: 'Maximum depth of a tree; null grows leaves until they are pure.' },
  min_samples_split: {
    default: 2,
    constraints: [int(2), float(0, 1, { minExclusive: true, maxExclusive: true })],
    description: 'Fewest samples a node needs to be split: a count, or a fraction of the training samples (rounded up).',
  },
  min_samples_leaf: {
    default: 1,
    constraints: [int(1), float(0, 1, { minExclusive: true, maxExclusive: true })],
    description: 'Fewest samples on each side of a split: a count, or a fraction of the training samples (rounded up).',
  },
  max_features: {
    default: 'sqrt',
    constraints: [int(1), float(0, 1, { minExclusive: true, maxExclusive: true }), options('sqrt', 'log2'), none],
    description: 'Features drawn at each split: a count, a fraction, sqrt or log2 of the number of features, or null for all.',
  },
  bootstrap: { default: true, constraints: [boolean], description: 'Grow each tree on a bootstrap sample; false uses every sample.' },
  max_samples: {
    default: null,
    constraints: [none, int(1), float(0, 1, { minExclusive: true, maxExclusive: true })],
    description: 'Bootstrap size: a count, a fraction of the training samples, or null for as many as there are.',
  },
  class_weight: {
    default: null,
    constraints: [options('balanced', 'balanced_subsample'), { kind: 'class_weight_map' }, none],
    description: "Class weights: {label: weight}, 'balanced' (inversely proportional to class frequencies), or 'balanced_subsample' (the same per bootstrap sample).",
  },
  random_state: RANDOM_STATE_PARAM,
  n_jobs: {
    default: null,
    constraints: [int(1), int(undefined, -1), none],
    description: 'Threads growing trees: null is 1, -1 all cores, -2 all but one, and so on.',
  },
  oob_score: { default: false, constraints: [boolean], description: 'Estimate accuracy on the samples each tree did not draw (needs bootstrap).' },
};

export const randomForestDefinition: EstimatorDefinition = {
  type: 'random_forest',
  displayName: 'RandomForestClassifier',
  kind: 'classifier',
  schema: RANDOM_FOREST_SCHEMA,
  // Trees times levels: an unbounded MNIST tree is about 35 levels deep.
  relativeCost: (params) => (params['n_estimators'] as number) * Math.min((params['max_depth'] as number | null) ?? 35, 35),
};
