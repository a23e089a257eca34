import { loadDataset, type ClassificationDataset } from '@mnist-lab/ml';

/**
 * Each dataset is read once per fit process into SharedArrayBuffers: the threads a fit starts
 * (a forest's tree builders, one-vs-rest's binary fits) get views of the same memory, not copies.
 */
export class DatasetCache {
  private readonly loaded = new Map<string, ClassificationDataset>();

  get(name: string): ClassificationDataset {
    let dataset = this.loaded.get(name);
    if (!dataset) {
      dataset = shared(loadDataset(name));
      this.loaded.set(name, dataset);
    }
    return dataset;
  }
}

function shared(dataset: ClassificationDataset): ClassificationDataset {
  const X = new Uint8Array(new SharedArrayBuffer(dataset.X.data.byteLength));
  X.set(dataset.X.data);
  const y = new Int32Array(new SharedArrayBuffer(dataset.y.byteLength));
  y.set(dataset.y);
  return { ...dataset, X: { data: X, rows: dataset.X.rows, cols: dataset.X.cols }, y };
}
