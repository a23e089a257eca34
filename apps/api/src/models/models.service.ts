import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { ConflictError, InvalidStoredDataError, NotFoundError, finalEstimatorType, found } from '@mnist-lab/contracts';
import { ModelsRepository, type ModelInfo, type ModelListQuery } from '@mnist-lab/infra';
import {
  ArtifactError,
  isClassifier,
  loadModel,
  restoreEstimator,
  type ArtifactHeader,
  type Classifier,
  type LabelsWithProba,
  type Matrix,
  type ReadArtifact,
} from '@mnist-lab/ml';
import { preprocessDigitImage, type PreprocessedDigit } from './digit-preprocessing';
import type { PredictInput } from './dto/predict.dto';
import { LruCache } from './lru-cache';
import { artifactFileName, presentBinaryPredictions, presentModel, presentModelSummary, presentPredictions, type BinaryPredictions } from './model.presenter';

/** Fitted models kept in this process; beyond it the least recently used one is dropped. */
export const MODEL_CACHE_MAX_MODELS = 8;
/** ... and at most this many artifact bytes in all (a larger model alone is loaded for each request). */
export const MODEL_CACHE_MAX_BYTES = 1024 * 1024 * 1024;

interface LoadedModel {
  readonly id: string;
  readonly classifier: Classifier;
  readonly classes: readonly number[];
}

export interface ArtifactDownload {
  readonly stream: Readable;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly fileName: string;
}

@Injectable()
export class ModelsService {
  private readonly logger = new Logger(ModelsService.name);
  private readonly cache = new LruCache<string, LoadedModel>(MODEL_CACHE_MAX_MODELS, MODEL_CACHE_MAX_BYTES);
  /** Loads in progress, so that concurrent first requests for a model read it once. */
  private readonly loading = new Map<string, Promise<LoadedModel>>();

  constructor(private readonly models: ModelsRepository) {}

  async list(query: ModelListQuery) {
    const page = await this.models.list(query);
    return { items: page.items.map(presentModelSummary), next_cursor: page.nextCursor };
  }

  async get(id: string) {
    const model = await this.find(id);
    return presentModel(model, model.header);
  }

  /** Deletes a model artifact; its run stays, without a model. A download already streaming it ends with an error. */
  async delete(id: string): Promise<void> {
    if (!(await this.models.remove(id))) throw new NotFoundError('model', id);
    // A load that began before the delete would put the model back in the cache when it ends.
    await this.loading.get(id)?.catch(() => undefined);
    this.cache.delete(id);
  }

  /** The artifact's bytes, streamed out of Postgres a chunk at a time. */
  async download(id: string): Promise<ArtifactDownload> {
    const model = await this.find(id);
    return {
      stream: Readable.from(this.models.streamData(model), { objectMode: false }),
      sizeBytes: model.sizeBytes,
      sha256: model.sha256,
      fileName: artifactFileName(model),
    };
  }

  /**
   * Stores an artifact made elsewhere once it has loaded as a classifier, exactly as a prediction
   * would load it. The same bytes stored before give that model back (`created: false`).
   */
  async upload(artifact: ReadArtifact): Promise<{ created: boolean; model: ReturnType<typeof presentModel> }> {
    const { header, classifier } = this.restoreUpload(artifact);
    const { sha256, bytes } = artifact;
    const existing = await this.models.findBySha256(sha256);
    if (existing) return { created: false, model: presentModel(existing, existing.header) };

    const metadata = header.metadata;
    const metrics = metadata['metrics'];
    const testAccuracy = isRecord(metrics) ? metrics['test_accuracy'] : undefined;
    const model = await this.models.create({
      formatVersion: header.format_version,
      modelType: finalEstimatorType(header.estimator),
      dataset: typeof metadata['dataset'] === 'string' ? metadata['dataset'] : null,
      testAccuracy: typeof testAccuracy === 'number' && testAccuracy >= 0 && testAccuracy <= 1 ? testAccuracy : null,
      sha256,
      header,
      data: bytes,
    });
    this.cache.set(model.id, { id: model.id, classifier, classes: Array.from(classifier.classes_) }, model.sizeBytes);
    this.logger.log(`stored uploaded model ${model.id} (${model.modelType}, ${model.sizeBytes} bytes)`);
    return { created: true, model: presentModel(model, header) };
  }

  /** Labels and class probabilities as JSON (see presentPredictions), with the PNG's preprocessed pixels. */
  async predict(id: string, input: PredictInput) {
    const { model, predicted, image } = await this.predictWithProba(id, input);
    return presentPredictions(model.id, model.classes, predicted, image);
  }

  /** The same predictions as a compact binary body (see presentBinaryPredictions). */
  async predictBinary(id: string, input: PredictInput): Promise<BinaryPredictions> {
    const { model, predicted } = await this.predictWithProba(id, input);
    return presentBinaryPredictions(model.classes, predicted);
  }

  /** The classifier's own labels (`predict`, the labels its metrics were computed from) and its probabilities. */
  private async predictWithProba(id: string, input: PredictInput): Promise<{ model: LoadedModel; predicted: LabelsWithProba; image?: PreprocessedDigit }> {
    const model = await this.loaded(id);
    let X: Matrix<Uint8Array>;
    let image: PreprocessedDigit | undefined;
    if (input.kind === 'png') {
      image = await preprocessDigitImage(input.image);
      X = { data: image.pixels, rows: 1, cols: image.pixels.length };
    } else {
      X = input.X;
    }
    return { model, predicted: model.classifier.predictWithProba(X), image };
  }

  private async find(id: string): Promise<ModelInfo> {
    return found(await this.models.findById(id), 'model', id);
  }

  /** Restores an upload readArtifact verified; whatever is wrong with it is a domain error naming the reason. */
  private restoreUpload(artifact: ReadArtifact): { header: ArtifactHeader; classifier: Classifier } {
    const estimator = restoreEstimator(artifact.state);
    if (!isClassifier(estimator)) throw new ArtifactError(`the artifact holds a ${estimator.type}, which cannot predict`);
    return { header: artifact.header, classifier: estimator };
  }

  /** A fitted model from the cache, or loaded from Postgres into it. */
  private loaded(id: string): Promise<LoadedModel> {
    const cached = this.cache.get(id);
    if (cached) return Promise.resolve(cached);
    let pending = this.loading.get(id);
    if (!pending) {
      pending = this.load(id).finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return pending;
  }

  private async load(id: string): Promise<LoadedModel> {
    const bytes = await this.models.readData(await this.find(id));
    const estimator = loadStoredModel(id, bytes);
    if (!isClassifier(estimator)) throw new ConflictError(`model ${id} is a ${estimator.type}, which cannot predict`);
    const loaded: LoadedModel = { id, classifier: estimator, classes: Array.from(estimator.classes_) };
    this.cache.set(id, loaded, bytes.byteLength);
    this.logger.log(`loaded model ${id} (${bytes.byteLength} bytes); ${this.cache.size} cached`);
    return loaded;
  }
}

/** A stored artifact this api cannot load is a damaged row, not a bad request. */
function loadStoredModel(id: string, bytes: Uint8Array): ReturnType<typeof loadModel> {
  try {
    return loadModel(bytes);
  } catch (error) {
    if (error instanceof ArtifactError) throw new InvalidStoredDataError('model_artifacts', id, 'data', `cannot be loaded by this api: ${error.message}`);
    throw error;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
