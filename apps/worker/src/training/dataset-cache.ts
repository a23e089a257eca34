import type { DatasetStore } from '@mnist-lab/infra';
import { trainingDataset, type ClassificationDataset, type FeatureArray } from '@mnist-lab/ml';

/**
 * Each dataset is loaded once per fit process, by name, from the worker's disk cache (filled from
 * Postgres on first use, see DatasetStore). Its arrays live in SharedArrayBuffers: the threads a
 * fit starts (a forest's tree builders, one-vs-rest's binary fits) get views of the same memory.
 */
export class DatasetCache {
  private readonly loaded = new Map<string, Promise<ClassificationDataset<FeatureArray>>>();

  constructor(private readonly store: DatasetStore) {}

  get(name: string): Promise<ClassificationDataset<FeatureArray>> {
    let dataset = this.loaded.get(name);
    if (!dataset) {
      dataset = this.store.load(name).then((loaded) => trainingDataset(loaded.dataset, name));
      // A failed load (Postgres unreachable) is tried again by the next task.
      dataset.catch(() => this.loaded.delete(name));
      this.loaded.set(name, dataset);
    }
    return dataset;
  }
}
