import type { BinaryRoute } from '../common/media-type.middleware';

/** `POST /models/:id/predict`: binary bodies, and the one JSON route whose bodies are large by design. */
export const PREDICT_PATH = /^\/models\/[^/]+\/predict\/?$/;

/** The routes of ModelsController that take bodies other than JSON (see its @ApiConsumes). */
export const BINARY_ROUTES: readonly BinaryRoute[] = [
  { method: 'POST', path: /^\/models\/?$/, types: ['application/octet-stream', 'multipart/form-data'] },
  { method: 'POST', path: PREDICT_PATH, types: ['application/octet-stream', 'image/png'] },
];
