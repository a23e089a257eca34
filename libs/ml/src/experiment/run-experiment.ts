import type { ClassificationDataset } from '../data/mnist';
import type { EstimatorSpec, JsonValue } from '../base/estimator';
import { rowRange, takeLabels, takeRows, type FeatureArray, type Labels, type Matrix } from '../base/matrix';
import { createEstimator } from '../base/registry';
import { isClassifier } from '../base/estimator';
import { trainTestSplit, type SplitIndices } from '../model-selection/split';
import { evaluateClassifier, type Evaluation } from './evaluate';
import { artifactSha256, decodeArtifact, encodeArtifact } from '../persistence/artifact';
import { initTensorBackend } from '../tensor/backend';
import { trainingFeatures } from '../persistence/training-features';
import type { FitProgress } from '../base/progress';

/** A run's stages, in order: reading and splitting the data, fitting, predicting and evaluating, saving the model. */
export type ExperimentStage = 'load' | 'fit' | 'evaluate' | 'save';

/** Where an experiment is: its stage, and within the fit what the estimator reports (null until it does, or when it reports nothing). */
export interface ExperimentProgress {
  readonly stage: ExperimentStage;
  readonly fit: FitProgress | null;
}

export interface ExperimentSplit {
  readonly test_size: number;
  readonly random_state: number | null;
  readonly stratify: boolean;
}

export interface ExperimentInput {
  readonly datasetName: string;
  /** Byte or float32 features; the estimator's own fit decides what it does with them. */
  readonly dataset: ClassificationDataset<FeatureArray>;
  /** Only the first n samples; null = all. */
  readonly nSamples: number | null;
  readonly split: ExperimentSplit;
  readonly estimator: EstimatorSpec;
  /** Hears each stage as it starts and the fit's own progress; observation only, the outcome is the same without it. */
  readonly onProgress?: (progress: ExperimentProgress) => void;
}

/** A fitted model encoded as an artifact (docs/artifact-format.md), with what its row stores beside the bytes. */
export interface SavedArtifact {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly sha256: string;
  readonly formatVersion: number;
  readonly header: { readonly [key: string]: JsonValue };
}

export interface ExperimentOutcome {
  readonly tensorBackend: string;
  /** Splitting the dataset and gathering the train and test rows (a caller that reads the dataset itself adds that). */
  readonly loadSeconds: number;
  readonly fitSeconds: number;
  /** Predicting the test set (labels and probabilities). */
  readonly predictSeconds: number;
  /** Predicting both sets and computing every evaluation view (predictSeconds included). */
  readonly evaluateSeconds: number;
  /** Encoding the fitted model as an artifact. */
  readonly serializeSeconds: number;
  readonly fitInfo: JsonValue;
  readonly evaluation: { readonly test: Evaluation; readonly train: Evaluation };
  readonly artifact: SavedArtifact;
}

/**
 * One training run, as the notebook does it: split, fit, predict the test set (timed), evaluate
 * test and train (the overfitting check), and save the fitted model.
 */
export async function runExperiment(input: ExperimentInput): Promise<ExperimentOutcome> {
  const report = input.onProgress ?? (() => undefined);
  const tensorBackend = await initTensorBackend();
  report({ stage: 'load', fit: null });
  const loadStarted = performance.now();
  const { X, y, train, test } = splitDataset(input);
  const XTrain = takeRows(X, train);
  const yTrain = takeLabels(y, train);
  const XTest = takeRows(X, test);
  const yTest = takeLabels(y, test);
  const loadSeconds = secondsSince(loadStarted);

  const estimator = createEstimator(input.estimator);
  if (!isClassifier(estimator)) throw new Error(`${input.estimator.type} is not a classifier: a run needs predictions`);
  report({ stage: 'fit', fit: null });
  const fitStarted = performance.now();
  await estimator.fit(XTrain, yTrain, { onProgress: (fit) => report({ stage: 'fit', fit }) });
  const fitSeconds = secondsSince(fitStarted);

  report({ stage: 'evaluate', fit: null });
  const predictStarted = performance.now();
  const { labels: testPred, proba: testProba } = estimator.predictWithProba(XTest);
  const predictSeconds = secondsSince(predictStarted);
  const evaluation = {
    test: evaluateClassifier(yTest, testPred, estimator.classes_, { proba: testProba, sampleIndices: test }),
    train: evaluateClassifier(yTrain, estimator.predict(XTrain), estimator.classes_),
  };
  const evaluateSeconds = secondsSince(predictStarted);

  const metadata = {
    dataset: input.datasetName,
    n_samples: input.nSamples,
    split: { ...input.split },
    metrics: { test_accuracy: evaluation.test.accuracy, train_accuracy: evaluation.train.accuracy },
    tensor_backend: tensorBackend,
    // What a prediction must send: rows of this width and element type (see TrainingFeatures).
    features: trainingFeatures(XTrain, input.dataset.imageShape ?? null),
  };
  report({ stage: 'save', fit: null });
  const saveStarted = performance.now();
  const bytes = encodeArtifact(estimator.serialize(), metadata);
  // The stored header is the artifact's own (format, spec, classes, library), read back as a loader would.
  const { header } = decodeArtifact(bytes);
  const serializeSeconds = secondsSince(saveStarted);
  return {
    tensorBackend,
    loadSeconds,
    fitSeconds,
    predictSeconds,
    evaluateSeconds,
    serializeSeconds,
    fitInfo: estimator.fitInfo(),
    evaluation,
    artifact: { bytes, sha256: artifactSha256(bytes), formatVersion: header.format_version, header: header as unknown as SavedArtifact['header'] },
  };
}

/** The samples a run uses and how they are split; the parts are index lists, so nothing is copied. */
export interface DatasetSplit extends SplitIndices {
  /** The first `nSamples` rows of the dataset (a view, not a copy). */
  readonly X: Matrix;
  readonly y: Labels;
}

/**
 * The notebook's `X[:n], y[:n]` then `train_test_split`, shared by every job that must see the
 * same training set: a run, and each fold of a sweep rebuilding it from the split's seed.
 */
export function splitDataset(input: Pick<ExperimentInput, 'dataset' | 'nSamples' | 'split'>): DatasetSplit {
  const { X, y } = firstSamples(input.dataset, input.nSamples);
  const { train, test } = trainTestSplit(y.length, {
    test_size: input.split.test_size,
    random_state: input.split.random_state,
    stratify: input.split.stratify ? y : null,
  });
  return { X, y, train, test };
}

function firstSamples(dataset: ClassificationDataset<FeatureArray>, n: number | null): { X: Matrix; y: Labels } {
  if (n === null || n >= dataset.y.length) return { X: dataset.X, y: dataset.y };
  return { X: rowRange(dataset.X, 0, n), y: dataset.y.subarray(0, n) };
}

const secondsSince = (started: number): number => (performance.now() - started) / 1000;
