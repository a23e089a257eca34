/** A dataset a job may name, as OpenML names it. */
export interface DatasetDefinition {
  readonly name: string;
  readonly description: string;
  readonly nSamples: number;
  readonly nFeatures: number;
  readonly nClasses: number;
}

export const DATASET_DEFINITIONS: Readonly<Record<string, DatasetDefinition>> = {
  mnist_784: {
    name: 'mnist_784',
    description: 'MNIST handwritten digits, 28x28 grey-level pixels: 60000 training images then 10000 test images.',
    nSamples: 70000,
    nFeatures: 784,
    nClasses: 10,
  },
};
