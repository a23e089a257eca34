import { isClassifier, type EstimatorSpec } from '../base/estimator';
import { takeLabels, takeRows } from '../base/matrix';
import { int, validateParamValue, type ParamDefinition } from '../base/params';
import { createEstimator } from '../base/registry';
import type { ClassificationDataset } from '../data/mnist';
import { accuracyScore } from '../metrics/classification';
import { stratifiedKFold } from '../model-selection/split';
import { initTensorBackend } from '../tensor/backend';
import { splitDataset, type ExperimentSplit } from './run-experiment';

/** One (candidate, fold) trial of a sweep: everything a worker needs to rebuild and score the fold. */
export interface CvFoldInput {
  readonly dataset: ClassificationDataset;
  /** Only the first n samples; null = all. */
  readonly nSamples: number | null;
  /** The sweep's train/test split; cross-validation runs on its training part only. */
  readonly split: ExperimentSplit;
  /** Number of folds, scikit-learn's `cv=int`. */
  readonly cv: number;
  /** Which fold is the validation fold, in [0, cv). */
  readonly fold: number;
  /** The candidate's estimator, its sampled parameters applied. */
  readonly estimator: EstimatorSpec;
}

/** What `_fit_and_score` reports for one fold; times in seconds. */
export interface CvFoldOutcome {
  /** Accuracy on the validation fold. */
  readonly test_score: number;
  readonly fit_time: number;
  /** Predicting the validation fold and scoring it, as scikit-learn times its scorer. */
  readonly score_time: number;
  readonly n_train: number;
  readonly n_test: number;
  readonly tensorBackend: string;
}

/** scikit-learn's `cv=int` for a classifier: the number of `StratifiedKFold` folds, 5 by default. */
export const CV_PARAM: ParamDefinition = { default: 5, constraints: [int(2)], description: 'Number of StratifiedKFold folds.' };

/**
 * One fold of `RandomizedSearchCV(..., cv=cv, scoring="accuracy")` fitted on the notebook's
 * training set: the same first samples and `train_test_split` as a run, then scikit-learn's
 * `StratifiedKFold(n_splits=cv, shuffle=False)` on the training part (what an int `cv` means for a
 * classifier). Unshuffled folds make every worker rebuild identical folds from the split's seed
 * alone. A fit that throws is left to the caller, which records it as a failed trial
 * (scikit-learn's `error_score=nan`).
 */
export async function runCvFold(input: CvFoldInput): Promise<CvFoldOutcome> {
  const { cv, fold } = input;
  validateParamValue('cv', CV_PARAM, cv);
  validateParamValue('fold', { default: 0, constraints: [int(0, cv - 1)], description: 'The validation fold.' }, fold);
  const tensorBackend = await initTensorBackend();
  const { X, y, train } = splitDataset(input);
  const folds = stratifiedKFold(takeLabels(y, train), { n_splits: cv });
  // Fold indices count within the training part; map them to dataset rows so each row is copied once.
  const trainRows = folds[fold].train.map((i) => train[i]);
  const testRows = folds[fold].test.map((i) => train[i]);

  const estimator = createEstimator(input.estimator);
  if (!isClassifier(estimator)) throw new Error(`${input.estimator.type} is not a classifier: accuracy needs predictions`);
  const fitStarted = performance.now();
  await estimator.fit(takeRows(X, trainRows), takeLabels(y, trainRows));
  const fitTime = (performance.now() - fitStarted) / 1000;

  const XTest = takeRows(X, testRows);
  const yTest = takeLabels(y, testRows);
  const scoreStarted = performance.now();
  const testScore = accuracyScore(yTest, estimator.predict(XTest));
  const scoreTime = (performance.now() - scoreStarted) / 1000;
  return { test_score: testScore, fit_time: fitTime, score_time: scoreTime, n_train: trainRows.length, n_test: testRows.length, tensorBackend };
}
