import type { BinaryRoute } from '../common/media-type.middleware';

/** The routes of DatasetsController that take bodies other than JSON. */
export const DATASET_BINARY_ROUTES: readonly BinaryRoute[] = [{ method: 'POST', path: /^\/datasets\/?$/, types: ['multipart/form-data'] }];
