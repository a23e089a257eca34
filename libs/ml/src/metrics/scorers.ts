/*
 * scikit-learn's named scorers (`sklearn/metrics/_scorer.py`, 1.2) for a fitted classifier: each
 * is "greater is better", so losses are negated (`neg_log_loss`). Label scorers use `predict`,
 * probability scorers `predict_proba`; a set of scorers needing both gets them from one
 * `predictWithProba` pass.
 */
import { DataError } from '../base/errors';
import type { Classifier } from '../base/estimator';
import type { Labels, Matrix } from '../base/matrix';
import type { ScorerName } from '../spec/scoring';
import { numpySum } from '../utils/numpy';
import { accuracyScore, confusionMatrix, precisionRecallFscoreSupport } from './classification';

/** What a scorer reads: the true labels, the predictions, and the probabilities when it needs them. */
export interface ScorerInput {
  readonly yTrue: Labels;
  readonly yPred: Labels;
  /** n_samples x n_classes, columns in `classes` order; null when no scorer asked for it. */
  readonly proba: Matrix<Float32Array> | null;
  readonly classes: Int32Array;
}

interface Scorer {
  readonly needsProba: boolean;
  score(input: ScorerInput): number;
}

const labelScorer = (score: (yTrue: Labels, yPred: Labels) => number): Scorer => ({ needsProba: false, score: ({ yTrue, yPred }) => score(yTrue, yPred) });
const probaScorer = (score: (yTrue: Labels, proba: Matrix<Float32Array>, classes: Int32Array) => number): Scorer => ({
  needsProba: true,
  score: ({ yTrue, proba, classes }) => score(yTrue, proba as Matrix<Float32Array>, classes),
});

const SCORERS: Readonly<Record<ScorerName, Scorer>> = {
  accuracy: labelScorer((yTrue, yPred) => accuracyScore(yTrue, yPred)),
  balanced_accuracy: labelScorer(balancedAccuracyScore),
  f1_macro: labelScorer((yTrue, yPred) => precisionRecallFscoreSupport(yTrue, yPred, { average: 'macro' }).fscore),
  f1_weighted: labelScorer((yTrue, yPred) => precisionRecallFscoreSupport(yTrue, yPred, { average: 'weighted' }).fscore),
  precision_macro: labelScorer((yTrue, yPred) => precisionRecallFscoreSupport(yTrue, yPred, { average: 'macro' }).precision),
  recall_macro: labelScorer((yTrue, yPred) => precisionRecallFscoreSupport(yTrue, yPred, { average: 'macro' }).recall),
  neg_log_loss: probaScorer((yTrue, proba, classes) => -logLoss(yTrue, proba, classes)),
  roc_auc_ovr: probaScorer(rocAucOvrScore),
};

/** Scores `estimator` on (X, y) with each scorer, predicting once; keys are the scorer names. */
export function scoreClassifier(estimator: Classifier, X: Matrix, y: Labels, scorers: readonly ScorerName[]): Record<ScorerName, number> {
  const needsProba = scorers.some((name) => SCORERS[name].needsProba);
  const predicted = needsProba ? estimator.predictWithProba(X) : { labels: estimator.predict(X), proba: null };
  const input: ScorerInput = { yTrue: y, yPred: predicted.labels, proba: predicted.proba, classes: estimator.classes_ };
  return Object.fromEntries(scorers.map((name) => [name, SCORERS[name].score(input)])) as Record<ScorerName, number>;
}

/**
 * `balanced_accuracy_score`: the mean recall over the labels present in `yTrue` (a label only
 * predicted has no recall and is left out, as scikit-learn drops its nan).
 */
export function balancedAccuracyScore(yTrue: Labels, yPred: Labels): number {
  const { matrix } = confusionMatrix(yTrue, yPred);
  const recalls = matrix.flatMap((row, i) => {
    const support = row.reduce((sum, value) => sum + value, 0);
    return support === 0 ? [] : [row[i] / support];
  });
  return numpySum(Float64Array.from(recalls)) / recalls.length;
}

/**
 * `log_loss(y_true, proba, labels=classes)`: the mean of -log p(true label), each row renormalised
 * and clipped to [eps, 1 - eps] with the float64 eps scikit-learn uses for its float64 probabilities.
 */
export function logLoss(yTrue: Labels, proba: Matrix<Float32Array>, classes: Int32Array): number {
  checkProbaShape(yTrue, proba, classes);
  const column = new Map(Array.from(classes, (label, k) => [label, k]));
  const eps = Number.EPSILON;
  const losses = new Float64Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) {
    const k = column.get(yTrue[i]);
    if (k === undefined) throw new DataError(`y_true contains label ${yTrue[i]}, which is not one of the classes ${Array.from(classes).join(', ')}`);
    let rowSum = 0;
    for (let c = 0; c < classes.length; c++) rowSum += Math.min(Math.max(proba.data[i * proba.cols + c], eps), 1 - eps);
    losses[i] = -Math.log(Math.min(Math.max(proba.data[i * proba.cols + k], eps), 1 - eps) / rowSum);
  }
  return numpySum(losses) / yTrue.length;
}

/**
 * `roc_auc_score(y_true, proba, multi_class="ovr", average="macro")`: the mean over classes of the
 * AUC of each class against the rest, scored by its probability column; for two classes, the AUC of
 * the second class's column. As scikit-learn, every class must occur in `yTrue`.
 */
export function rocAucOvrScore(yTrue: Labels, proba: Matrix<Float32Array>, classes: Int32Array): number {
  checkProbaShape(yTrue, proba, classes);
  const present = new Set(yTrue);
  if (present.size !== classes.length || !classes.every((label) => present.has(label))) {
    throw new DataError(`roc_auc_ovr needs every class in y_true: it has ${present.size} of the ${classes.length} columns of the probabilities`);
  }
  const column = (k: number) => Float64Array.from({ length: yTrue.length }, (_, i) => proba.data[i * proba.cols + k]);
  if (classes.length === 2) return binaryAuc(Uint8Array.from(yTrue, (label) => (label === classes[1] ? 1 : 0)), column(1));
  const aucs = Float64Array.from(classes, (label, k) => binaryAuc(Uint8Array.from(yTrue, (value) => (value === label ? 1 : 0)), column(k)));
  return numpySum(aucs) / classes.length;
}

/** The area under the ROC curve as the Mann-Whitney statistic, ties counted half (average ranks). */
function binaryAuc(positive: Uint8Array, scores: Float64Array): number {
  const order = Array.from(scores.keys()).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) if (positive[order[i]]) rankSum += averageRank;
    start = end + 1;
  }
  const nPositive = positive.reduce((sum, value) => sum + value, 0);
  const nNegative = positive.length - nPositive;
  return (rankSum - (nPositive * (nPositive + 1)) / 2) / (nPositive * nNegative);
}

function checkProbaShape(yTrue: Labels, proba: Matrix<Float32Array>, classes: Int32Array): void {
  if (proba.rows !== yTrue.length || proba.cols !== classes.length) {
    throw new DataError(`probabilities are ${proba.rows} x ${proba.cols}, expected ${yTrue.length} x ${classes.length}`);
  }
}
