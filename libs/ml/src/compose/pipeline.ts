import { BaseEstimator, prefixedParams, setNestedParams, splitNestedNames } from '../base/base-estimator';
import { defaultFactory } from '../base/default-factory';
import { ArtifactError, InvalidParameterError } from '../base/errors';
import { isClassifier, isEstimatorObject, isResampler, isTransformer, readsThroughAffineMaps, readsThroughMaps, type AnyEstimator, type Classifier, type EstimatorDescriptor, type Resampler, type EstimatorFactory, type EstimatorSpec, type EstimatorState, type FitInfo, type LabelsWithProba, type ParamUpdates, type Transformer } from '../base/estimator';
import { rowRange, type Labels, type Matrix } from '../base/matrix';
import type { Params, ParamValue } from '../base/params';
import { pipelineDefinition } from '../spec/pipeline';
import { validateSpec } from '../spec/validate-spec';
import type { FitOptions } from '../base/progress';

/**
 * Rows that go through the transformers together when predicting: their transformed copies then
 * stay small (1.5 MB of float32 for MNIST) and in cache, where a copy of a whole large batch is
 * slow to allocate and to fill.
 */
const PREDICT_BLOCK_ROWS = 512;

/** The final estimator's labels and probabilities for bytes read through the transformer before it. */
type BytesReader = (X: Matrix<Uint8Array>) => LabelsWithProba;

/** A step as given to the constructor or `setParams`: an estimator object or its spec. */
export type PipelineStepInput = readonly [string, AnyEstimator | EstimatorSpec];

export interface PipelineInput {
  readonly steps: readonly PipelineStepInput[];
}

/**
 * scikit-learn's Pipeline: transformers then a final classifier, composed from estimator objects
 * (`new Pipeline({ steps: [['scale', new StandardScaler()], ['model', new LogisticRegression()]] })`)
 * or from specs. Nested parameters are `<step>__<param>`, as in scikit-learn. It is fitted when
 * every step is.
 */
export class Pipeline extends BaseEstimator<Params> implements Classifier {
  private namedSteps: (readonly [string, AnyEstimator])[];

  /** `factory` builds the steps given as specs; the registry's by default. */
  constructor(
    params: PipelineInput,
    private readonly factory?: EstimatorFactory,
  ) {
    super(pipelineDefinition, {});
    this.namedSteps = this.buildSteps(params.steps);
  }

  static restore(state: EstimatorState, factory: EstimatorFactory): Pipeline {
    const specs = state.params['steps'] as unknown as readonly PipelineStepInput[];
    if (!Array.isArray(specs) || state.children.length !== specs.length) {
      throw new ArtifactError(`pipeline artifact has ${state.children.length} fitted steps for ${Array.isArray(specs) ? specs.length : 'no'} declared`);
    }
    return new Pipeline({ steps: specs.map(([name], i) => [name, factory.restore(state.children[i])] as const) }, factory);
  }

  /** The `[name, estimator]` pairs, in order. */
  get steps(): readonly (readonly [string, AnyEstimator])[] {
    return this.namedSteps;
  }

  override get isFitted(): boolean {
    return this.namedSteps.every(([, step]) => step.isFitted);
  }

  get finalEstimator(): Classifier {
    const last = this.namedSteps[this.namedSteps.length - 1][1];
    if (!isClassifier(last)) throw new Error('the last step of this pipeline is not a classifier');
    return last;
  }

  get classes_(): Int32Array {
    this.assertFitted();
    return this.finalEstimator.classes_;
  }

  get n_features_in_(): number {
    this.assertFitted();
    return this.namedSteps[0][1].n_features_in_;
  }

  /** `steps` as specs; `deep` adds each step's spec under its name and its parameters as `<step>__<param>`. */
  override getParams({ deep = false }: { deep?: boolean } = {}): Params {
    const params: Record<string, ParamValue> = { steps: this.namedSteps.map(([name, step]) => [name, step.toSpec() as unknown as ParamValue]) };
    if (deep) {
      for (const [name, step] of this.namedSteps) Object.assign(params, { [name]: step.toSpec() }, prefixedParams(name, step.getParams({ deep: true })));
    }
    return params;
  }

  /**
   * `steps`, a step by its name (an estimator or a spec) or a step's parameter (`model__max_depth`).
   * Every update is tried on a clone first, so an invalid one changes nothing.
   */
  override setParams(updates: ParamUpdates): this {
    this.clone().applyParams(updates);
    return this.applyParams(updates);
  }

  override clone(): this {
    return new Pipeline({ steps: this.namedSteps.map(([name, step]) => [name, step.clone()] as const) }, this.factory) as this;
  }

  private applyParams(updates: ParamUpdates): this {
    const { own, nested } = splitNestedNames(updates);
    for (const [name, value] of Object.entries(own)) {
      if (name === 'steps') {
        this.namedSteps = this.buildSteps(value as readonly PipelineStepInput[]);
        continue;
      }
      const index = this.namedSteps.findIndex(([stepName]) => stepName === name);
      if (index < 0) throw new InvalidParameterError(name, `not a parameter of Pipeline; valid parameters are steps, ${this.stepNames()} and <step>__<param>`);
      this.namedSteps = this.buildSteps(this.namedSteps.map((step, i) => (i === index ? [name, value as AnyEstimator | EstimatorSpec] : step)));
    }
    for (const [name, stepUpdates] of nested) {
      const step = this.namedSteps.find(([stepName]) => stepName === name);
      if (!step) throw new InvalidParameterError(`${name}__${Object.keys(stepUpdates)[0]}`, `the pipeline has no step ${JSON.stringify(name)}; its steps are ${this.stepNames()}`);
      setNestedParams(name, () => step[1].setParams(stepUpdates));
    }
    return this;
  }

  /** Steps from objects or specs, checked as a spec's are: names, transformers then a classifier. */
  private buildSteps(input: readonly PipelineStepInput[]): (readonly [string, AnyEstimator])[] {
    if (!Array.isArray(input)) throw new InvalidParameterError('steps', 'must be a non-empty list of [name, estimator] pairs');
    const steps = input.map((step, i) => {
      if (!Array.isArray(step) || step.length !== 2) throw new InvalidParameterError(`steps[${i}]`, 'must be a [name, estimator] pair');
      const [name, estimator] = step;
      return [name, isEstimatorObject(estimator) ? estimator : (this.factory ?? defaultFactory()).create(estimator, `steps[${i}][1]`)] as const;
    });
    validateSpec({ type: 'pipeline', params: { steps: steps.map(([name, step]) => [name, step.toSpec() as unknown as ParamValue]) } }, 'params');
    const [lastName, last] = steps[steps.length - 1];
    if (!isClassifier(last)) throw new InvalidParameterError(`steps[${steps.length - 1}][1]`, `the last step (${lastName}) must be a classifier; ${last.type} is not one`);
    return steps;
  }

  private stepNames(): string {
    return this.namedSteps.map(([name]) => name).join(', ');
  }

  /**
   * Fits every step on the output of the steps before it; a resampler (ImageAugmenter) replaces
   * the rows and labels the later steps are fitted on, as in imblearn's Pipeline. When the last
   * transformer is a monotone per-feature map and the final estimator can read through one
   * (StandardScaler before a forest), the final estimator reads that transformer's input through
   * the map: the same model, without a transformed copy of X.
   *
   * `options` go to the final estimator: a pipeline's progress is its model's (the transformers are quick).
   */
  async fit(X: Matrix, y: Labels, options: FitOptions = {}): Promise<this> {
    const steps = this.intermediateSteps();
    const lastTransformer = steps.map((step) => !isResampler(step)).lastIndexOf(true);
    const final = this.finalEstimator;
    const reader = readsThroughMaps(final) ? final : null;
    let current: Matrix = X;
    let labels = y;
    for (const [k, step] of steps.entries()) {
      if (isResampler(step)) {
        ({ X: current, y: labels } = await step.fitResample(current, labels));
        continue;
      }
      await step.fit(current, labels);
      const map = reader && k === lastTransformer ? step.monotoneFeatureMap?.() : null;
      if (reader && map) {
        await reader.fitThroughMap(current, labels, map, options);
        return this;
      }
      current = step.transform(current);
    }
    await final.fit(current, labels, options);
    return this;
  }

  /** X passed through every transformer, as scikit-learn's `pipeline[:-1].transform(X)`. */
  transformThroughSteps(X: Matrix): Matrix {
    return this.transformers().reduce<Matrix>((current, transformer) => transformer.transform(current), X);
  }

  predict(X: Matrix): Labels {
    this.assertFitted();
    const reader = this.bytesReader(X);
    if (reader) return reader(X as Matrix<Uint8Array>).labels;
    const labels = new Int32Array(X.rows);
    this.inBlocks(X, (block, start) => labels.set(this.finalEstimator.predict(block), start));
    return labels;
  }

  predictProba(X: Matrix): Matrix<Float32Array> {
    this.assertFitted();
    const reader = this.bytesReader(X);
    if (reader) return reader(X as Matrix<Uint8Array>).proba;
    const nClasses = this.classes_.length;
    const proba = new Float32Array(X.rows * nClasses);
    this.inBlocks(X, (block, start) => proba.set(this.finalEstimator.predictProba(block).data, start * nClasses));
    return { data: proba, rows: X.rows, cols: nClasses };
  }

  predictWithProba(X: Matrix): LabelsWithProba {
    this.assertFitted();
    const reader = this.bytesReader(X);
    if (reader) return reader(X as Matrix<Uint8Array>);
    const nClasses = this.classes_.length;
    const labels = new Int32Array(X.rows);
    const proba = new Float32Array(X.rows * nClasses);
    this.inBlocks(X, (block, start) => {
      const predicted = this.finalEstimator.predictWithProba(block);
      labels.set(predicted.labels, start);
      proba.set(predicted.proba.data, start * nClasses);
    });
    return { labels, proba: { data: proba, rows: X.rows, cols: nClasses } };
  }

  /**
   * How the final estimator predicts from X's bytes through the one transformer's map, when it
   * can; then nothing is transformed. A forest after a StandardScaler moves its thresholds to the
   * bytes' scale (exact, as bytes are integers); a logistic regression folds the scaler into its
   * weights and skips the zero bytes (most of an MNIST image). Other input goes through the steps.
   */
  private bytesReader(X: Matrix): BytesReader | null {
    const transformers = this.transformers();
    if (transformers.length !== 1 || !(X.data instanceof Uint8Array)) return null;
    const [transformer] = transformers;
    const final = this.finalEstimator;
    if (readsThroughMaps(final)) {
      const map = transformer.monotoneFeatureMap?.();
      if (map) return (bytes) => final.predictWithProbaThroughMap(bytes, map);
    }
    if (readsThroughAffineMaps(final)) {
      const map = transformer.affineFeatureMap?.();
      if (map) return (bytes) => final.predictWithProbaThroughAffineMap(bytes, map);
    }
    return null;
  }

  /** Calls `predictBlock` with every block of PREDICT_BLOCK_ROWS rows of X, transformed. */
  private inBlocks(X: Matrix, predictBlock: (block: Matrix, start: number) => void): void {
    for (let start = 0; start < X.rows; start += PREDICT_BLOCK_ROWS) {
      predictBlock(this.transformThroughSteps(rowRange(X, start, Math.min(X.rows, start + PREDICT_BLOCK_ROWS))), start);
    }
  }

  override fitInfo(): FitInfo {
    return Object.fromEntries(this.namedSteps.map(([name, step]) => [name, step.fitInfo() as ParamValue]));
  }

  serialize(): EstimatorState {
    this.assertFitted();
    return {
      type: this.type,
      params: this.getParams(),
      attributes: {},
      arrays: {},
      children: this.namedSteps.map(([, step]) => step.serialize()),
    };
  }

  /** The steps before the final estimator: transformers and resamplers. */
  private intermediateSteps(): (Transformer | Resampler)[] {
    return this.namedSteps.slice(0, -1).map(([name, step]) => {
      if (!isTransformer(step) && !isResampler(step)) throw new Error(`pipeline step ${name} is neither a transformer nor a resampler`);
      return step;
    });
  }

  /** The transformers that predicting goes through: resamplers act only in `fit`. */
  private transformers(): Transformer[] {
    return this.intermediateSteps().filter((step): step is Transformer => !isResampler(step));
  }
}

export const pipelineDescriptor: EstimatorDescriptor = {
  ...pipelineDefinition,
  create: (params, factory) => new Pipeline(params as unknown as PipelineInput, factory),
  restore: (state, factory) => Pipeline.restore(state, factory),
};
