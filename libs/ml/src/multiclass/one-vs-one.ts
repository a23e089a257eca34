import type { EstimatorDescriptor, EstimatorFactory } from '../base/estimator';
import { labelsOfMaxima, type Labels, type Matrix } from '../base/matrix';
import { oneVsOneDefinition } from '../spec/multiclass';
import { BinaryDecomposition, binaryOutputs, type BinaryVote, type MulticlassInput } from './decomposition';
import { MIN_PAIRWISE_PROBABILITY, PairwiseCoupling } from './pairwise-coupling';
import type { BinaryProblem } from './parallel-fit';


/**
 * scikit-learn's OneVsOneClassifier: one binary classifier per pair of classes i < j (45 for the ten
 * digits), in the order (0, 1), (0, 2), ..., (1, 2), ..., each trained on the samples of its two
 * classes only, with label 0 for class i and 1 for class j (as `_fit_ovo_binary`).
 *
 * Prediction counts each pair's vote and breaks ties with the summed confidences (`decisionFunction`).
 * scikit-learn's OneVsOneClassifier has no `predict_proba`; this one couples the pairs' probabilities
 * as libsvm does for `SVC(probability=True)` (see `predictProba`).
 */
export class OneVsOneClassifier extends BinaryDecomposition {
  constructor(params: MulticlassInput, factory?: EstimatorFactory) {
    super(oneVsOneDefinition, params, factory);
  }

  protected estimatorCount(nClasses: number): number {
    return (nClasses * (nClasses - 1)) / 2;
  }

  protected binaryProblems(y: Labels, classes: Int32Array): BinaryProblem[] {
    const problems: BinaryProblem[] = [];
    for (let i = 0; i < classes.length; i++) {
      for (let j = i + 1; j < classes.length; j++) {
        const rows: number[] = [];
        const labels: number[] = [];
        y.forEach((label, row) => {
          if (label === classes[i] || label === classes[j]) {
            rows.push(row);
            labels.push(label === classes[j] ? 1 : 0);
          }
        });
        problems.push({ rows: Int32Array.from(rows), y: Int32Array.from(labels) });
      }
    }
    return problems;
  }

  /**
   * scikit-learn's `decision_function`: per class, its votes plus its summed pairwise confidence
   * mapped into (-1/3, 1/3), so confidences only break ties between equal vote counts
   * (`ovoDecisionValues`). n_samples x n_classes; for two classes the single column of class 1.
   */
  decisionFunction(X: Matrix): Matrix<Float32Array> {
    const values = this.decisionValues(this.votes(X));
    const k = this.classes_.length;
    if (k > 2) return { data: Float32Array.from(values), rows: X.rows, cols: k };
    return { data: Float32Array.from({ length: X.rows }, (_, i) => values[2 * i + 1]), rows: X.rows, cols: 1 };
  }

  /** The class with the highest decision value (the first, on an exact tie), as scikit-learn. */
  predict(X: Matrix): Labels {
    return this.labelsFrom(this.votes(X), X.rows);
  }

  protected labelsFrom(votes: readonly BinaryVote[], rows: number): Labels {
    // Decided on the float64 values: float32 would round away the small confidence differences
    // that break vote ties.
    const values = this.decisionValues(votes);
    const classes = this.classes_;
    if (classes.length > 2) return labelsOfMaxima(values, classes, 'first');
    const threshold = this.binaryThreshold();
    return Int32Array.from({ length: rows }, (_, i) => classes[values[2 * i + 1] > threshold ? 1 : 0]);
  }

  /**
   * Class probabilities coupled from the pairwise ones (Wu, Lin & Weng's second method, as libsvm's
   * `SVC(probability=True)`): estimator (i, j)'s probability of its class 1 estimates
   * P(y = j | y in {i, j}, x), clipped to [1e-7, 1 - 1e-7] as libsvm does, and the class
   * probabilities are those most consistent with all 45 pairs (`PairwiseCoupling`).
   *
   * scikit-learn's OneVsOneClassifier has no predict_proba; this is the established way to get
   * probabilities from one-vs-one classifiers. As with SVC, the most probable class can, rarely,
   * differ from `predict`, which counts votes.
   */
  protected probaFrom(positive: readonly Float32Array[], rows: number): Matrix<Float32Array> {
    const k = this.classes_.length;
    const coupling = new PairwiseCoupling(k);
    const r = new Float64Array(k * k);
    const p = new Float64Array(k);
    const out = new Float32Array(rows * k);
    for (let s = 0; s < rows; s++) {
      let pair = 0;
      for (let i = 0; i < k; i++) {
        for (let j = i + 1; j < k; j++) {
          const pj = Math.min(Math.max(positive[pair++][s], MIN_PAIRWISE_PROBABILITY), 1 - MIN_PAIRWISE_PROBABILITY);
          r[j * k + i] = pj;
          r[i * k + j] = 1 - pj;
        }
      }
      out.set(coupling.solve(r, p), s * k);
    }
    return { data: out, rows, cols: k };
  }

  /** Every pair's labels and confidences; the labels come with probabilities at no extra pass where the pair's estimator allows. */
  private votes(X: Matrix): BinaryVote[] {
    return this.fittedFor(X).estimators.map((estimator) => binaryOutputs(estimator, X));
  }

  private decisionValues(votes: readonly BinaryVote[]): Float64Array {
    return ovoDecisionValues(
      votes.map(({ predicted }) => predicted),
      votes.map(({ confidence }) => confidence),
      this.classes_.length,
    );
  }
}

/**
 * scikit-learn's `_ovr_decision_function` (sklearn/utils/multiclass.py): `predictions[pair]` and
 * `confidences[pair]` are pair (i, j)'s 0/1 predictions and class-1 confidences per sample, pairs in
 * OneVsOneClassifier's order. Each class gets its votes plus s / (3 (|s| + 1)), s being the sum of
 * its pairs' confidences signed towards it: the term stays in (-1/3, 1/3), so it orders classes with
 * equal votes and never overturns a difference of one vote. Returns n_samples x n_classes, float64.
 */
export function ovoDecisionValues(predictions: readonly ArrayLike<number>[], confidences: readonly ArrayLike<number>[], nClasses: number): Float64Array {
  const nPairs = (nClasses * (nClasses - 1)) / 2;
  if (predictions.length !== nPairs || confidences.length !== nPairs) {
    throw new RangeError(`${nClasses} classes need ${nPairs} pairs of predictions and confidences, got ${predictions.length} and ${confidences.length}`);
  }
  const n = nPairs === 0 ? 0 : predictions[0].length;
  const votes = new Float64Array(n * nClasses);
  const sums = new Float64Array(n * nClasses);
  let pair = 0;
  for (let i = 0; i < nClasses; i++) {
    for (let j = i + 1; j < nClasses; j++, pair++) {
      const predicted = predictions[pair];
      const confidence = confidences[pair];
      for (let s = 0; s < n; s++) {
        sums[s * nClasses + i] -= confidence[s];
        sums[s * nClasses + j] += confidence[s];
        if (predicted[s] === 0) votes[s * nClasses + i] += 1;
        else if (predicted[s] === 1) votes[s * nClasses + j] += 1;
      }
    }
  }
  for (let c = 0; c < votes.length; c++) votes[c] += sums[c] / (3 * (Math.abs(sums[c]) + 1));
  return votes;
}

export const oneVsOneDescriptor: EstimatorDescriptor = BinaryDecomposition.describe(oneVsOneDefinition, (params, factory) => new OneVsOneClassifier(params, factory));
