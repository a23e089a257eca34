import type { Classifier, EstimatorFactory, EstimatorState, LabelsWithProba } from '../base/estimator';
import { InvalidParameterError } from '../base/errors';
import { labelsOfMaxima, type Labels, type Matrix } from '../base/matrix';
import type { Params } from '../base/params';
import { votingDefinition } from '../spec/ensembles';
import { ensembleDescriptor, HeterogeneousEnsemble, type EnsembleInput, type FittedEnsemble, type NamedClassifiers } from './voting-stacking-base';

export interface VotingParams extends Params {
  voting: 'hard' | 'soft';
  weights: number[] | null;
}

export interface VotingInput extends EnsembleInput {
  readonly estimators: NamedClassifiers;
  readonly voting?: 'hard' | 'soft';
  readonly weights?: readonly number[] | null;
}

/**
 * scikit-learn's VotingClassifier. `fit` fits a clone of every estimator on the labels encoded as
 * positions in `classes_`. 'hard' voting predicts the label with the largest weighted count of
 * the estimators' predictions (`argmax(bincount(predictions, weights))`: ties go to the smallest
 * label); 'soft' the argmax of the weighted mean of their `predictProba` (`np.average`), which is
 * then `predictProba`.
 *
 * scikit-learn has no predict_proba for hard voting; here it is each class's share of the
 * weighted votes, so runs report probabilities for every classifier (labels still come from
 * `predict`, as for one-vs-one).
 */
export class VotingClassifier extends HeterogeneousEnsemble<VotingParams, FittedEnsemble> {
  constructor(input: VotingInput, factory?: EstimatorFactory) {
    super(votingDefinition, input, factory);
  }

  protected override checkEnsemble(path: (name: string) => string): void {
    const { weights } = this.params;
    if (weights !== null && weights.length !== this.estimators.length) {
      throw new InvalidParameterError(path('weights'), `number of classifiers and weights must be equal; got ${weights.length} weights, ${this.estimators.length} estimators`);
    }
  }

  async fit(X: Matrix, y: Labels): Promise<this> {
    const { base } = await this.fitBase(X, y);
    this.setFittedEnsemble(base, { voting: this.params.voting });
    return this;
  }

  predictWithProba(X: Matrix): LabelsWithProba {
    const { classes, estimators } = this.fittedFor(X);
    const weights = this.params.weights ?? estimators.map(() => 1);
    const k = classes.length;
    const sums = new Float64Array(X.rows * k);
    estimators.forEach((estimator, e) => addVotes(sums, estimator, X, k, weights[e], this.params.voting));
    // Soft voting takes the argmax of the average, as scikit-learn does (dividing can tie what the sums did not).
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const mean = this.params.voting === 'soft' ? sums.map((sum) => sum / total) : sums;
    return { labels: labelsOfMaxima(mean, classes, 'first'), proba: { data: Float32Array.from(sums, (sum) => sum / total), rows: X.rows, cols: k } };
  }

  protected extraChildren(): Classifier[] {
    return [];
  }

  protected extraChildCount(): number {
    return 0;
  }

  protected restoreFitted(base: FittedEnsemble, _state: EstimatorState): FittedEnsemble {
    return base;
  }
}

/**
 * Adds one estimator's weighted votes (hard: `weight` to the class it predicts; soft: `weight`
 * times its probabilities) to the n x k sums, in float64 as numpy's bincount and average.
 */
function addVotes(sums: Float64Array, estimator: Classifier, X: Matrix, k: number, weight: number, voting: 'hard' | 'soft'): void {
  if (voting === 'hard') {
    estimator.predict(X).forEach((label, i) => (sums[i * k + label] += weight));
    return;
  }
  const proba = estimator.predictProba(X).data;
  for (let i = 0; i < sums.length; i++) sums[i] += weight * proba[i];
}

export const votingDescriptor = ensembleDescriptor(votingDefinition, (input, factory) => new VotingClassifier(input as VotingInput, factory));
