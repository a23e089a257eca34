import { Injectable } from '@nestjs/common';
import { createdBy, targetProject, type Caller } from '@mnist-lab/contracts';
import { DatasetStore, requestedProject, type DatasetRecord, type ProjectScope } from '@mnist-lab/infra';
import { DataError, InvalidParameterError, readCsvDataset, readIdxDataset, type LabelledDataset, type UploadedFile } from '@mnist-lab/ml';
import { DATASET_NAME, DATASET_NAME_RULE, type DatasetCatalog } from '@mnist-lab/ml/spec';
import { renderDigit } from '@mnist-lab/viz';
import { AuditService } from '../audit/audit.service';

/** What `POST /datasets` received: the form's fields and the files multer wrote to disk. */
export interface DatasetUpload {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly files: Readonly<Record<string, UploadedFile | undefined>>;
  readonly maxBytes: number;
}

const MAX_LOADED_DATASETS = 4;

@Injectable()
export class DatasetsService {
  /**
   * Datasets whose pixels were asked for, by sha256, read once from the local cache: the
   * MAX_LOADED_DATASETS used last stay in memory (mnist_784 is 55 MB), the others are dropped.
   */
  private readonly loaded = new Map<string, Promise<LabelledDataset>>();

  constructor(
    private readonly store: DatasetStore,
    private readonly audit: AuditService,
  ) {}

  /** The datasets of the scope's projects and the public ones (mnist_784). */
  list(scope: ProjectScope): Promise<DatasetRecord[]> {
    return this.store.list(scope);
  }

  /** A dataset the scope may read; another project's is a 404, as an unknown one. */
  describe(name: string, scope: ProjectScope): Promise<DatasetRecord> {
    return this.store.describe(name, scope);
  }

  /** Every dataset a run or sweep request of the scope may name, with its sizes. */
  catalog(scope: ProjectScope): Promise<DatasetCatalog> {
    return this.store.catalog(scope);
  }

  /**
   * Checks the form, decodes its files and registers the dataset in the form's `project` (the
   * caller's only one, or `default`); nothing is stored unless every check passes.
   */
  async upload(caller: Caller, upload: DatasetUpload): Promise<{ created: boolean; dataset: DatasetRecord }> {
    const project = targetProject(caller, requestedProject(upload.fields['project']));
    const name = textField(upload.fields, 'name');
    if (!DATASET_NAME.test(name)) throw new InvalidParameterError('name', `must be ${DATASET_NAME_RULE}; got ${JSON.stringify(name)}`);
    const format = textField(upload.fields, 'format');
    const limits = { maxBytes: upload.maxBytes };
    let dataset: LabelledDataset;
    if (format === 'idx') {
      dataset = await readIdxDataset(requiredFile(upload, 'images'), requiredFile(upload, 'labels'), limits);
    } else if (format === 'csv') {
      dataset = await readCsvDataset(requiredFile(upload, 'data'), { ...limits, labelColumn: textField(upload.fields, 'label_column') });
    } else {
      throw new InvalidParameterError('format', `must be "idx" (files images and labels) or "csv" (file data and field label_column); got ${JSON.stringify(format)}`);
    }
    const registered = await this.store.register(name, dataset, { project, createdBy: createdBy(caller) });
    await this.audit.record(caller, { action: 'dataset.upload', resource: 'dataset', resource_id: name, project, details: { sha256: registered.dataset.sha256, created: registered.created } });
    return registered;
  }

  /** A reader of dataset `name`'s samples as `X[index]`, after loading it once; `name` must be readable in the scope. */
  async pixelReader(name: string, scope: ProjectScope): Promise<(index: number) => Uint8Array> {
    const record = await this.store.describe(name, scope);
    const { X, imageShape } = await this.load(record);
    if (imageShape === null || !(X.data instanceof Uint8Array)) {
      throw new DataError(`dataset ${name} is tabular (${record.n_features} features, no image shape): it has no images to draw`, { field: 'name' });
    }
    const pixels = X.data;
    return (index) => {
      if (!Number.isInteger(index) || index < 0 || index >= X.rows) {
        throw new InvalidParameterError('index', `must be an integer in [0, ${X.rows - 1}] for dataset ${name}; got ${index}`);
      }
      return pixels.subarray(index * X.cols, (index + 1) * X.cols);
    };
  }

  async image(name: string, index: number, scale: number, scope: ProjectScope): Promise<Buffer> {
    const pixelsOf = await this.pixelReader(name, scope);
    const { image_shape: shape } = await this.store.describe(name, scope);
    if (shape?.length !== 2 || shape[0] !== shape[1]) {
      throw new DataError(`dataset ${name} has ${shape?.join(' x ')} images; only square images are drawn`, { field: 'name' });
    }
    return renderDigit(pixelsOf(index), scale);
  }

  private load(record: DatasetRecord): Promise<LabelledDataset> {
    let dataset = this.loaded.get(record.sha256);
    if (!dataset) {
      dataset = this.store.load(record.name).then((loaded) => loaded.dataset);
      dataset.catch(() => this.loaded.delete(record.sha256));
    }
    // Re-inserted, so that the Map's order is the order of last use.
    this.loaded.delete(record.sha256);
    this.loaded.set(record.sha256, dataset);
    for (const sha256 of this.loaded.keys()) {
      if (this.loaded.size <= MAX_LOADED_DATASETS) break;
      this.loaded.delete(sha256);
    }
    return dataset;
  }
}

function textField(fields: Readonly<Record<string, unknown>>, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || value === '') throw new InvalidParameterError(name, 'is required (a form field)');
  return value;
}

function requiredFile(upload: DatasetUpload, field: string): UploadedFile {
  const file = upload.files[field];
  if (!file) throw new InvalidParameterError(field, 'is required (a file in the form)');
  return file;
}
