import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@mnist-lab/contracts';
import { DATASETS, InvalidParameterError, loadDataset, type ClassificationDataset, type DatasetDescriptor } from '@mnist-lab/ml';
import { renderDigit } from '@mnist-lab/viz';

@Injectable()
export class DatasetsService {
  /** Each dataset is read on its first image request and kept: MNIST is 55 MB, read in a fraction of a second. */
  private readonly loaded = new Map<string, ClassificationDataset>();

  list() {
    return Object.values(DATASETS).map((dataset) => ({
      name: dataset.name,
      n_samples: dataset.nSamples,
      n_features: dataset.nFeatures,
      description: dataset.description,
    }));
  }

  /** The pixels of sample `index` of dataset `name`, as `X[index]`. */
  pixels(name: string, index: number): Uint8Array {
    const descriptor = this.descriptor(name);
    if (!Number.isInteger(index) || index < 0 || index >= descriptor.nSamples) {
      throw new InvalidParameterError('index', `must be an integer in [0, ${descriptor.nSamples - 1}] for dataset ${name}; got ${index}`);
    }
    const { X } = this.load(descriptor);
    return X.data.subarray(index * X.cols, (index + 1) * X.cols);
  }

  image(name: string, index: number, scale: number): Promise<Buffer> {
    return renderDigit(this.pixels(name, index), scale);
  }

  private descriptor(name: string): DatasetDescriptor {
    if (!Object.hasOwn(DATASETS, name)) {
      const known = Object.keys(DATASETS).sort().join(', ');
      throw new NotFoundError('dataset', name, `dataset ${JSON.stringify(name)} does not exist; known datasets are: ${known}`);
    }
    return DATASETS[name];
  }

  private load(descriptor: DatasetDescriptor): ClassificationDataset {
    let dataset = this.loaded.get(descriptor.name);
    if (!dataset) {
      dataset = loadDataset(descriptor.name);
      this.loaded.set(descriptor.name, dataset);
    }
    return dataset;
  }
}
