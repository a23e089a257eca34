import { DATASET_NAME_RULE } from '@mnist-lab/ml/spec';

/** OpenAPI description of the multipart form of `POST /datasets` (the service checks it). */
export const UPLOAD_DATASET_SCHEMA = {
  type: 'object',
  required: ['name', 'format'],
  properties: {
    name: { type: 'string', example: 'fashion_mnist', description: DATASET_NAME_RULE },
    format: { type: 'string', enum: ['idx', 'csv'] },
    images: { type: 'string', format: 'binary', description: 'format=idx: images, n x height x width (or n x features) unsigned bytes, raw or gzip' },
    labels: { type: 'string', format: 'binary', description: 'format=idx: labels, n unsigned bytes, raw or gzip' },
    data: { type: 'string', format: 'binary', description: 'format=csv: a header row, then one sample per row' },
    label_column: { type: 'string', description: 'format=csv: the header name of the label column; every other column is a feature' },
  },
};
