import { Injectable, Logger } from '@nestjs/common';
import { loadDataset, type ClassificationDataset } from '@mnist-lab/ml';

/**
 * Each dataset is read once per worker process into SharedArrayBuffers; training threads get
 * views of the same memory instead of copies.
 */
@Injectable()
export class DatasetCache {
  private readonly logger = new Logger(DatasetCache.name);
  private readonly loaded = new Map<string, Promise<ClassificationDataset>>();

  get(name: string): Promise<ClassificationDataset> {
    let dataset = this.loaded.get(name);
    if (!dataset) {
      dataset = this.load(name);
      this.loaded.set(name, dataset);
      dataset.catch(() => this.loaded.delete(name));
    }
    return dataset;
  }

  private async load(name: string): Promise<ClassificationDataset> {
    const started = performance.now();
    const dataset = loadDataset(name);
    const X = new Uint8Array(new SharedArrayBuffer(dataset.X.data.byteLength));
    X.set(dataset.X.data);
    const y = new Int32Array(new SharedArrayBuffer(dataset.y.byteLength));
    y.set(dataset.y);
    this.logger.log(`loaded ${name}: ${dataset.X.rows} x ${dataset.X.cols} in ${Math.round(performance.now() - started)} ms`);
    return { ...dataset, X: { data: X, rows: dataset.X.rows, cols: dataset.X.cols }, y };
  }
}
