import type { JsonValue } from '../base/estimator';
import type { Labels, Matrix } from '../base/matrix';
import * as metrics from '../metrics/classification';

/** Misclassified samples kept per evaluation: enough for a gallery, bounded for one JSON row. */
const MAX_MISCLASSIFIED = 2000;

export interface Evaluation {
  readonly accuracy: number;
  readonly n_samples: number;
  /** Every view of the notebook's evaluation section, as JSON. */
  readonly metrics: { readonly [key: string]: JsonValue };
}

export interface EvaluateOptions {
  /** Class probabilities (rows in sample order), to report with each misclassified sample. */
  readonly proba?: Matrix<Float32Array>;
  /** Each sample's row in the dataset, so that misclassified images can be looked up. */
  readonly sampleIndices?: Int32Array;
}

/**
 * The notebook's evaluation of one subset: accuracy, confusion matrices (raw, normalised three
 * ways, errors only, one-vs-rest 2x2s), the classification report, the most confused pairs and
 * the misclassified samples. Labels are the classifier's classes, so every matrix has a row
 * and a column per class even when a class is never predicted.
 */
export function evaluateClassifier(yTrue: Labels, yPred: Labels, classes: Int32Array, options: EvaluateOptions = {}): Evaluation {
  const labels = classes;
  const raw = metrics.confusionMatrix(yTrue, yPred, { labels });
  const report = metrics.classificationReport(yTrue, yPred, { labels, zeroDivision: 0 });
  const accuracy = metrics.accuracyScore(yTrue, yPred);
  const toJson = (cm: { labels: ArrayLike<number>; matrix: number[][] }) => ({ labels: Array.from(cm.labels), matrix: cm.matrix });
  return {
    accuracy,
    n_samples: yTrue.length,
    metrics: {
      confusion_matrix: toJson(raw),
      confusion_matrix_normalized: {
        true: toJson(metrics.confusionMatrix(yTrue, yPred, { labels, normalize: 'true' })),
        pred: toJson(metrics.confusionMatrix(yTrue, yPred, { labels, normalize: 'pred' })),
        all: toJson(metrics.confusionMatrix(yTrue, yPred, { labels, normalize: 'all' })),
      },
      errors_only_confusion_matrix: toJson(metrics.errorsOnlyConfusionMatrix(yTrue, yPred, { labels })),
      multilabel_confusion_matrix: (() => {
        const mcm = metrics.multilabelConfusionMatrix(yTrue, yPred, { labels });
        return { labels: Array.from(mcm.labels), matrices: mcm.matrices as unknown as JsonValue };
      })(),
      classification_report: report as unknown as JsonValue,
      classification_report_text: metrics.formatClassificationReport(report),
      most_confused_pairs: metrics.mostConfusedPairs(raw, 10).map((pair) => ({
        true_label: pair.trueLabel,
        predicted_label: pair.predictedLabel,
        count: pair.value,
      })),
      ...(options.sampleIndices ? { misclassified: misclassified(yTrue, yPred, classes, options) } : {}),
    },
  };
}

function misclassified(yTrue: Labels, yPred: Labels, classes: Int32Array, options: EvaluateOptions): JsonValue {
  const samples: JsonValue[] = [];
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] === yPred[i]) continue;
    total++;
    if (samples.length >= MAX_MISCLASSIFIED) continue;
    const proba = options.proba;
    samples.push({
      index: options.sampleIndices ? options.sampleIndices[i] : i,
      true_label: yTrue[i],
      predicted_label: yPred[i],
      probabilities: proba ? Array.from(proba.data.subarray(i * classes.length, (i + 1) * classes.length), round4) : null,
    });
  }
  return { total, shown: samples.length, samples };
}

const round4 = (value: number) => Math.round(value * 1e4) / 1e4;
