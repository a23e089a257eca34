import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import type { AnyEstimator, EstimatorSpec, EstimatorState, JsonValue, TypedArray } from '../base/estimator';
import { ArtifactError } from '../base/errors';
import { isPlainObject, type Params } from '../base/params';
import { restoreEstimator } from '../base/registry';

/*
 * A fitted model as one self-describing binary file:
 *
 *   offset 0   8 bytes   magic "MNLABART"
 *   offset 8   uint32 LE format version (ARTIFACT_FORMAT_VERSION)
 *   offset 12  uint32 LE header length H
 *   offset 16  H bytes   UTF-8 JSON header (ArtifactHeader), space-padded so the payload starts on
 *                        an 8-byte boundary
 *   16 + H     payload   every typed array of the estimator state, little-endian, each at an
 *                        8-byte-aligned offset (relative to the payload) listed in the header
 *
 * Reading never evaluates anything from the file: the header goes through JSON.parse, array types
 * come from a fixed whitelist, and every offset and length is checked before it is used. The
 * payload's sha256 is in the header, so a flipped bit in the arrays is caught; the header itself
 * is checked by validation (structure here, parameters by the estimator's restore).
 */

export const ARTIFACT_MAGIC = 'MNLABART';
export const ARTIFACT_FORMAT_VERSION = 1;
/** Magic, version and header length. */
const PREFIX_BYTES = 16;
const ALIGNMENT = 8;

const DTYPES = {
  uint8: Uint8Array,
  int8: Int8Array,
  uint16: Uint16Array,
  int16: Int16Array,
  uint32: Uint32Array,
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;

export type ArrayDtype = keyof typeof DTYPES;

/** Where one typed array of the state lives in the payload. */
export interface ArrayEntry {
  /** JSON pointer into the state tree: `/arrays/coef`, `/children/1/arrays/coef`. */
  readonly path: string;
  readonly dtype: ArrayDtype;
  readonly length: number;
  /** Byte offset from the start of the payload. */
  readonly offset: number;
  readonly byteLength: number;
}

/** An EstimatorState without its arrays: those are in the payload, located by `ArtifactHeader.arrays`. */
export interface HeaderState {
  readonly type: string;
  readonly params: Params;
  readonly attributes: { readonly [key: string]: JsonValue };
  readonly children: readonly HeaderState[];
}

/** Free-form JSON the caller records with the model: dataset, split, metrics, tensor backend, ... */
export type ArtifactMetadata = { readonly [key: string]: JsonValue };

export interface ArtifactHeader {
  readonly format_version: number;
  readonly created_at: string;
  readonly library: { readonly name: string; readonly version: string };
  /** The unfitted estimator, as accepted by `createEstimator`. */
  readonly estimator: EstimatorSpec;
  /** The classifier's classes, or null for a transformer. */
  readonly classes: number[] | null;
  readonly metadata: ArtifactMetadata;
  readonly state: HeaderState;
  readonly arrays: readonly ArrayEntry[];
  readonly payload: { readonly byteLength: number; readonly sha256: string };
}

export function encodeArtifact(state: EstimatorState, metadata: ArtifactMetadata = {}): Buffer<ArrayBuffer> {
  assertLittleEndianHost();
  const arrays: { entry: ArrayEntry; values: TypedArray }[] = [];
  let payloadLength = 0;
  const strip = (node: EstimatorState, pointer: string): HeaderState => {
    for (const [name, values] of Object.entries(node.arrays)) {
      const entry: ArrayEntry = {
        path: `${pointer}/arrays/${escapePointerToken(name)}`,
        dtype: dtypeOf(values),
        length: values.length,
        offset: payloadLength,
        byteLength: values.byteLength,
      };
      arrays.push({ entry, values });
      payloadLength = alignUp(payloadLength + values.byteLength);
    }
    return {
      type: node.type,
      params: node.params,
      attributes: node.attributes,
      children: node.children.map((child, i) => strip(child, `${pointer}/children/${i}`)),
    };
  };
  const headerState = strip(state, '');

  const payload = Buffer.alloc(payloadLength);
  for (const { entry, values } of arrays) {
    payload.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), entry.offset);
  }
  const classes = findClasses(state);
  const header: ArtifactHeader = {
    format_version: ARTIFACT_FORMAT_VERSION,
    created_at: new Date().toISOString(),
    library: { name: LIBRARY_NAME, version: libraryVersion() },
    estimator: { type: state.type, params: state.params },
    classes: classes ? Array.from(classes) : null,
    metadata,
    state: headerState,
    arrays: arrays.map(({ entry }) => entry),
    payload: { byteLength: payloadLength, sha256: sha256(payload) },
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const headerLength = alignUp(PREFIX_BYTES + json.length) - PREFIX_BYTES;
  const prefix = Buffer.alloc(PREFIX_BYTES + headerLength, ' ');
  prefix.write(ARTIFACT_MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(ARTIFACT_FORMAT_VERSION, 8);
  prefix.writeUInt32LE(headerLength, 12);
  json.copy(prefix, PREFIX_BYTES);
  return Buffer.concat([prefix, payload]);
}

/** Parses and verifies an artifact; the arrays of the returned state are fresh copies. */
export function decodeArtifact(bytes: Uint8Array): { header: ArtifactHeader; state: EstimatorState } {
  assertLittleEndianHost();
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < ARTIFACT_MAGIC.length || buffer.toString('latin1', 0, ARTIFACT_MAGIC.length) !== ARTIFACT_MAGIC) {
    const start = buffer.subarray(0, ARTIFACT_MAGIC.length).toString('hex').replace(/(..)(?=.)/g, '$1 ');
    throw new ArtifactError(`not a model artifact: it starts with bytes [${start}], not the magic "${ARTIFACT_MAGIC}"`);
  }
  if (buffer.length < PREFIX_BYTES) throw new ArtifactError(`artifact is truncated: ${buffer.length} bytes, shorter than its ${PREFIX_BYTES}-byte prefix`);
  const version = buffer.readUInt32LE(8);
  if (version > ARTIFACT_FORMAT_VERSION) {
    throw new ArtifactError(`artifact format version ${version} is newer than this library reads (up to ${ARTIFACT_FORMAT_VERSION}); upgrade ${LIBRARY_NAME}`);
  }
  if (version !== ARTIFACT_FORMAT_VERSION) throw new ArtifactError(`artifact format version ${version} is not supported`);
  const headerLength = buffer.readUInt32LE(12);
  const payloadStart = PREFIX_BYTES + headerLength;
  if (buffer.length < payloadStart) {
    throw new ArtifactError(`artifact is truncated: the header declares ${headerLength} bytes but only ${buffer.length - PREFIX_BYTES} follow the prefix`);
  }
  const header = parseHeader(buffer.toString('utf8', PREFIX_BYTES, payloadStart));
  if (header.format_version !== version) {
    throw new ArtifactError(`artifact header says format version ${header.format_version} but its prefix says ${version}`);
  }

  const payload = buffer.subarray(payloadStart);
  if (payload.length < header.payload.byteLength) {
    throw new ArtifactError(`artifact is truncated: the payload should have ${header.payload.byteLength} bytes but has ${payload.length}`);
  }
  if (payload.length > header.payload.byteLength) {
    throw new ArtifactError(`artifact has ${payload.length - header.payload.byteLength} unexpected bytes after its payload`);
  }
  const digest = sha256(payload);
  if (digest !== header.payload.sha256) {
    throw new ArtifactError(`artifact payload is corrupted or was modified: its sha256 is ${digest}, the header records ${header.payload.sha256}`);
  }
  return { header, state: rebuildState(header, payload) };
}

/** Decodes an artifact and restores its estimator through the registry, ready to predict. */
export function loadModel(bytes: Uint8Array): AnyEstimator {
  const { state } = decodeArtifact(bytes);
  try {
    return restoreEstimator(state);
  } catch (error) {
    if (error instanceof ArtifactError) throw error;
    throw new ArtifactError(`artifact holds an estimator this library cannot restore: ${(error as Error).message}`, { cause: error });
  }
}

/** Hex sha256 of a whole artifact: its identity in a model registry or database. */
export function artifactSha256(bytes: Uint8Array): string {
  return sha256(bytes);
}

const LIBRARY_NAME = '@mnist-lab/ml';
let cachedVersion: string | undefined;

/** This package's version, read from its package.json (compiled code lives in dist/persistence). */
function libraryVersion(): string {
  if (cachedVersion === undefined) {
    try {
      const manifest: unknown = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
      cachedVersion = isPlainObject(manifest) && manifest['name'] === LIBRARY_NAME && typeof manifest['version'] === 'string' ? manifest['version'] : 'unknown';
    } catch {
      cachedVersion = 'unknown';
    }
  }
  return cachedVersion;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function alignUp(offset: number): number {
  return Math.ceil(offset / ALIGNMENT) * ALIGNMENT;
}

function assertLittleEndianHost(): void {
  // Payloads are raw typed-array bytes in little-endian order.
  if (endianness() !== 'LE') throw new ArtifactError('model artifacts can only be read and written on little-endian machines');
}

function dtypeOf(values: TypedArray): ArrayDtype {
  const dtype = (Object.keys(DTYPES) as ArrayDtype[]).find((name) => values instanceof DTYPES[name]);
  if (dtype === undefined) throw new TypeError(`cannot store a ${values.constructor.name} in an artifact`);
  return dtype;
}

/** The classes of a classifier: its own `classes` array, or a pipeline's final step's. */
function findClasses(state: EstimatorState): Int32Array | undefined {
  const own = state.arrays['classes'];
  if (own instanceof Int32Array) return own;
  const last = state.children[state.children.length - 1];
  return last ? findClasses(last) : undefined;
}

function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parseHeader(text: string): ArtifactHeader {
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw new ArtifactError(`artifact header is not valid JSON: ${(error as Error).message}`);
  }
  const invalid = (field: string, expected: string) => new ArtifactError(`artifact header field ${field} must be ${expected}`);
  if (!isPlainObject(header)) throw invalid('(root)', 'an object');
  if (!Number.isInteger(header['format_version'])) throw invalid('format_version', 'an integer');
  if (typeof header['created_at'] !== 'string') throw invalid('created_at', 'a string');
  const { library, estimator, classes } = header;
  if (!isPlainObject(library) || typeof library['name'] !== 'string' || typeof library['version'] !== 'string') {
    throw invalid('library', 'an object with a string name and version');
  }
  if (!isPlainObject(estimator) || typeof estimator['type'] !== 'string') throw invalid('estimator', 'an estimator spec');
  if (classes !== null && !(Array.isArray(classes) && classes.every(Number.isInteger))) throw invalid('classes', 'null or a list of integers');
  if (!isPlainObject(header['metadata'])) throw invalid('metadata', 'an object');
  const payload = header['payload'];
  if (!isPlainObject(payload) || !isByteCount(payload['byteLength']) || typeof payload['sha256'] !== 'string') {
    throw invalid('payload', 'an object with a byteLength and a sha256');
  }
  validateHeaderState(header['state'], 'state');
  if (!Array.isArray(header['arrays'])) throw invalid('arrays', 'a list');
  header['arrays'].forEach((entry: JsonValue, i: number) => validateEntry(entry, `arrays[${i}]`, payload['byteLength'] as number));
  return header as unknown as ArtifactHeader;
}

function validateHeaderState(node: unknown, field: string): void {
  const invalid = (detail: string) => new ArtifactError(`artifact header field ${field} ${detail}`);
  if (!isPlainObject(node)) throw invalid('must be an object');
  if (typeof node['type'] !== 'string') throw invalid('must have a string type');
  if (!isPlainObject(node['params'])) throw invalid('must have a params object');
  if (!isPlainObject(node['attributes'])) throw invalid('must have an attributes object');
  const children = node['children'];
  if (!Array.isArray(children)) throw invalid('must have a children list');
  children.forEach((child: JsonValue, i: number) => validateHeaderState(child, `${field}.children[${i}]`));
}

function validateEntry(entry: JsonValue, field: string, payloadLength: number): void {
  const invalid = (detail: string) => new ArtifactError(`artifact header field ${field} ${detail}`);
  if (!isPlainObject(entry) || typeof entry['path'] !== 'string') throw invalid('must be an object with a string path');
  const dtype = entry['dtype'];
  if (typeof dtype !== 'string' || !Object.hasOwn(DTYPES, dtype)) {
    throw invalid(`has dtype ${JSON.stringify(dtype)}; allowed: ${Object.keys(DTYPES).join(', ')}`);
  }
  const { length, offset, byteLength } = entry;
  if (!isByteCount(length) || !isByteCount(offset) || !isByteCount(byteLength)) throw invalid('must have non-negative integer length, offset and byteLength');
  const bytesPerElement = DTYPES[dtype as ArrayDtype].BYTES_PER_ELEMENT;
  if (byteLength !== length * bytesPerElement) throw invalid(`has byteLength ${byteLength}, but ${length} ${dtype} values take ${length * bytesPerElement}`);
  if (offset % ALIGNMENT !== 0) throw invalid(`has offset ${offset}, which is not ${ALIGNMENT}-byte aligned`);
  if (offset + byteLength > payloadLength) throw invalid(`reaches byte ${offset + byteLength}, past the ${payloadLength}-byte payload`);
}

/** The header's state tree with each array copied out of the payload into the node its path names. */
function rebuildState(header: ArtifactHeader, payload: Buffer): EstimatorState {
  type MutableState = Omit<EstimatorState, 'arrays' | 'children'> & { arrays: Record<string, TypedArray>; children: MutableState[] };
  const build = (node: HeaderState): MutableState => ({
    type: node.type,
    params: node.params,
    attributes: node.attributes,
    arrays: {},
    children: node.children.map(build),
  });
  const root = build(header.state);
  for (const entry of header.arrays) {
    const { node, name } = resolveArrayPath(root, entry.path);
    if (Object.hasOwn(node.arrays, name)) throw new ArtifactError(`artifact lists the array ${entry.path} twice`);
    const values = new DTYPES[entry.dtype](entry.length);
    new Uint8Array(values.buffer).set(payload.subarray(entry.offset, entry.offset + entry.byteLength));
    // defineProperty, not assignment: a name like "__proto__" must stay a plain key.
    Object.defineProperty(node.arrays, name, { value: values, enumerable: true, writable: true, configurable: true });
  }
  return root;
}

function resolveArrayPath<N extends { children: N[] }>(root: N, path: string): { node: N; name: string } {
  const tokens = path.split('/');
  const fail = () => new ArtifactError(`artifact array path ${JSON.stringify(path)} does not name an array of the state (expected /children/<i>/.../arrays/<name>)`);
  if (tokens[0] !== '') throw fail();
  let node = root;
  let i = 1;
  while (tokens[i] === 'children') {
    const index = tokens[i + 1];
    const child = /^(0|[1-9]\d*)$/.test(index ?? '') ? node.children[Number(index)] : undefined;
    if (child === undefined) throw fail();
    node = child;
    i += 2;
  }
  if (tokens[i] !== 'arrays' || tokens.length !== i + 2) throw fail();
  return { node, name: unescapePointerToken(tokens[i + 1]) };
}

function isByteCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
