import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every key starts with it, so that a leaked key is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'mlk_';
/** 24 random bytes: 192 bits, far beyond guessing, so one sha256 (no slow KDF) stores it safely. */
const SECRET_BYTES = 24;
/** How many characters of the key identify it in lists (`mlk_ab12cd`): the prefix and 6 of the secret. */
const SHOWN_CHARACTERS = API_KEY_PREFIX.length + 6;
/** A key this code generates: the prefix and 32 base64url characters. */
const KEY_PATTERN = /^mlk_[A-Za-z0-9_-]{32}$/;

export interface GeneratedApiKey {
  /** The whole key; shown once, never stored. */
  readonly key: string;
  readonly prefix: string;
  readonly hash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const key = `${API_KEY_PREFIX}${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { key, prefix: shownPrefix(key), hash: hashApiKey(key) };
}

/** Whether `value` has the shape of a generated key (anything else is refused without a lookup). */
export function isWellFormedApiKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

export function shownPrefix(key: string): string {
  return key.slice(0, SHOWN_CHARACTERS);
}

/** sha256 (hex) of the whole key: what `api_keys.key_hash` holds. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time equality of two secrets (of any lengths), for ADMIN_API_KEY and METRICS_TOKEN. */
export function secretsEqual(given: string, expected: string): boolean {
  // Comparing digests keeps the comparison constant-time even when the lengths differ.
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}
