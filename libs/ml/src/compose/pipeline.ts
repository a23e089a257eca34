import { BaseEstimator } from '../base/base-estimator';
import {
  isClassifier,
  isTransformer,
  readsThroughAffineMaps,
  readsThroughMaps,
  type AnyEstimator,
  type Classifier,
  type EstimatorDescriptor,
  type EstimatorFactory,
  type EstimatorSpec,
  type EstimatorState,
  type FitInfo,
  type Transformer,
} from '../base/estimator';
import { rowRange, type Labels, type Matrix } from '../base/matrix';
import type { Params, ParamValue } from '../base/params';

import { pipelineDefinition } from '../spec/pipeline';
/**
 * Rows that go through the transformers together when predicting: their transformed copies then
 * stay small (1.5 MB of float32 for MNIST) and in cache, where a copy of a whole large batch is
 * slow to allocate and to fill.
 */
const PREDICT_BLOCK_ROWS = 512;

export type PipelineSteps = readonly (readonly [string, EstimatorSpec])[];

/** The final estimator's predictions for bytes read through the transformer before it. */
interface BytesReader {
  predict(X: Matrix<Uint8Array>): Labels;
  predictProba(X: Matrix<Uint8Array>): Matrix<Float32Array>;
}

export interface PipelineParams extends Params {
  steps: ParamValue;
}

/**
 * scikit-learn's Pipeline: transformers then a final classifier. Nested parameters are addressed
 * as `<step>__<param>` (see `withParam`).
 */
export class Pipeline extends BaseEstimator<PipelineParams> implements Classifier {
  readonly type = 'pipeline';
  protected readonly displayName = 'Pipeline';

  private constructor(
    params: PipelineParams,
    readonly steps: readonly (readonly [string, AnyEstimator])[],
    private fitted: boolean,
  ) {
    super(params);
  }

  static create(params: Params, factory: EstimatorFactory): Pipeline {
    const specs = params['steps'] as unknown as PipelineSteps;
    return new Pipeline(
      params as PipelineParams,
      specs.map(([name, spec]) => [name, factory.create(spec)] as const),
      false,
    );
  }

  static restore(state: EstimatorState, factory: EstimatorFactory): Pipeline {
    const specs = state.params['steps'] as unknown as PipelineSteps;
    if (state.children.length !== specs.length) {
      throw new Error(`pipeline artifact has ${state.children.length} fitted steps for ${specs.length} declared`);
    }
    return new Pipeline(
      state.params as PipelineParams,
      specs.map(([name], i) => [name, factory.restore(state.children[i])] as const),
      true,
    );
  }

  get isFitted(): boolean {
    return this.fitted;
  }

  get finalEstimator(): Classifier {
    const last = this.steps[this.steps.length - 1][1];
    if (!isClassifier(last)) throw new Error('the last step of this pipeline is not a classifier');
    return last;
  }

  get classes(): Int32Array {
    return this.finalEstimator.classes;
  }

  /**
   * Fits every step on the output of the steps before it. When the last transformer is a
   * monotone per-feature map and the final estimator can read through one (StandardScaler before a
   * forest), the final estimator reads that transformer's input through the map: the same model,
   * without a transformed copy of X.
   */
  async fit(X: Matrix, y: Labels): Promise<this> {
    const transformers = this.transformers();
    const final = this.finalEstimator;
    const reader = readsThroughMaps(final) ? final : null;
    let current: Matrix = X;
    for (const [k, transformer] of transformers.entries()) {
      await transformer.fit(current, y);
      const map = reader && k === transformers.length - 1 ? transformer.monotoneFeatureMap?.() : null;
      if (reader && map) {
        await reader.fitThroughMap(current, y, map);
        this.fitted = true;
        return this;
      }
      current = transformer.transform(current);
    }
    await final.fit(current, y);
    this.fitted = true;
    return this;
  }

  /** X passed through every transformer, as scikit-learn's `pipeline[:-1].transform(X)`. */
  transformThroughSteps(X: Matrix): Matrix {
    return this.transformers().reduce<Matrix>((current, transformer) => transformer.transform(current), X);
  }

  predict(X: Matrix): Labels {
    this.assertFitted();
    const reader = this.bytesReader(X);
    if (reader) return reader.predict(X as Matrix<Uint8Array>);
    const labels = new Int32Array(X.rows);
    this.inBlocks(X, (block, start) => labels.set(this.finalEstimator.predict(block), start));
    return labels;
  }

  predictProba(X: Matrix): Matrix<Float32Array> {
    this.assertFitted();
    const reader = this.bytesReader(X);
    if (reader) return reader.predictProba(X as Matrix<Uint8Array>);
    const nClasses = this.classes.length;
    const proba = new Float32Array(X.rows * nClasses);
    this.inBlocks(X, (block, start) => proba.set(this.finalEstimator.predictProba(block).data, start * nClasses));
    return { data: proba, rows: X.rows, cols: nClasses };
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
      if (map) return { predict: (bytes) => final.predictThroughMap(bytes, map), predictProba: (bytes) => final.predictProbaThroughMap(bytes, map) };
    }
    if (readsThroughAffineMaps(final)) {
      const map = transformer.affineFeatureMap?.();
      if (map) return { predict: (bytes) => final.predictThroughAffineMap(bytes, map), predictProba: (bytes) => final.predictProbaThroughAffineMap(bytes, map) };
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
    return Object.fromEntries(this.steps.map(([name, step]) => [name, step.fitInfo() as ParamValue]));
  }

  serialize(): EstimatorState {
    this.assertFitted();
    return {
      type: this.type,
      params: this.getParams(),
      attributes: {},
      arrays: {},
      children: this.steps.map(([, step]) => step.serialize()),
    };
  }

  private transformers(): Transformer[] {
    return this.steps.slice(0, -1).map(([name, step]) => {
      if (!isTransformer(step)) throw new Error(`pipeline step ${name} is not a transformer`);
      return step;
    });
  }
}

export const pipelineDescriptor: EstimatorDescriptor = {
  ...pipelineDefinition,
  create: (params, factory) => Pipeline.create(params, factory),
  restore: (state, factory) => Pipeline.restore(state, factory),
};
