import { InvalidParameterError } from '@mnist-lab/ml/spec';

/*
 * A run's or sweep's metadata (issue #16): a name, tags (string -> string) and notes, set at
 * submission (beside the spec in the POST body) or by PATCH. Bounded, so that a row stays small
 * and a tag stays addressable in the filter language (`tags.<key>`).
 */

export const MAX_NAME_LENGTH = 200;
export const MAX_NOTES_LENGTH = 10_000;
export const MAX_TAGS = 50;
export const MAX_TAG_VALUE_LENGTH = 500;
/** A tag key: what `tags.<key>` and `tags['<key>']` can name. */
export const TAG_KEY = /^[A-Za-z0-9_.:\-/ ]{1,128}$/;
export const TAG_KEY_RULE = '1-128 letters, digits, spaces or _ . : - /';

export type Tags = Readonly<Record<string, string>>;

/** Metadata at submission: what is not given is empty. */
export interface Metadata {
  readonly name: string | null;
  readonly tags: Tags;
  readonly notes: string | null;
}

/**
 * A PATCH: only what is given changes. `name` or `notes` null clears it; `tags` merges into the
 * stored ones, a tag set to null is removed.
 */
export interface MetadataPatch {
  readonly name?: string | null;
  readonly notes?: string | null;
  readonly tags?: Readonly<Record<string, string | null>>;
}

export const METADATA_FIELDS = ['name', 'tags', 'notes'] as const;

export const NO_METADATA: Metadata = { name: null, tags: {}, notes: null };

/** The metadata fields of a submission's body (the rest is the spec), checked. */
export function validateMetadata(body: Readonly<Record<string, unknown>>): Metadata {
  const patch = validateFields(body, false);
  return { name: patch.name ?? null, notes: patch.notes ?? null, tags: (patch.tags as Tags | undefined) ?? {} };
}

/** A PATCH body: an object of name, tags and notes only (an empty one changes nothing). */
export function validateMetadataPatch(body: unknown): MetadataPatch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InvalidParameterError('body', 'must be an object of name, tags and notes');
  const unknown = Object.keys(body).find((key) => !(METADATA_FIELDS as readonly string[]).includes(key));
  if (unknown !== undefined) throw new InvalidParameterError(unknown, `is not a field that can be changed; only ${METADATA_FIELDS.join(', ')} can`);
  return validateFields(body as Record<string, unknown>, true);
}

/** The fields a PATCH changes, for the audit log. */
export function changedFields(patch: MetadataPatch): string[] {
  return METADATA_FIELDS.filter((field) => patch[field] !== undefined);
}

/** The merged tags of a PATCH, refused when they would be too many. */
export function mergeTags(stored: Tags, patch: Readonly<Record<string, string | null>>): Tags {
  const merged: Record<string, string> = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  if (Object.keys(merged).length > MAX_TAGS) throw new InvalidParameterError('tags', `would hold ${Object.keys(merged).length} tags; at most ${MAX_TAGS} are allowed`);
  return merged;
}

function validateFields(body: Readonly<Record<string, unknown>>, patch: boolean): MetadataPatch {
  const text = (field: 'name' | 'notes', max: number): string | null | undefined => {
    const value = body[field];
    if (value === undefined || (patch && value === null)) return value as null | undefined;
    if (typeof value !== 'string') throw new InvalidParameterError(field, `must be a string${patch ? ' or null' : ''}; got ${JSON.stringify(value)}`);
    if (value.length > max) throw new InvalidParameterError(field, `is ${value.length} characters long; at most ${max} are allowed`);
    return value;
  };
  return { name: text('name', MAX_NAME_LENGTH), notes: text('notes', MAX_NOTES_LENGTH), tags: validateTags(body['tags'], patch) };
}

function validateTags(value: unknown, patch: boolean): Record<string, string | null> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidParameterError('tags', 'must be an object of string values');
  const entries = Object.entries(value);
  if (entries.length > MAX_TAGS) throw new InvalidParameterError('tags', `has ${entries.length} tags; at most ${MAX_TAGS} are allowed`);
  for (const [key, tag] of entries) {
    if (!TAG_KEY.test(key)) throw new InvalidParameterError(`tags.${key}`, `a tag key is ${TAG_KEY_RULE}`);
    if (tag === null && patch) continue;
    if (typeof tag !== 'string') throw new InvalidParameterError(`tags.${key}`, `must be a string${patch ? ' (null removes the tag)' : ''}; got ${JSON.stringify(tag)}`);
    if (tag.length > MAX_TAG_VALUE_LENGTH) throw new InvalidParameterError(`tags.${key}`, `is ${tag.length} characters long; at most ${MAX_TAG_VALUE_LENGTH} are allowed`);
  }
  return value as Record<string, string | null>;
}
