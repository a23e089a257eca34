import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { ConflictError, InvalidStoredDataError, NotFoundError, createdBy, finalEstimatorType, type Caller, type Permission } from '@mnist-lab/contracts';
import { authorized, ModelsRepository, type ModelInfo, type ModelListQuery } from '@mnist-lab/infra';
import {
  ArtifactError,
  isClassifier,
  loadModel,
  readTrainingFeatures,
  restoreEstimator,
  type ArtifactHeader,
  type Classifier,
  type LabelsWithProba,
  type Matrix,
  type ReadArtifact,
  type TrainingFeatures,
} from '@mnist-lab/ml';
import { AuditService } from '../audit/audit.service';
import { preprocessDigitImage, type PreprocessedDigit } from './digit-preprocessing';
import { predictInput, type PredictRequest } from './dto/predict.dto';
import { LruCache } from './lru-cache';
import { artifactFileName, presentBinaryPredictions, presentModel, presentModelSummary, presentPredictions, type BinaryPredictions } from './model.presenter';

/** Fitted models kept in this process; beyond it the least recently used one is dropped. */
export const MODEL_CACHE_MAX_MODELS = 8;
/** ... and at most this many artifact bytes in all (a larger model alone is loaded for each request). */
export const MODEL_CACHE_MAX_BYTES = 1024 * 1024 * 1024;

interface LoadedModel {
  readonly id: string;
  /** Checked on every prediction, cached or not. */
  readonly project: string;
  readonly classifier: Classifier;
  readonly classes: readonly number[];
  /** What it was trained on: the width (the classifier's n_features_in_) and element type of the rows it predicts. */
  readonly features: TrainingFeatures;
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

  constructor(
    private readonly models: ModelsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(query: ModelListQuery) {
    const page = await this.models.list(query);
    return { items: page.items.map(presentModelSummary), next_cursor: page.nextCursor };
  }

  async get(caller: Caller, id: string) {
    const model = await this.find(caller, id, 'read');
    return presentModel(model, model.header);
  }

  /** Deletes a model artifact; its run stays, without a model. A download already streaming it ends with an error. */
  async delete(caller: Caller, id: string): Promise<void> {
    const { project } = await this.find(caller, id, 'write');
    if (!(await this.models.remove(id))) throw new NotFoundError('model', id);
    await this.audit.record(caller, { action: 'model.delete', resource: 'model', resource_id: id, project });
    // A load that began before the delete would put the model back in the cache when it ends.
    await this.loading.get(id)?.catch(() => undefined);
    this.cache.delete(id);
  }

  /** The artifact's bytes, streamed out of Postgres a chunk at a time. */
  async download(caller: Caller, id: string): Promise<ArtifactDownload> {
    const model = await this.find(caller, id, 'read');
    return {
      stream: Readable.from(this.models.streamData(model), { objectMode: false }),
      sizeBytes: model.sizeBytes,
      sha256: model.sha256,
      fileName: artifactFileName(model),
    };
  }

  /**
   * Stores an artifact made elsewhere once it has loaded as a classifier, exactly as a prediction
   * would load it, in `project` (which the caller may write to). The same bytes stored before in
   * that project give that model back (`created: false`).
   */
  async upload(caller: Caller, project: string, artifact: ReadArtifact): Promise<{ created: boolean; model: ReturnType<typeof presentModel> }> {
    const { header, classifier, features } = this.restoreUpload(artifact);
    const { sha256, bytes } = artifact;
    const existing = await this.models.findBySha256(sha256, project);
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
      owner: { project, createdBy: createdBy(caller) },
    });
    await this.audit.record(caller, { action: 'model.upload', resource: 'model', resource_id: model.id, project, details: { sha256, size_bytes: model.sizeBytes } });
    this.cache.set(model.id, { id: model.id, project, classifier, classes: Array.from(classifier.classes_), features }, model.sizeBytes);
    this.logger.log(`stored uploaded model ${model.id} (${model.modelType}, ${model.sizeBytes} bytes)`);
    return { created: true, model: presentModel(model, header) };
  }

  /** Labels and class probabilities as JSON (see presentPredictions), with the PNG's preprocessed pixels. */
  async predict(caller: Caller, id: string, request: PredictRequest) {
    const { model, predicted, image } = await this.predictWithProba(caller, id, request);
    return presentPredictions(model.id, model.classes, predicted, image);
  }

  /** The same predictions as a compact binary body (see presentBinaryPredictions). */
  async predictBinary(caller: Caller, id: string, request: PredictRequest): Promise<BinaryPredictions> {
    const { model, predicted } = await this.predictWithProba(caller, id, request);
    return presentBinaryPredictions(model.classes, predicted);
  }

  /**
   * The classifier's own labels (`predict`, the labels its metrics were computed from) and its
   * probabilities, for a request whose rows are checked against what the model was trained on.
   */
  private async predictWithProba(caller: Caller, id: string, request: PredictRequest): Promise<{ model: LoadedModel; predicted: LabelsWithProba; image?: PreprocessedDigit }> {
    const model = await this.loaded(caller, id);
    const input = predictInput(request, model);
    let X: Matrix;
    let image: PreprocessedDigit | undefined;
    if (input.kind === 'png') {
      image = await preprocessDigitImage(input.image);
      X = { data: image.pixels, rows: 1, cols: image.pixels.length };
    } else {
      X = input.X;
    }
    return { model, predicted: model.classifier.predictWithProba(X), image };
  }

  /** The model if the caller may `permission` it (predicting is a write: it is the member's right, as submitting). */
  private async find(caller: Caller, id: string, permission: Permission): Promise<ModelInfo> {
    return authorized(caller, await this.models.findById(id), 'model', id, permission);
  }

  /** Restores an upload readArtifact verified; whatever is wrong with it is a domain error naming the reason. */
  private restoreUpload(artifact: ReadArtifact): { header: ArtifactHeader; classifier: Classifier; features: TrainingFeatures } {
    const estimator = restoreEstimator(artifact.state);
    if (!isClassifier(estimator)) throw new ArtifactError(`the artifact holds a ${estimator.type}, which cannot predict`);
    return { header: artifact.header, classifier: estimator, features: readTrainingFeatures(artifact.header.metadata, estimator.n_features_in_) };
  }

  /** A fitted model the caller may predict with, from the cache, or loaded from Postgres into it. */
  private async loaded(caller: Caller, id: string): Promise<LoadedModel> {
    const cached = this.cache.get(id);
    if (cached) {
      authorized(caller, cached, 'model', id, 'write');
      return cached;
    }
    const model = await this.find(caller, id, 'write');
    let pending = this.loading.get(id);
    if (!pending) {
      pending = this.load(model).finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return pending;
  }

  private async load(model: ModelInfo): Promise<LoadedModel> {
    const { id, project } = model;
    const bytes = await this.models.readData(model);
    const estimator = storedArtifact(id, () => loadModel(bytes));
    if (!isClassifier(estimator)) throw new ConflictError(`model ${id} is a ${estimator.type}, which cannot predict`);
    const features = storedArtifact(id, () => readTrainingFeatures(model.header.metadata, estimator.n_features_in_));
    const loaded: LoadedModel = { id, project, classifier: estimator, classes: Array.from(estimator.classes_), features };
    this.cache.set(id, loaded, bytes.byteLength);
    this.logger.log(`loaded model ${id} (${bytes.byteLength} bytes); ${this.cache.size} cached`);
    return loaded;
  }
}

/** A stored artifact this api cannot load (or whose metadata it cannot read) is a damaged row, not a bad request. */
function storedArtifact<T>(id: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ArtifactError) throw new InvalidStoredDataError('model_artifacts', id, 'data', `cannot be loaded by this api: ${error.message}`);
    throw error;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
