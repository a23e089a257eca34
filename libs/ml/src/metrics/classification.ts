/*
 * Classification metrics as pure functions, with the definitions of scikit-learn's
 * `sklearn/metrics/_classification.py` (1.2). Labels are class ids; by default a metric uses the
 * sorted union of the labels in `yTrue` and `yPred`. Sample weights are optional everywhere.
 */
import { DataError, InvalidParameterError } from '../base/errors';
import type { Labels } from '../base/matrix';
import { numpySum, pythonFloatRepr } from '../utils/numpy';

export type SampleWeight = ArrayLike<number>;

/** The value a ratio takes when its denominator is 0; scikit-learn's default "warn" also means 0. */
export type ZeroDivision = 0 | 1;

export type Average = 'micro' | 'macro' | 'weighted';

/** Normalise a confusion matrix over true labels (rows), predictions (columns), or everything. */
export type ConfusionNormalization = 'true' | 'pred' | 'all' | null;

export interface ConfusionMatrix {
  /** Row and column labels, in order. */
  readonly labels: Int32Array;
  /** `matrix[i][j]`: samples (or their weight) with true label `labels[i]` predicted as `labels[j]`. */
  readonly matrix: number[][];
}

export interface ConfusionMatrixOptions {
  readonly labels?: Labels | null;
  readonly normalize?: ConfusionNormalization;
  readonly sampleWeight?: SampleWeight | null;
}

export interface MultilabelConfusionMatrix {
  readonly labels: Int32Array;
  /** One one-vs-rest matrix per label: `[[tn, fp], [fn, tp]]`. */
  readonly matrices: number[][][];
}

export interface PrecisionRecallFscoreOptions {
  /** Weight of recall in the F-score. Default 1 (F1). */
  readonly beta?: number;
  readonly labels?: Labels | null;
  readonly zeroDivision?: ZeroDivision;
  readonly sampleWeight?: SampleWeight | null;
}

export interface PerClassScores {
  readonly labels: Int32Array;
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  readonly fscore: Float64Array;
  /** Number (or weight) of true samples of each label. */
  readonly support: Float64Array;
}

export interface AveragedScores {
  readonly precision: number;
  readonly recall: number;
  readonly fscore: number;
  /** scikit-learn returns no support for an average. */
  readonly support: null;
}

export interface ClassificationReportRow {
  readonly precision: number;
  readonly recall: number;
  readonly 'f1-score': number;
  readonly support: number;
}

/**
 * scikit-learn's `classification_report(..., output_dict=True)`: a row per class label (keys are
 * the labels as strings), then `accuracy` (a number) or, when `labels` leaves some classes out,
 * `micro avg`, then `macro avg` and `weighted avg`.
 */
export type ClassificationReport = Readonly<Record<string, ClassificationReportRow | number>>;

export interface ClassificationReportOptions {
  readonly labels?: Labels | null;
  readonly sampleWeight?: SampleWeight | null;
  /** Default 0, as the notebook passes `zero_division=0`. */
  readonly zeroDivision?: ZeroDivision;
}

export interface ClassificationReportTextOptions {
  /** Decimals of the scores. Default 2. */
  readonly digits?: number;
  /**
   * The row order: the `labels` the report was made with. Without it rows come in the report's key
   * order, and a JavaScript object lists integer keys (class ids) in increasing order whatever
   * order they were added in.
   */
  readonly labels?: Labels | null;
  /**
   * Whether supports are sums of sample weights: scikit-learn's are then floats and print as
   * Python does (`40.0`, `304.352`); counts print as integers (`40`).
   */
  readonly weightedSupport?: boolean;
}

export interface ConfusedPair {
  readonly trueLabel: number;
  readonly predictedLabel: number;
  /** The matrix cell: a count, a weight, or a fraction if the matrix was normalised. */
  readonly value: number;
}

/**
 * The (weighted) fraction of correct predictions. Weights that sum to 0 are an error, as
 * `np.average` raises for scikit-learn; without weights an empty input is NaN, as there.
 */
export function accuracyScore(yTrue: Labels, yPred: Labels, options: { readonly sampleWeight?: SampleWeight | null } = {}): number {
  const sampleWeight = options.sampleWeight ?? null;
  checkConsistentLength(yTrue, yPred, sampleWeight);
  let correct = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const weight = sampleWeight ? sampleWeight[i] : 1;
    if (yTrue[i] === yPred[i]) correct += weight;
    total += weight;
  }
  if (sampleWeight && total === 0) throw new DataError("sample_weight: weights sum to zero, can't be normalized", { field: 'sample_weight' });
  return correct / total;
}

/**
 * `confusion_matrix`: rows are true labels, columns predictions. Samples whose true or predicted
 * label is not in `labels` are left out. A normalised row, column or matrix that sums to 0 is all
 * zeros, not NaN: scikit-learn passes the quotient through `np.nan_to_num`.
 */
export function confusionMatrix(yTrue: Labels, yPred: Labels, options: ConfusionMatrixOptions = {}): ConfusionMatrix {
  const { normalize = null } = options;
  const sampleWeight = options.sampleWeight ?? null;
  checkConsistentLength(yTrue, yPred, sampleWeight);
  const labels = resolveLabels(yTrue, yPred, options.labels);
  const index = indexOfLabels(labels);
  if (options.labels && yTrue.length > 0 && !yTrue.some((label) => index.has(label))) {
    throw new InvalidParameterError('labels', 'at least one label specified must be in y_true');
  }
  const matrix = Array.from(labels, () => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const row = index.get(yTrue[i]);
    const column = index.get(yPred[i]);
    if (row !== undefined && column !== undefined) matrix[row][column] += sampleWeight ? sampleWeight[i] : 1;
  }
  if (normalize === null) return { labels, matrix };
  const rowSums = matrix.map(sum);
  const columnSums = Array.from(labels, (_, j) => sum(matrix.map((row) => row[j])));
  const total = sum(rowSums);
  const divisor = (i: number, j: number) => (normalize === 'true' ? rowSums[i] : normalize === 'pred' ? columnSums[j] : total);
  return { labels, matrix: matrix.map((row, i) => row.map((value, j) => nanToNum(value / divisor(i, j)))) };
}

/**
 * The notebook's error analysis: `confusion_matrix(y_true, y_pred, sample_weight=(y_pred != y_true),
 * normalize="true")`. Each row shows how the errors on that true label spread over the wrong
 * predictions; a row without errors is all zeros.
 */
export function errorsOnlyConfusionMatrix(yTrue: Labels, yPred: Labels, options: { readonly labels?: Labels | null } = {}): ConfusionMatrix {
  checkConsistentLength(yTrue, yPred, null);
  const isError = Uint8Array.from(yTrue, (label, i) => (label !== yPred[i] ? 1 : 0));
  return confusionMatrix(yTrue, yPred, { labels: options.labels, normalize: 'true', sampleWeight: isError });
}

/** The off-diagonal cells with a non-zero value, largest first (ties in row-major order), at most `k`. */
export function mostConfusedPairs(cm: ConfusionMatrix, k: number): ConfusedPair[] {
  if (!Number.isInteger(k) || k < 0) throw new InvalidParameterError('k', `must be a non-negative integer; got ${k}`);
  const pairs: ConfusedPair[] = [];
  cm.matrix.forEach((row, i) =>
    row.forEach((value, j) => {
      if (i !== j && value > 0) pairs.push({ trueLabel: cm.labels[i], predictedLabel: cm.labels[j], value });
    }),
  );
  return pairs.sort((a, b) => b.value - a.value).slice(0, k);
}

/** `multilabel_confusion_matrix` for multiclass targets: each label against the rest. */
export function multilabelConfusionMatrix(
  yTrue: Labels,
  yPred: Labels,
  options: { readonly labels?: Labels | null; readonly sampleWeight?: SampleWeight | null } = {},
): MultilabelConfusionMatrix {
  const labels = resolveLabels(yTrue, yPred, options.labels);
  const { truePositives, predicted, actual, total } = countPerLabel(yTrue, yPred, labels, options.sampleWeight ?? null);
  const matrices = Array.from(labels, (_, k) => {
    const tp = truePositives[k];
    const fp = predicted[k] - tp;
    const fn = actual[k] - tp;
    return [
      [total - tp - fp - fn, fp],
      [fn, tp],
    ];
  });
  return { labels, matrices };
}

/**
 * `precision_recall_fscore_support`: per label when `average` is null (the default), else the
 * `micro` (global counts), `macro` (unweighted mean over labels) or `weighted` (mean weighted by
 * support) average. A ratio with a zero denominator is `zeroDivision`.
 */
export function precisionRecallFscoreSupport(
  yTrue: Labels,
  yPred: Labels,
  options?: PrecisionRecallFscoreOptions & { readonly average?: null },
): PerClassScores;
export function precisionRecallFscoreSupport(
  yTrue: Labels,
  yPred: Labels,
  options: PrecisionRecallFscoreOptions & { readonly average: Average },
): AveragedScores;
export function precisionRecallFscoreSupport(
  yTrue: Labels,
  yPred: Labels,
  options: PrecisionRecallFscoreOptions & { readonly average?: Average | null } = {},
): PerClassScores | AveragedScores {
  const { beta = 1, average = null, zeroDivision = 0 } = options;
  if (!(beta >= 0)) throw new InvalidParameterError('beta', `must be >= 0 in the F-beta score; got ${beta}`);
  const labels = resolveLabels(yTrue, yPred, options.labels);
  const { truePositives, predicted, actual } = countPerLabel(yTrue, yPred, labels, options.sampleWeight ?? null);
  if (average === 'micro') {
    const [precision, recall, fscore] = fbetaScores([sum(truePositives)], [sum(predicted)], [sum(actual)], beta, zeroDivision).map(
      (scores) => scores[0],
    );
    return { precision, recall, fscore, support: null };
  }
  const [precision, recall, fscore] = fbetaScores(truePositives, predicted, actual, beta, zeroDivision);
  switch (average) {
    case null:
      return { labels, precision, recall, fscore, support: actual };
    case 'macro':
      return { precision: mean(precision), recall: mean(recall), fscore: mean(fscore), support: null };
    case 'weighted': {
      const totalSupport = numpySum(actual);
      if (totalSupport === 0) {
        // No true samples of any label: recall is undefined, and so are precision and F unless something was predicted.
        const allUndefined = sum(predicted) === 0;
        return { precision: allUndefined ? zeroDivision : 0, recall: zeroDivision, fscore: allUndefined ? zeroDivision : 0, support: null };
      }
      // np.average(scores, weights=support), in numpy's summation order.
      const weighted = (scores: Float64Array) => numpySum(scores.map((score, k) => score * actual[k])) / totalSupport;
      return { precision: weighted(precision), recall: weighted(recall), fscore: weighted(fscore), support: null };
    }
    default:
      throw new InvalidParameterError('average', `must be null, "micro", "macro" or "weighted"; got ${JSON.stringify(average)}`);
  }
}

/** `classification_report(..., output_dict=True)`; render it with `formatClassificationReport`. */
export function classificationReport(yTrue: Labels, yPred: Labels, options: ClassificationReportOptions = {}): ClassificationReport {
  const { zeroDivision = 0 } = options;
  const sampleWeight = options.sampleWeight ?? null;
  const labels = resolveLabels(yTrue, yPred, options.labels);
  const common = { labels, sampleWeight, zeroDivision };
  const perClass = precisionRecallFscoreSupport(yTrue, yPred, common);
  // np.sum, as scikit-learn totals the supports: its summation order shows in a weighted total's last digit.
  const totalSupport = numpySum(perClass.support);
  const row = (scores: { precision: number; recall: number; fscore: number }, support: number): ClassificationReportRow => ({
    precision: scores.precision,
    recall: scores.recall,
    'f1-score': scores.fscore,
    support,
  });
  const report: Record<string, ClassificationReportRow | number> = {};
  labels.forEach((label, k) => {
    report[String(label)] = row({ precision: perClass.precision[k], recall: perClass.recall[k], fscore: perClass.fscore[k] }, perClass.support[k]);
  });
  // Micro-averaged precision is the accuracy when the labels cover every class present.
  const present = resolveLabels(yTrue, yPred, null);
  const microIsAccuracy = !options.labels || (present.every((label) => labels.includes(label)) && labels.every((label) => present.includes(label)));
  const micro = precisionRecallFscoreSupport(yTrue, yPred, { ...common, average: 'micro' });
  if (microIsAccuracy) report['accuracy'] = micro.precision;
  else report['micro avg'] = row(micro, totalSupport);
  report['macro avg'] = row(precisionRecallFscoreSupport(yTrue, yPred, { ...common, average: 'macro' }), totalSupport);
  report['weighted avg'] = row(precisionRecallFscoreSupport(yTrue, yPred, { ...common, average: 'weighted' }), totalSupport);
  return report;
}

const AVERAGE_HEADINGS = ['accuracy', 'micro avg', 'macro avg', 'weighted avg'];

/**
 * `classification_report`'s text: `classificationReport` rendered as scikit-learn prints it, rows
 * in the order of `labels`, supports as floats when there are sample weights.
 */
export function classificationReportText(yTrue: Labels, yPred: Labels, options: ClassificationReportOptions & { readonly digits?: number } = {}): string {
  return formatClassificationReport(classificationReport(yTrue, yPred, options), {
    digits: options.digits,
    labels: options.labels,
    weightedSupport: (options.sampleWeight ?? null) !== null,
  });
}

/**
 * The text `classification_report` prints, from its dict form (as stored or sent over HTTP), which
 * does not say in what order the rows were nor whether supports are weights: `options` does.
 */
export function formatClassificationReport(report: ClassificationReport, options: ClassificationReportTextOptions = {}): string {
  const { digits = 2, weightedSupport = false } = options;
  const headers = ['precision', 'recall', 'f1-score', 'support'];
  const classNames = classRowNames(report, options.labels ?? null);
  const width = Math.max(...classNames.map((name) => name.length), 'weighted avg'.length, digits);
  const cell = (text: string) => ` ${text.padStart(9)}`;
  const supportText = (support: number) => (weightedSupport ? pythonFloatRepr(support) : String(support));
  const line = (heading: string, scores: readonly string[], support: number) =>
    `${heading.padStart(width)} ${scores.map(cell).join('')}${cell(supportText(support))}\n`;
  const scoreLine = (heading: string, row: ClassificationReportRow) =>
    line(heading, [row.precision, row.recall, row['f1-score']].map((value) => formatFixed(value, digits)), row.support);

  let text = `${''.padStart(width)} ${headers.map(cell).join('')}\n\n`;
  for (const name of classNames) text += scoreLine(name, report[name] as ClassificationReportRow);
  text += '\n';
  const accuracy = report['accuracy'];
  const macro = report['macro avg'] as ClassificationReportRow;
  if (typeof accuracy === 'number') text += line('accuracy', ['', '', formatFixed(accuracy, digits)], macro.support);
  else text += scoreLine('micro avg', report['micro avg'] as ClassificationReportRow);
  text += scoreLine('macro avg', macro);
  text += scoreLine('weighted avg', report['weighted avg'] as ClassificationReportRow);
  return text;
}

/** The report's class rows, in the order of `labels` when given (each must have a row). */
function classRowNames(report: ClassificationReport, labels: Labels | null): string[] {
  const names = Object.keys(report).filter((name) => !AVERAGE_HEADINGS.includes(name));
  if (labels === null) return names;
  const ordered = Array.from(labels, String);
  const missing = ordered.find((name) => !names.includes(name));
  if (missing !== undefined || ordered.length !== names.length) {
    throw new InvalidParameterError('labels', `must list the report's classes (${names.join(', ')}); got ${ordered.join(', ')}${missing === undefined ? '' : `, and ${missing} has no row`}`);
  }
  return ordered;
}

/**
 * Python's `format(value, ".2f")` for the non-negative numbers of a report. `toFixed` rounds an
 * exact tie up (0.125 -> "0.13"); Python rounds it to even ("0.12"), so ties are detected on the
 * exact decimal expansion of the double.
 */
function formatFixed(value: number, digits: number): string {
  const expansion = value.toFixed(100);
  const point = expansion.indexOf('.');
  const isTie = /^50*$/.test(expansion.slice(point + 1 + digits));
  const lastKept = Number(expansion[digits === 0 ? point - 1 : point + digits]);
  if (isTie && lastKept % 2 === 0) return expansion.slice(0, digits === 0 ? point : point + 1 + digits);
  return value.toFixed(digits);
}

/** Per-label precision, recall and F-beta from the counts, scikit-learn's `_prf_divide` for 0/0. */
function fbetaScores(
  truePositives: ArrayLike<number>,
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
  beta: number,
  zeroDivision: ZeroDivision,
): [Float64Array, Float64Array, Float64Array] {
  const divide = (numerators: ArrayLike<number>, denominators: ArrayLike<number>) =>
    Float64Array.from(numerators, (numerator, k) => (denominators[k] === 0 ? zeroDivision : numerator / denominators[k]));
  const precision = divide(truePositives, predicted);
  const recall = divide(truePositives, actual);
  if (beta === Infinity) return [precision, recall, recall.slice()];
  const beta2 = beta * beta;
  const fscore = precision.map((p, k) => {
    const denominator = beta2 * p + recall[k];
    return ((1 + beta2) * p * recall[k]) / (denominator === 0 ? 1 : denominator);
  });
  return [precision, recall, fscore];
}

interface LabelCounts {
  readonly truePositives: Float64Array;
  readonly predicted: Float64Array;
  readonly actual: Float64Array;
  /** All samples (or their total weight), including those of labels not listed. */
  readonly total: number;
}

function countPerLabel(yTrue: Labels, yPred: Labels, labels: Int32Array, sampleWeight: SampleWeight | null): LabelCounts {
  checkConsistentLength(yTrue, yPred, sampleWeight);
  const index = indexOfLabels(labels);
  const truePositives = new Float64Array(labels.length);
  const predicted = new Float64Array(labels.length);
  const actual = new Float64Array(labels.length);
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const weight = sampleWeight ? sampleWeight[i] : 1;
    const t = index.get(yTrue[i]);
    const p = index.get(yPred[i]);
    if (t !== undefined) {
      actual[t] += weight;
      if (yTrue[i] === yPred[i]) truePositives[t] += weight;
    }
    if (p !== undefined) predicted[p] += weight;
    total += weight;
  }
  return { truePositives, predicted, actual, total };
}

/** `labels` as given, or the sorted union of the labels in `yTrue` and `yPred`. */
function resolveLabels(yTrue: Labels, yPred: Labels, labels: Labels | null | undefined): Int32Array {
  if (labels) {
    if (labels.length === 0) throw new InvalidParameterError('labels', 'should contain at least one label');
    return Int32Array.from(labels);
  }
  const present = new Set<number>(yTrue);
  for (const label of yPred) present.add(label);
  return Int32Array.from(present).sort();
}

function indexOfLabels(labels: Int32Array): Map<number, number> {
  return new Map(Array.from(labels, (label, k) => [label, k]));
}

function checkConsistentLength(yTrue: Labels, yPred: Labels, sampleWeight: SampleWeight | null): void {
  const lengths = [yTrue.length, yPred.length, ...(sampleWeight ? [sampleWeight.length] : [])];
  if (lengths.some((length) => length !== lengths[0])) {
    throw new DataError(`found input variables with inconsistent numbers of samples: [${lengths.join(', ')}]`);
  }
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

/** `np.mean`, whose pairwise sum can differ from a left-to-right one in the last digit. */
function mean(values: Float64Array): number {
  return numpySum(values) / values.length;
}

/** `np.nan_to_num`: NaN becomes 0 and infinities the largest finite doubles. */
function nanToNum(value: number): number {
  if (Number.isNaN(value)) return 0;
  if (value === Infinity) return Number.MAX_VALUE;
  if (value === -Infinity) return -Number.MAX_VALUE;
  return value;
}
