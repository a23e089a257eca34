import { float, int, none } from '../base/params';
import { RANDOM_STATE_PARAM } from '../model-selection/split';
import type { EstimatorDefinition } from './estimator-definition';

/**
 * The training-set augmentation of the notebook's "next steps" (shifted copies of every image, as
 * in Géron's MNIST exercise), as an imblearn-style resampler: it adds rows in `fit` and is skipped
 * when predicting, so test sets and a sweep's validation folds are never augmented.
 */
export const imageAugmenterDefinition: EstimatorDefinition = {
  type: 'image_augmenter',
  displayName: 'ImageAugmenter',
  kind: 'resampler',
  schema: {
    shift: {
      default: 1,
      constraints: [int(0, 8)],
      description: 'Adds, for every d in 1..shift, each image moved d pixels left, right, up and down (empty pixels 0): 1 + 4 x shift times the rows.',
    },
    rotations: {
      default: 0,
      constraints: [int(0, 8)],
      description: 'Rotated copies of each image, each at an angle drawn uniformly in [-max_rotation, max_rotation] degrees (bilinear, empty pixels 0).',
    },
    max_rotation: { default: 10, constraints: [float(0, 45)], description: 'Largest rotation, in degrees, of the rotated copies.' },
    image_width: {
      default: null,
      constraints: [int(1), none],
      description: 'Pixels per image row; null for square images (sqrt of the number of features: 28 for MNIST).',
    },
    random_state: RANDOM_STATE_PARAM,
  },
};
