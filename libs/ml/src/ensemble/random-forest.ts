import { availableParallelism } from 'node:os';
import { BaseEstimator } from '../base/base-estimator';
import { ArtifactError, DataError, InvalidParameterError } from '../base/errors';
import type { EstimatorDescriptor, EstimatorState, LabelsWithProba, MapReadingClassifier, MonotoneFeatureMap } from '../base/estimator';
import type { Labels, Matrix } from '../base/matrix';
import type { Params } from '../base/params';
import { checkClassLabels, checkFitData, checkPredictData } from '../base/validation';
import { randomForestDefinition } from '../spec/random-forest';
import { binFeatures } from '../tree/binning';
import { MAX_TREE_SAMPLES, type TreeParams } from '../tree/tree-builder';
import { RandomState } from '../utils/random';
import { ForestModel } from './forest-model';
import { balancedWeights, type ForestJob, type GrownTree, type OobVotes } from './forest-tree';
import { growTrees } from './grow-trees';
import type { FitOptions } from '../base/progress';

export interface RandomForestParams extends Params {
  n_estimators: number;
  criterion: 'gini' | 'entropy' | 'log_loss';
  max_depth: number | null;
  min_samples_split: number;
  min_samples_leaf: number;
  max_features: 'sqrt' | 'log2' | number | null;
  bootstrap: boolean;
  max_samples: number | null;
  class_weight: 'balanced' | 'balanced_subsample' | { readonly [label: string]: number } | null;
  random_state: number | null;
  n_jobs: number | null;
  oob_score: boolean;
}

/** Version of the layout `serialize` writes; `restore` refuses any other. */
export const RANDOM_FOREST_FORMAT_VERSION = 1;

interface FittedForest {
  readonly classes: Int32Array;
  readonly nFeaturesIn: number;
  readonly model: ForestModel;
  readonly featureImportances: Float64Array;
  readonly oobScore: number | null;
  readonly oobDecisionFunction: Float32Array | null;
}

/**
 * scikit-learn's RandomForestClassifier: bootstrapped CART trees with features sampled at every
 * split, predicting the mean of the trees' leaf class distributions. Features are binned once per
 * fit (exactly for up to 256 distinct values, see `binFeatures`), and trees are grown in parallel
 * on worker threads that share the binned data.
 */
export class RandomForestClassifier extends BaseEstimator<RandomForestParams, FittedForest> implements MapReadingClassifier {
  constructor(params: Partial<RandomForestParams> = {}) {
    super(randomForestDefinition, params as Params);
  }

  protected override checkParams(params: RandomForestParams, path: (name: string) => string): RandomForestParams {
    const { bootstrap, oob_score, max_samples } = params;
    if (!bootstrap && oob_score) throw new InvalidParameterError(path('oob_score'), 'out-of-bag estimation is only available with bootstrap=true');
    if (!bootstrap && max_samples !== null) throw new InvalidParameterError(path('max_samples'), 'must be null when bootstrap=false');
    return params;
  }

  static restore(state: EstimatorState): RandomForestClassifier {
    const { attributes, arrays } = state;
    if (attributes['format_version'] !== RANDOM_FOREST_FORMAT_VERSION) {
      throw new ArtifactError(`random_forest artifact: format version ${JSON.stringify(attributes['format_version'])} is not ${RANDOM_FOREST_FORMAT_VERSION}`);
    }
    const nFeaturesIn = attributes['n_features_in_'];
    const classes = arrays['classes_'];
    const importances = arrays['feature_importances_'];
    const oobScore = attributes['oob_score_'] ?? null;
    const oobDecision = arrays['oob_decision_function_'] ?? null;
    if (typeof nFeaturesIn !== 'number' || !Number.isInteger(nFeaturesIn) || nFeaturesIn < 1) {
      throw new ArtifactError('random_forest artifact: n_features_in_ must be a positive integer');
    }
    if (!(classes instanceof Int32Array) || classes.length === 0) throw new ArtifactError('random_forest artifact: classes_ must be a non-empty Int32Array');
    if (!(importances instanceof Float64Array) || importances.length !== nFeaturesIn) {
      throw new ArtifactError(`random_forest artifact: feature_importances_ must be a Float64Array of ${nFeaturesIn} values`);
    }
    if ((oobScore !== null && typeof oobScore !== 'number') || (oobDecision !== null && !(oobDecision instanceof Float32Array))) {
      throw new ArtifactError('random_forest artifact: malformed out-of-bag attributes');
    }
    const forest = new RandomForestClassifier(state.params as Partial<RandomForestParams>);
    forest.setFitted({
      classes,
      nFeaturesIn,
      model: ForestModel.fromArrays(arrays, classes.length, nFeaturesIn),
      featureImportances: importances,
      oobScore,
      oobDecisionFunction: oobDecision,
    });
    return forest;
  }

  get classes_(): Int32Array {
    return this.fitted().classes;
  }

  get n_features_in_(): number {
    return this.fitted().nFeaturesIn;
  }

  /** Mean over the trees (but single-leaf ones) of their normalised impurity decreases, normalised. */
  get feature_importances_(): Float64Array {
    return this.fitted().featureImportances;
  }

  /** Accuracy of the out-of-bag predictions (`oob_score: true` only). */
  get oob_score_(): number | null {
    return this.fitted().oobScore;
  }

  /** `n_samples x n_classes` out-of-bag class probabilities of the training samples. */
  get oob_decision_function_(): Float32Array | null {
    return this.fitted().oobDecisionFunction;
  }

  /** `options.onProgress` hears each tree built, of n_estimators. */
  fit(X: Matrix, y: Labels, options: FitOptions = {}): Promise<this> {
    return this.fitBinned(X, y, null, options);
  }

  /** Fits on X read through `map`: the forest `fit` grows on the mapped copy, without the copy. */
  fitThroughMap(X: Matrix, y: Labels, map: MonotoneFeatureMap, options: FitOptions = {}): Promise<this> {
    if (map.nFeatures !== X.cols) throw new DataError(`X has ${X.cols} features, but the feature map has ${map.nFeatures}`);
    return this.fitBinned(X, y, map, options);
  }

  private async fitBinned(X: Matrix, y: Labels, map: MonotoneFeatureMap | null, { onProgress }: FitOptions): Promise<this> {
    checkFitData(X, y, this.displayName);
    if (X.rows > MAX_TREE_SAMPLES) throw new DataError(`RandomForestClassifier takes at most ${MAX_TREE_SAMPLES} samples; got ${X.rows}`);
    if (X.cols > 65536) throw new DataError(`RandomForestClassifier takes at most 65536 features; got ${X.cols}`);
    const p = this.params;
    const classes = checkClassLabels(y, this.displayName);
    const index = new Map(Array.from(classes, (label, c) => [label, c]));
    const yIndex = Int32Array.from(y, (label) => index.get(label) as number);
    const classWeight = this.classWeights(classes, yIndex);
    const threads = this.threads();

    const job: ForestJob = {
      data: binFeatures(X, map),
      y: yIndex,
      nClasses: classes.length,
      tree: this.treeParams(X.rows, X.cols),
      nBootstrap: p.bootstrap ? this.bootstrapSize(X.rows) : null,
      classWeight,
      balancedSubsample: p.class_weight === 'balanced_subsample' && p.bootstrap,
      oob: p.oob_score,
    };
    // As scikit-learn, every tree's seed is drawn up front, so the forest does not depend on which
    // thread grows which tree.
    const rng = new RandomState(p.random_state);
    const seeds = Array.from({ length: p.n_estimators }, () => rng.spawnSeed());
    const total = p.n_estimators;
    const { trees, oob } = await growTrees(job, seeds, threads, onProgress && ((done) => onProgress({ unit: 'trees', done, total })));

    const model = ForestModel.fromTrees(
      trees.map((grown) => grown.tree),
      classes.length,
      X.cols,
    );
    const oobDecisionFunction = oob ? oobProba(oob, classes.length) : null;
    const oobScore = oobDecisionFunction ? accuracyOfArgmax(oobDecisionFunction, yIndex, classes.length) : null;
    this.setFitted(
      { classes, nFeaturesIn: X.cols, model, featureImportances: meanImportances(trees, X.cols), oobScore, oobDecisionFunction },
      {
        n_estimators: model.nTrees,
        n_nodes: model.nodeCount,
        threads: Math.min(threads, p.n_estimators),
        quantile_binned_features: job.data.quantileFeatures,
        oob_score_: oobScore,
      },
    );
    return this;
  }

  // Labels and probabilities both come from the trees' votes, which cost far more than either:
  // predict and predictProba each take what predictWithProba gives.
  predict(X: Matrix): Labels {
    return this.predictWithProba(X).labels;
  }

  predictProba(X: Matrix): Matrix<Float32Array> {
    return this.predictWithProba(X).proba;
  }

  predictWithProba(X: Matrix): LabelsWithProba {
    const { classes, model } = this.checkedInput(X);
    return labelled(model.predict(X), classes);
  }

  /** As `predictWithProba` on the mapped copy of X, comparing X's bytes with thresholds moved to their scale. */
  predictWithProbaThroughMap(X: Matrix<Uint8Array>, map: MonotoneFeatureMap): LabelsWithProba {
    const { classes, model } = this.checkedInput(X);
    return labelled(model.predict(X, model.byteThresholds(map)), classes);
  }

  serialize(): EstimatorState {
    const { classes, nFeaturesIn, model, featureImportances, oobScore, oobDecisionFunction } = this.fitted();
    return {
      type: this.type,
      params: this.getParams(),
      attributes: { format_version: RANDOM_FOREST_FORMAT_VERSION, n_features_in_: nFeaturesIn, oob_score_: oobScore },
      arrays: {
        classes_: classes,
        feature_importances_: featureImportances,
        ...model.toArrays(),
        ...(oobDecisionFunction ? { oob_decision_function_: oobDecisionFunction } : {}),
      },
      children: [],
    };
  }

  /** `n_jobs` as joblib reads it. */
  private threads(): number {
    const nJobs = this.params.n_jobs ?? 1;
    return nJobs > 0 ? nJobs : Math.max(1, availableParallelism() + 1 + nJobs);
  }

  /** The tree parameters in absolute numbers, as `BaseDecisionTree.fit` computes them. */
  private treeParams(nSamples: number, nFeatures: number): TreeParams {
    const p = this.params;
    const count = (value: number) => (Number.isInteger(value) ? value : Math.ceil(value * nSamples));
    let maxFeatures: number;
    if (p.max_features === 'sqrt') maxFeatures = Math.max(1, Math.floor(Math.sqrt(nFeatures)));
    else if (p.max_features === 'log2') maxFeatures = Math.max(1, Math.floor(Math.log2(nFeatures)));
    else if (p.max_features === null) maxFeatures = nFeatures;
    else if (Number.isInteger(p.max_features)) maxFeatures = p.max_features;
    else maxFeatures = Math.max(1, Math.floor(p.max_features * nFeatures));
    if (maxFeatures > nFeatures) {
      throw new InvalidParameterError('params.max_features', `must be at most n_features=${nFeatures}; got ${p.max_features}`);
    }
    return {
      criterion: p.criterion === 'gini' ? 'gini' : 'entropy',
      maxDepth: p.max_depth ?? Infinity,
      minSamplesSplit: Math.max(2, count(p.min_samples_split)),
      minSamplesLeaf: count(p.min_samples_leaf),
      maxFeatures,
    };
  }

  /** scikit-learn's `_get_n_samples_bootstrap`. */
  private bootstrapSize(nSamples: number): number {
    const maxSamples = this.params.max_samples;
    if (maxSamples === null) return nSamples;
    if (!Number.isInteger(maxSamples)) return Math.max(1, Math.round(maxSamples * nSamples));
    if (maxSamples > nSamples) throw new InvalidParameterError('params.max_samples', `must be at most n_samples=${nSamples}; got ${maxSamples}`);
    return maxSamples;
  }

  /**
   * Weight of each class index: 1 without `class_weight`, the map's (1 for classes it leaves out,
   * as scikit-learn, which also refuses labels it does not know while some class is left out), or
   * 'balanced' over all samples ('balanced_subsample' without bootstrap is the same).
   */
  private classWeights(classes: Int32Array, yIndex: Int32Array): Float64Array {
    const classWeight = this.params.class_weight;
    if (classWeight === null) return new Float64Array(classes.length).fill(1);
    if (typeof classWeight === 'string') return balancedWeights(yIndex, new Int32Array(yIndex.length).fill(1), classes.length);
    const weights = Float64Array.from(classes, (label) => classWeight[String(label)] ?? 1);
    const missing = Array.from(classes).filter((label) => !(String(label) in classWeight));
    if (missing.length > 0 && classes.length - missing.length !== Object.keys(classWeight).length) {
      throw new InvalidParameterError('params.class_weight', `the classes ${JSON.stringify(missing)} are not in class_weight, which names labels not in y`);
    }
    return weights;
  }

  private checkedInput(X: Matrix): FittedForest {
    const fitted = this.fitted();
    checkPredictData(X, fitted.nFeaturesIn, this.displayName);
    return fitted;
  }
}

/** Class indices and probabilities of `n` rows to labels and an n x n_classes matrix. */
function labelled({ indices, proba }: { indices: Int32Array; proba: Float32Array }, classes: Int32Array): LabelsWithProba {
  return { labels: Int32Array.from(indices, (c) => classes[c]), proba: { data: proba, rows: indices.length, cols: classes.length } };
}

/** scikit-learn's `feature_importances_`: the mean over trees that split at all, renormalised. */
function meanImportances(trees: readonly GrownTree[], nFeatures: number): Float64Array {
  const mean = new Float64Array(nFeatures);
  const splitting = trees.filter((grown) => grown.importances !== null);
  for (const { importances } of splitting) for (let f = 0; f < nFeatures; f++) mean[f] += (importances as Float64Array)[f] / splitting.length;
  const total = mean.reduce((sum, value) => sum + value, 0);
  return total > 0 ? mean.map((value) => value / total) : mean;
}

/**
 * Out-of-bag class probabilities: each sample's votes renormalised; a sample every tree drew has
 * all zeros (scikit-learn warns about those and counts them too).
 */
function oobProba(votes: OobVotes, nClasses: number): Float32Array {
  const proba = new Float32Array(votes.length);
  for (let i = 0; i < votes.length; i += nClasses) {
    let total = 0;
    for (let c = 0; c < nClasses; c++) total += votes[i + c];
    if (total > 0) for (let c = 0; c < nClasses; c++) proba[i + c] = votes[i + c] / total;
  }
  return proba;
}

function accuracyOfArgmax(proba: Float32Array, yIndex: Int32Array, nClasses: number): number {
  let correct = 0;
  for (let i = 0; i < yIndex.length; i++) {
    let best = 0;
    for (let c = 1; c < nClasses; c++) if (proba[i * nClasses + c] > proba[i * nClasses + best]) best = c;
    if (best === yIndex[i]) correct++;
  }
  return correct / yIndex.length;
}

export const randomForestDescriptor: EstimatorDescriptor = {
  ...randomForestDefinition,
  create: (params) => new RandomForestClassifier(params as Partial<RandomForestParams>),
  restore: (state) => RandomForestClassifier.restore(state),
};
