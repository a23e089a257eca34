import { endianness } from 'node:os';
import { ownership, type ModelInfo } from '@mnist-lab/infra';
import type { LabelsWithProba } from '@mnist-lab/ml';
import type { PreprocessedDigit } from './digit-preprocessing';

/** Models as the API shows them: snake_case, like runs. */
export function presentModelSummary(model: ModelInfo) {
  return {
    id: model.id,
    run_id: model.runId,
    model_type: model.modelType,
    dataset: model.dataset,
    format_version: model.formatVersion,
    size_bytes: model.sizeBytes,
    sha256: model.sha256,
    test_accuracy: model.testAccuracy,
    created_at: model.createdAt.toISOString(),
    artifact_url: `/models/${model.id}/artifact`,
    ...ownership(model),
  };
}

/** A model with its artifact's JSON header (format version, estimator, classes, metadata, ...). */
export function presentModel(model: ModelInfo, header: unknown) {
  return { ...presentModelSummary(model), header };
}

/** The file name a download is saved as: `<model_type>-<first 8 characters of the id>.mnlab`. */
export function artifactFileName(model: Pick<ModelInfo, 'id' | 'modelType'>): string {
  return `${model.modelType.replace(/[^A-Za-z0-9_.-]/g, '_')}-${model.id.slice(0, 8)}.mnlab`;
}

/**
 * Each instance's label and its probability for every class, as scikit-learn's `predict` and
 * `predict_proba`. The label is the classifier's `predict`, which is not always the most probable
 * class (a one-vs-one model counts votes), so that served answers match the reported metrics.
 */
export function presentPredictions(modelId: string, classes: readonly number[], { labels, proba }: LabelsWithProba, image?: PreprocessedDigit) {
  const { data, rows, cols } = proba;
  const keys = classes.map(String);
  const predictions = new Array<{ label: number; probabilities: Record<string, number> }>(rows);
  for (let i = 0; i < rows; i++) {
    const offset = i * cols;
    const probabilities: Record<string, number> = {};
    for (let k = 0; k < cols; k++) probabilities[keys[k]] = data[offset + k];
    predictions[i] = { label: labels[i], probabilities };
  }
  return {
    model_id: modelId,
    classes,
    predictions,
    ...(image
      ? {
          image: {
            width: image.source.width,
            height: image.source.height,
            inverted: image.inverted,
            /** The 28x28 instance the model saw, row by row. */
            pixels: Array.from(image.pixels),
          },
        }
      : {}),
  };
}

/** Predictions as `application/octet-stream`: the body and what the response headers say about it. */
export interface BinaryPredictions {
  readonly classes: readonly number[];
  readonly instances: number;
  readonly body: Buffer;
}

/**
 * The binary form of {@link presentPredictions} (docs/predict-format.md): n labels as int32, then
 * the n x n_classes probabilities as float32, row-major, all little-endian. Both parts are
 * 4-byte values, so the body is the labels and a copy of the probabilities' bytes, swapped only
 * on a big-endian machine; the probabilities are the same float32 values the JSON form prints.
 */
export function presentBinaryPredictions(classes: readonly number[], { labels, proba }: LabelsWithProba): BinaryPredictions {
  const { data, rows, cols } = proba;
  // Buffer.alloc never hands out a slice of the shared pool, so the int32 view below is aligned.
  const body = Buffer.alloc(4 * rows * (1 + cols));
  new Int32Array(body.buffer, body.byteOffset, rows).set(labels);
  body.set(new Uint8Array(data.buffer, data.byteOffset, 4 * rows * cols), 4 * rows);
  if (endianness() === 'BE') body.swap32();
  return { classes, instances: rows, body };
}
