/** A dataset a job may name, as OpenML names it. */
export interface DatasetDefinition {
  readonly name: string;
  readonly description: string;
  readonly nSamples: number;
  readonly nFeatures: number;
  readonly nClasses: number;
  /** NaN feature values, when known (a registered dataset's description counts them); such a dataset cannot be trained on. */
  readonly nanCount?: number;
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

/** The datasets a request may name, by name: the built-in ones and, at the api, every registered one. */
export type DatasetCatalog = Readonly<Record<string, DatasetDefinition>>;

/** A dataset name: what `POST /datasets` accepts and what a stored request may hold. */
export const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const DATASET_NAME_RULE = '1-64 letters, digits, "_", "." or "-", starting with a letter or digit';
