import type { ModelInfo } from '@mnist-lab/infra';
import type { Matrix } from '@mnist-lab/ml';
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
 * `predict_proba`; the label is the most probable class (the first one on a tie, like argmax).
 */
export function presentPredictions(modelId: string, classes: readonly number[], proba: Matrix<Float32Array>, image?: PreprocessedDigit) {
  const { data, rows, cols } = proba;
  const keys = classes.map(String);
  const predictions = new Array<{ label: number; probabilities: Record<string, number> }>(rows);
  for (let i = 0; i < rows; i++) {
    const offset = i * cols;
    let best = 0;
    const probabilities: Record<string, number> = {};
    for (let k = 0; k < cols; k++) {
      const p = data[offset + k];
      if (p > data[offset + best]) best = k;
      probabilities[keys[k]] = p;
    }
    predictions[i] = { label: classes[best], probabilities };
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
