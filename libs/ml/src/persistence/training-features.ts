import { ArtifactError } from '../base/errors';
import type { JsonValue } from '../base/estimator';
import type { Matrix } from '../base/matrix';
import type { FeatureDtype } from '../data/dataset-file';
import type { ArtifactMetadata } from './artifact';

/**
 * What a model was trained on, recorded in its artifact's metadata as `features`: the element type
 * of the training rows (bytes or float32), their width, and the image shape when they were an
 * image's pixels. A prediction takes rows of the same kind: the same width, bytes for a byte
 * model, finite float32 values for a float model, a PNG only for a 28 x 28 byte model.
 */
// A type rather than an interface: as JSON metadata it needs the implicit index signature.
export type TrainingFeatures = {
  readonly dtype: FeatureDtype;
  readonly n_features: number;
  /** Height x width, row-major; null for tabular data. */
  readonly image_shape: readonly number[] | null;
};

/** The record of training rows `X`, of a dataset whose samples are images of `imageShape` (null: tabular). */
export function trainingFeatures(X: Matrix, imageShape: readonly number[] | null): TrainingFeatures {
  return { dtype: X.data instanceof Uint8Array ? 'uint8' : 'float32', n_features: X.cols, image_shape: imageShape === null ? null : [...imageShape] };
}

/** The dataset every model was trained on before datasets could be registered. */
const LEGACY_DATASET = 'mnist_784';

/**
 * The training features of a model with `nFeatures` inputs from its artifact's metadata. Artifacts
 * written before the record existed hold none: those trained on mnist_784, or on no named dataset
 * (every model then was an MNIST one), took its bytes (28 x 28 when 784 wide); those trained on a
 * registered dataset may have taken floats, and any finite value is what such a model predicts
 * from. A record that is present but malformed, or disagrees with the estimator's own width, is an
 * ArtifactError.
 */
export function readTrainingFeatures(metadata: ArtifactMetadata, nFeatures: number): TrainingFeatures {
  const recorded = metadata['features'];
  if (recorded === undefined) {
    const dataset = metadata['dataset'];
    if (dataset !== undefined && dataset !== null && dataset !== LEGACY_DATASET) return { dtype: 'float32', n_features: nFeatures, image_shape: null };
    return { dtype: 'uint8', n_features: nFeatures, image_shape: nFeatures === 28 * 28 ? [28, 28] : null };
  }
  if (!isRecord(recorded)) throw invalid('must be an object {dtype, n_features, image_shape}');
  const { dtype, n_features: width, image_shape: shape } = recorded;
  if (dtype !== 'uint8' && dtype !== 'float32') throw invalid(`dtype must be "uint8" or "float32"; got ${JSON.stringify(dtype)}`);
  if (width !== nFeatures) throw invalid(`n_features is ${JSON.stringify(width)}, but the estimator takes ${nFeatures} features`);
  if (shape !== null) {
    const valid = Array.isArray(shape) && shape.length >= 2 && shape.every((side) => Number.isInteger(side) && (side as number) > 0);
    if (!valid || (shape as number[]).reduce((product, side) => product * side, 1) !== nFeatures) {
      throw invalid(`image_shape must be null or positive sides whose product is ${nFeatures}; got ${JSON.stringify(shape)}`);
    }
  }
  return { dtype, n_features: nFeatures, image_shape: shape === null ? null : [...(shape as number[])] };
}

function invalid(detail: string): ArtifactError {
  return new ArtifactError(`artifact metadata.features: ${detail}`);
}

function isRecord(value: JsonValue): value is { readonly [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
