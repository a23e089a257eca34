import type { BinaryRoute } from '../common/media-type.middleware';

/** The routes of ModelsController that take bodies other than JSON (see its @ApiConsumes). */
export const BINARY_ROUTES: readonly BinaryRoute[] = [
  { method: 'POST', path: /^\/models\/?$/, types: ['application/octet-stream', 'multipart/form-data'] },
  { method: 'POST', path: /^\/models\/[^/]+\/predict\/?$/, types: ['application/octet-stream', 'image/png'] },
];
