import { InvalidParameterError } from '@mnist-lab/ml';
import type { CaptionedDigit } from './digits';

/**
 * The evaluation views of one subset as `evaluateClassifier` (libs/ml) stores them in
 * `run_results.metrics`; `misclassified` exists for the test subset only.
 */
export interface StoredEvaluationViews {
  readonly confusion_matrix: StoredConfusionMatrix;
  readonly confusion_matrix_normalized: Readonly<Record<'true' | 'pred' | 'all', StoredConfusionMatrix>>;
  readonly errors_only_confusion_matrix: StoredConfusionMatrix;
  readonly multilabel_confusion_matrix: { readonly labels: number[]; readonly matrices: number[][][] };
  readonly classification_report: Readonly<Record<string, unknown>>;
  readonly classification_report_text: string;
  readonly most_confused_pairs: readonly { true_label: number; predicted_label: number; count: number }[];
  readonly misclassified?: { readonly total: number; readonly shown: number; readonly samples: readonly MisclassifiedSample[] };
}

export interface StoredConfusionMatrix {
  readonly labels: number[];
  readonly matrix: number[][];
}

export interface MisclassifiedSample {
  /** The sample's row in the dataset. */
  readonly index: number;
  readonly true_label: number;
  readonly predicted_label: number;
  readonly probabilities: number[] | null;
}

/** The subsets a run is evaluated on. */
export const EVALUATION_SETS = ['test', 'train'] as const;
export type EvaluationSet = (typeof EVALUATION_SETS)[number];

/** `confusion_matrix(normalize=...)`, with `none` for scikit-learn's `None`. */
export const NORMALIZE_MODES = ['none', 'true', 'pred', 'all'] as const;
export type NormalizeMode = (typeof NORMALIZE_MODES)[number];

export interface ConfusionMatrixSelection {
  readonly normalize: NormalizeMode;
  /** The notebook's error analysis: misclassified samples only, normalised by true label. */
  readonly errorsOnly: boolean;
}

export interface SelectedConfusionMatrix extends StoredConfusionMatrix {
  /** Fractions rather than counts. */
  readonly percent: boolean;
  /** The normalisation the matrix actually has (an errors-only matrix is always `true`). */
  readonly normalize: NormalizeMode;
}

/**
 * The stored confusion matrix a picture asks for. The errors-only matrix exists only normalised
 * by true label (as the notebook computes it), so it accepts `none` (meaning: as stored) or `true`.
 */
export function selectConfusionMatrix(views: StoredEvaluationViews, selection: ConfusionMatrixSelection): SelectedConfusionMatrix {
  const { normalize, errorsOnly } = selection;
  if (errorsOnly) {
    if (normalize !== 'none' && normalize !== 'true') {
      throw new InvalidParameterError(
        'normalize',
        `the errors-only confusion matrix is normalised by true label, so normalize must be "none" or "true" with errors_only=true; got ${JSON.stringify(normalize)}`,
      );
    }
    return { ...views.errors_only_confusion_matrix, percent: true, normalize: 'true' };
  }
  if (normalize === 'none') return { ...views.confusion_matrix, percent: false, normalize };
  return { ...views.confusion_matrix_normalized[normalize], percent: true, normalize };
}

export interface RunIdentity {
  readonly id: string;
  readonly modelType: string;
}

/** "random_forest run 0123abcd": a run named by its model and the start of its id. */
export function runLabel(run: RunIdentity): string {
  return `${run.modelType} run ${run.id.slice(0, 8)}`;
}

/** What a picture of a run shows: "<model_type> run <id prefix> — <what>". */
export function runPictureTitle(run: RunIdentity, what: string): string {
  return `${runLabel(run)} — ${what}`;
}

/** "test (normalize=pred)", "train, errors only (normalize=true)". */
export function describeConfusionMatrix(set: EvaluationSet, matrix: Pick<SelectedConfusionMatrix, 'normalize'>, errorsOnly: boolean): string {
  return `${set}${errorsOnly ? ', errors only' : ''} (normalize=${matrix.normalize})`;
}

/** A cell, row (true label only) or column (predicted label only) of the confusion matrix; neither is every error. */
export interface ConfusionCell {
  readonly trueLabel?: number;
  readonly predictedLabel?: number;
}

export interface SelectedMisclassified {
  /** Misclassified samples of the cell in the evaluated subset (counted in the confusion matrix: stored samples are capped). */
  readonly total: number;
  readonly samples: readonly MisclassifiedSample[];
  /** " true 4 → predicted 9", " true 4", " predicted 9", or "" for every error. */
  readonly description: string;
}

/**
 * The stored misclassified samples in one cell of the confusion matrix, for the notebook's
 * error analysis of its most confused pairs. Labels must be the run's classes, and a cell on the
 * diagonal has no errors to show: both are refused with the query field's name.
 */
export function selectMisclassified(views: StoredEvaluationViews, cell: ConfusionCell = {}): SelectedMisclassified {
  const stored = views.misclassified ?? { total: 0, samples: [] };
  const { trueLabel, predictedLabel } = cell;
  if (trueLabel === undefined && predictedLabel === undefined) return { total: stored.total, samples: stored.samples, description: '' };
  const { labels, matrix } = views.confusion_matrix;
  for (const [field, label] of [['true', trueLabel], ['pred', predictedLabel]] as const) {
    if (label !== undefined && !labels.includes(label)) throw new InvalidParameterError(field, `must be one of the run's classes (${labels.join(', ')}); got ${label}`);
  }
  if (trueLabel !== undefined && trueLabel === predictedLabel) {
    throw new InvalidParameterError('pred', `equals true (${trueLabel}): a cell on the diagonal holds the correctly classified digits`);
  }
  const inCell = (t: number, p: number) => t !== p && (trueLabel === undefined || t === trueLabel) && (predictedLabel === undefined || p === predictedLabel);
  let total = 0;
  matrix.forEach((row, i) => row.forEach((count, j) => (total += inCell(labels[i], labels[j]) ? count : 0)));
  const parts = [trueLabel === undefined ? null : `true ${trueLabel}`, predictedLabel === undefined ? null : `predicted ${predictedLabel}`];
  const description = ` ${parts.filter((part) => part !== null).join(' → ')}`;
  return { total, samples: stored.samples.filter((sample) => inCell(sample.true_label, sample.predicted_label)), description };
}

/** The first `limit` misclassified samples as captioned digits, "true → predicted". */
export function misclassifiedDigits(
  samples: readonly MisclassifiedSample[],
  limit: number,
  pixelsOf: (index: number) => Uint8Array,
): CaptionedDigit[] {
  return samples.slice(0, limit).map((sample) => ({
    pixels: pixelsOf(sample.index),
    caption: `${sample.true_label} → ${sample.predicted_label}`,
  }));
}
