import { InvalidParameterError } from '../base/errors';

/**
 * Objects and arrays nested deeper than this in a JSON document from outside (a request body, an
 * artifact header) are refused before it is parsed. The deepest document is an artifact header:
 * a pipeline of a one-vs-rest of a classifier is about 12 levels; instances to predict are 3.
 */
export const MAX_JSON_DEPTH = 64;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Throws an InvalidParameterError naming `field` when `text` (UTF-8 JSON, not yet parsed) nests
 * objects and arrays more than `limit` deep. One pass over the bytes: brackets inside strings do not count. Deep nesting
 * is refused before parsing because everything after JSON.parse (validation, storing a spec as
 * JSON) walks it recursively and would overflow the stack.
 */
export function assertJsonDepth(text: Uint8Array, limit = MAX_JSON_DEPTH, field = 'body'): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > limit) {
        throw new InvalidParameterError(field, `nests objects and arrays more than ${limit} deep (at byte ${i}); nothing valid needs that`);
      }
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
}
