import type { EstimatorDescriptor, EstimatorFactory } from '../base/estimator';
import { labelsOfMaxima, type Labels, type Matrix } from '../base/matrix';
import { oneVsRestDefinition } from '../spec/multiclass';
import {
  BinaryDecomposition,
  binaryConfidence,
  hasDecisionFunction,
  indicator,
  type BinaryVote,
  type MulticlassInput,
} from './decomposition';
import type { BinaryProblem } from './parallel-fit';

const DISPLAY_NAME = oneVsRestDefinition.displayName;

/**
 * scikit-learn's OneVsRestClassifier (single-label multiclass): one binary classifier per class,
 * class k (label 1) against all the others (label 0), every one on all the samples; for two
 * classes a single classifier for `classes[1]`, as scikit-learn's LabelBinarizer gives one column.
 */
export class OneVsRestClassifier extends BinaryDecomposition {
  constructor(params: MulticlassInput, factory?: EstimatorFactory) {
    super(oneVsRestDefinition, params, factory);
  }

  protected estimatorCount(nClasses: number): number {
    return nClasses === 2 ? 1 : nClasses;
  }

  protected binaryProblems(y: Labels, classes: Int32Array): BinaryProblem[] {
    const positives = classes.length === 2 ? [classes[1]] : Array.from(classes);
    return positives.map((positive) => ({ rows: null, y: indicator(y, positive) }));
  }

  /**
   * Each class's estimator's decision function, n_samples x n_classes (for two classes the single
   * estimator's column), as scikit-learn; only when the base estimator has one.
   */
  decisionFunction(X: Matrix): Matrix<Float32Array> {
    const { estimators } = this.fittedFor(X);
    if (!hasDecisionFunction(estimators[0])) throw new TypeError(`${this.estimator.type} has no decision function, so ${DISPLAY_NAME} has none`);
    return interleave(estimators.map((estimator) => binaryConfidence(estimator, X)), X.rows);
  }

  /**
   * The class whose estimator is most confident (decision function, else probability of label 1);
   * on an exact tie the last such class, as scikit-learn's running maximum. For two classes,
   * `classes[1]` when its confidence is above 0 (decision function) or 0.5 (probability).
   */
  predict(X: Matrix): Labels {
    const { estimators } = this.fittedFor(X);
    return this.labelsOfConfidences(estimators.map((estimator) => binaryConfidence(estimator, X)), X.rows);
  }

  protected labelsFrom(votes: readonly BinaryVote[], rows: number): Labels {
    return this.labelsOfConfidences(votes.map(({ confidence }) => confidence), rows);
  }

  private labelsOfConfidences(confidences: readonly Float32Array[], rows: number): Labels {
    const classes = this.classes_;
    if (classes.length > 2) return labelsOfMaxima(interleave(confidences, rows).data, classes, 'last');
    const threshold = this.binaryThreshold();
    return Int32Array.from(confidences[0], (confidence) => classes[confidence > threshold ? 1 : 0]);
  }

  /**
   * scikit-learn's: each estimator's probability of label 1, divided by their sum over the classes
   * (for two classes, 1 - p and p). Where every estimator gives exactly 0 the row is uniform rather
   * than scikit-learn's 0 / 0 = NaN.
   */
  protected probaFrom(positive: readonly Float32Array[], rows: number): Matrix<Float32Array> {
    const k = this.classes_.length;
    const columns = k === 2 ? [positive[0].map((p) => 1 - p), positive[0]] : positive;
    const proba = interleave(columns, rows);
    for (let i = 0; i < rows; i++) {
      const row = proba.data.subarray(i * k, (i + 1) * k);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += row[c];
      for (let c = 0; c < k; c++) row[c] = sum > 0 ? row[c] / sum : 1 / k;
    }
    return proba;
  }
}

/** Per-estimator columns of n values to one n x columns.length row-major matrix. */
function interleave(columns: readonly Float32Array[], rows: number): Matrix<Float32Array> {
  const cols = columns.length;
  const data = new Float32Array(rows * cols);
  columns.forEach((column, c) => {
    for (let i = 0; i < rows; i++) data[i * cols + c] = column[i];
  });
  return { data, rows, cols };
}

export const oneVsRestDescriptor: EstimatorDescriptor = BinaryDecomposition.describe(oneVsRestDefinition, (params, factory) => new OneVsRestClassifier(params, factory));
