import { isClassifier, type EstimatorSpec } from '../base/estimator';
import { takeLabels, takeRows, type FeatureArray, type Labels, type Matrix } from '../base/matrix';
import { int, validateParamValue } from '../base/params';
import { createEstimator } from '../base/registry';
import type { ClassificationDataset } from '../data/mnist';
import { scoreClassifier } from '../metrics/scorers';
import { stratifiedKFold } from '../model-selection/split';
import { subsampleIndices } from '../model-selection/successive-halving';
import { isScorerName, type ScorerName } from '../spec/scoring';
import { CV_PARAM } from '../spec/search-params';
import { initTensorBackend } from '../tensor/backend';
import { splitDataset, type ExperimentSplit } from './run-experiment';

/** One (candidate, fold) trial of a sweep: everything a worker needs to rebuild and score the fold. */
export interface CvFoldInput {
  readonly dataset: ClassificationDataset<FeatureArray>;
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
  /** The sweep's scorers, the refit one first; default `['accuracy']` (the classifier's `score`). */
  readonly scoring?: readonly ScorerName[];
  /** Also score the fold's training part, as `return_train_score=True`. */
  readonly returnTrainScore?: boolean;
  /**
   * A halving search's iteration with resource `n_samples`: both sides of the fold subsampled to
   * `nResources / n_train` of their size, as `_SubsampleMetaSplitter(random_state=randomState)`.
   */
  readonly subsample?: { readonly nResources: number; readonly randomState: number };
  /**
   * Names `dataset` for as long as this process lives (e.g. "mnist_784"): then the fold's rows
   * are kept between trials, and the next candidate on the same fold starts from them (and a
   * forest from their binned copy) instead of copying them again.
   */
  readonly datasetKey?: string;
}

/** Folds kept per thread: a sweep's cv folds, at 45 MB each for MNIST's 3-fold training part. */
const CACHED_FOLDS = 5;

interface FoldData {
  readonly XTrain: Matrix;
  readonly yTrain: Labels;
  readonly XTest: Matrix;
  readonly yTest: Labels;
}

/** Recently used folds, least recent first (a Map keeps insertion order). */
const foldCache = new Map<string, FoldData>();

/** What `_fit_and_score` reports for one fold; times in seconds. */
export interface CvFoldOutcome {
  /** The first scorer's score on the validation fold. */
  readonly test_score: number;
  /** Every scorer's score on the validation fold. */
  readonly test_scores: Readonly<Record<string, number>>;
  /** Every scorer's score on the fold's training part, when `returnTrainScore`; else null. */
  readonly train_scores: Readonly<Record<string, number>> | null;
  readonly fit_time: number;
  /** Predicting the validation fold and scoring it, as scikit-learn times its scorers (training scores not included). */
  readonly score_time: number;
  readonly n_train: number;
  readonly n_test: number;
  readonly tensorBackend: string;
}

/**
 * One fold of `RandomizedSearchCV(..., cv=cv, scoring=scoring)` fitted on the notebook's
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
  const scoring = input.scoring ?? ['accuracy'];
  const unknown = scoring.find((name) => !isScorerName(name));
  if (scoring.length === 0 || unknown !== undefined) throw new RangeError(`scoring must list scorer names; got ${JSON.stringify(scoring)}`);
  const tensorBackend = await initTensorBackend();
  const { XTrain, yTrain, XTest, yTest } = foldData(input);

  const estimator = createEstimator(input.estimator);
  if (!isClassifier(estimator)) throw new Error(`${input.estimator.type} is not a classifier: its scorers need predictions`);
  const fitStarted = performance.now();
  await estimator.fit(XTrain, yTrain);
  const fitTime = (performance.now() - fitStarted) / 1000;

  const scoreStarted = performance.now();
  const testScores = scoreClassifier(estimator, XTest, yTest, scoring);
  const scoreTime = (performance.now() - scoreStarted) / 1000;
  return {
    test_score: testScores[scoring[0]],
    test_scores: testScores,
    train_scores: input.returnTrainScore ? scoreClassifier(estimator, XTrain, yTrain, scoring) : null,
    fit_time: fitTime,
    score_time: scoreTime,
    n_train: yTrain.length,
    n_test: yTest.length,
    tensorBackend,
  };
}

/** The fold's training and validation rows, from the cache when `datasetKey` names the dataset. */
function foldData(input: CvFoldInput): FoldData {
  const key = input.datasetKey === undefined ? null : JSON.stringify([input.datasetKey, input.nSamples, input.split, input.cv, input.fold, input.subsample ?? null]);
  const cached = key === null ? undefined : foldCache.get(key);
  if (key !== null && cached) {
    foldCache.delete(key);
    foldCache.set(key, cached);
    return cached;
  }
  const { X, y, train } = splitDataset(input);
  const folds = stratifiedKFold(takeLabels(y, train), { n_splits: input.cv });
  const { subsample } = input;
  const side = (indices: Int32Array) => (subsample ? subsampleIndices(indices, subsample.nResources / train.length, subsample.randomState) : indices);
  // Fold indices count within the training part; map them to dataset rows so each row is copied once.
  const trainRows = side(folds[input.fold].train).map((i) => train[i]);
  const testRows = side(folds[input.fold].test).map((i) => train[i]);
  const data = { XTrain: takeRows(X, trainRows), yTrain: takeLabels(y, trainRows), XTest: takeRows(X, testRows), yTest: takeLabels(y, testRows) };
  if (key !== null) {
    foldCache.set(key, data);
    if (foldCache.size > CACHED_FOLDS) foldCache.delete(foldCache.keys().next().value as string);
  }
  return data;
}
