import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import type { AnyEstimator, EstimatorSpec, EstimatorState, JsonValue, TypedArray } from '../base/estimator';
import { ArtifactError, DomainError, InvalidParameterError } from '../base/errors';
import { isPlainObject, type Params } from '../base/params';
import { restoreEstimator } from '../base/registry';
import { validateSpec } from '../spec/validate-spec';
import { assertJsonDepth } from '../utils/json-depth';

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
  const { version, headerLength } = readPrefix(buffer);
  const payloadStart = PREFIX_BYTES + headerLength;
  if (buffer.length < payloadStart) {
    throw new ArtifactError(`artifact is truncated: the header declares ${headerLength} bytes but only ${buffer.length - PREFIX_BYTES} follow the prefix`);
  }
  const header = parseHeader(buffer.subarray(PREFIX_BYTES, payloadStart), version);
  const payload = buffer.subarray(payloadStart);
  checkPayloadLength(header, payload.length);
  checkPayloadDigest(header, sha256(payload));
  return { header, state: rebuildState(header, payload) };
}

/** An upload's bounds: the header is parsed only when it is at most `maxHeaderBytes`, and the whole file may have at most `maxBytes`. */
export interface ArtifactReadLimits {
  readonly maxHeaderBytes: number;
  readonly maxBytes: number;
}

/**
 * A real header is a few kilobytes: the estimator, the state's small attributes and one entry per
 * array (a 100-tree forest has 7 arrays). JSON.parse of 4 MB takes milliseconds.
 */
export const MAX_ARTIFACT_HEADER_BYTES = 4 * 1024 * 1024;

/** The artifact (or its header) is larger than the reader's limit: an HTTP layer answers 413. */
export class ArtifactTooLargeError extends DomainError {
  override readonly name = 'ArtifactTooLargeError';
  readonly code = 'payload_too_large';
}

/** A verified artifact read from a stream, with the whole file for storing it. */
export interface ReadArtifact {
  readonly header: ArtifactHeader;
  readonly state: EstimatorState;
  readonly bytes: Buffer<ArrayBuffer>;
  /** artifactSha256(bytes), computed as the bytes arrived. */
  readonly sha256: string;
}

/**
 * Reads an artifact from a stream of chunks (an upload's body), checking it as it arrives: the
 * magic and the header length in the first 16 bytes (a header longer than `maxHeaderBytes` is
 * refused before any of it is read), then the header, parsed and validated as decodeArtifact and
 * validateArtifactEstimator do, whose payload size must fit `maxBytes` before the payload is read, then the payload's sha256
 * chunk by chunk, so that no step holds the event loop for long. The first problem ends the read:
 * an ArtifactTooLargeError for the sizes, an ArtifactError for anything else. The bytes are held
 * once: in the chunks received until the header is read, then in one buffer of the declared size.
 */
export async function readArtifact(chunks: AsyncIterable<Uint8Array>, limits: ArtifactReadLimits): Promise<ReadArtifact> {
  assertLittleEndianHost();
  /** The chunks until the header is known; then `file`, allocated once at the size it declares. */
  const received: Buffer[] = [];
  let file: Buffer<ArrayBuffer> | undefined;
  let length = 0;
  const fileDigest = createHash('sha256');
  const payloadDigest = createHash('sha256');
  let prefix: { version: number; headerLength: number } | undefined;
  let header: ArtifactHeader | undefined;
  /** The file's length once its header is known; until then, the limit. */
  let expectedLength = limits.maxBytes;
  const payloadStart = () => PREFIX_BYTES + (prefix as { headerLength: number }).headerLength;
  const digestPayload = (chunk: Buffer, start: number) => {
    const from = Math.max(0, payloadStart() - start);
    if (from < chunk.length) payloadDigest.update(chunk.subarray(from));
  };

  for await (const piece of chunks) {
    const chunk = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    if (length + chunk.length > expectedLength) {
      if (header === undefined) throw new ArtifactTooLargeError(`the upload is larger than the limit of ${formatBytes(limits.maxBytes)}`);
      throw new ArtifactError(`artifact has unexpected bytes after its payload: the header declares a ${expectedLength}-byte file`);
    }
    const start = length;
    if (file === undefined) received.push(chunk);
    else chunk.copy(file, start);
    fileDigest.update(chunk);
    length += chunk.length;
    if (header !== undefined) digestPayload(chunk, start);

    if (prefix === undefined && (length >= PREFIX_BYTES || !startsLikeAnArtifact(received, length))) {
      if (length < PREFIX_BYTES) readPrefix(Buffer.concat(received, length));
      prefix = readPrefix(Buffer.concat(received, length).subarray(0, PREFIX_BYTES));
      if (prefix.headerLength > limits.maxHeaderBytes) {
        throw new ArtifactTooLargeError(
          `artifact header declares ${formatBytes(prefix.headerLength)}, more than the limit of ${formatBytes(limits.maxHeaderBytes)}; real headers are a few kilobytes`,
        );
      }
    }
    if (prefix !== undefined && header === undefined && length >= payloadStart()) {
      const head = Buffer.concat(received, length);
      header = validateArtifactEstimator(parseHeader(head.subarray(PREFIX_BYTES, payloadStart()), prefix.version));
      expectedLength = payloadStart() + header.payload.byteLength;
      if (expectedLength > limits.maxBytes) {
        throw new ArtifactTooLargeError(`artifact header declares a ${formatBytes(expectedLength)} file, more than the limit of ${formatBytes(limits.maxBytes)}`);
      }
      if (length > expectedLength) throw new ArtifactError(`artifact has ${length - expectedLength} unexpected bytes after its payload`);
      // Unsafe is safe here: the file is returned only once every one of its bytes has arrived.
      file = Buffer.allocUnsafeSlow(expectedLength);
      head.copy(file, 0);
      received.length = 0;
      digestPayload(head, 0);
    }
  }

  const bytes = file?.subarray(0, length) ?? Buffer.concat(received, length);
  if (prefix === undefined) readPrefix(bytes);
  if (header === undefined) {
    const { headerLength } = prefix as { headerLength: number };
    throw new ArtifactError(`artifact is truncated: the header declares ${headerLength} bytes but only ${Math.max(0, length - PREFIX_BYTES)} follow the prefix`);
  }
  checkPayloadLength(header, length - payloadStart());
  checkPayloadDigest(header, payloadDigest.digest('hex'));
  return { header, state: rebuildState(header, bytes.subarray(payloadStart())), bytes, sha256: fileDigest.digest('hex') };
}

/** Until 8 bytes have arrived, whether those that did match the magic (so a text file fails at its first chunk). */
function startsLikeAnArtifact(received: readonly Buffer[], length: number): boolean {
  const head = Buffer.concat(received, length).subarray(0, ARTIFACT_MAGIC.length);
  return head.equals(Buffer.from(ARTIFACT_MAGIC, 'latin1').subarray(0, head.length));
}

/** Magic, version and header length, checked. */
function readPrefix(buffer: Buffer): { version: number; headerLength: number } {
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
  return { version, headerLength: buffer.readUInt32LE(12) };
}

function checkPayloadLength(header: ArtifactHeader, length: number): void {
  if (length < header.payload.byteLength) {
    throw new ArtifactError(`artifact is truncated: the payload should have ${header.payload.byteLength} bytes but has ${length}`);
  }
  if (length > header.payload.byteLength) {
    throw new ArtifactError(`artifact has ${length - header.payload.byteLength} unexpected bytes after its payload`);
  }
}

function checkPayloadDigest(header: ArtifactHeader, digest: string): void {
  if (digest !== header.payload.sha256) {
    throw new ArtifactError(`artifact payload is corrupted or was modified: its sha256 is ${digest}, the header records ${header.payload.sha256}`);
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${bytes} bytes`;
}

/** Decodes an artifact and restores its estimator through the registry, ready to predict. */
export function loadModel(bytes: Uint8Array): AnyEstimator {
  const { header, state } = decodeArtifact(bytes);
  validateArtifactEstimator(header);
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

/** The classes of a classifier: its own array (`classes`, a forest's `classes_`), or a pipeline's final step's. */
function findClasses(state: EstimatorState): Int32Array | undefined {
  const own = state.arrays['classes'] ?? state.arrays['classes_'];
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

/** The header's JSON, its structure checked, and its depth before parsing (everything after recurses). */
function parseHeader(bytes: Buffer, version: number): ArtifactHeader {
  try {
    assertJsonDepth(bytes, undefined, 'header');
  } catch (error) {
    throw new ArtifactError(`artifact ${(error as Error).message}`, { field: 'header' });
  }
  let header: unknown;
  try {
    header = JSON.parse(bytes.toString('utf8'));
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
  if (header['format_version'] !== version) {
    throw new ArtifactError(`artifact header says format version ${header['format_version']} but its prefix says ${version}`);
  }
  return header as unknown as ArtifactHeader;
}

/**
 * The header with its estimator checked exactly as a submitted spec is (validateSpec), as is every
 * state node's parameters, the estimator being the state's own: what GET /models shows is what
 * predicts. Errors are ArtifactErrors naming the header's field.
 */
export function validateArtifactEstimator(header: ArtifactHeader): ArtifactHeader {
  const estimator = validatedSpec(header.estimator, 'estimator');
  if (JSON.stringify(estimator) !== JSON.stringify(validatedSpec({ type: header.state.type, params: header.state.params }, 'state'))) {
    throw new ArtifactError('artifact header field estimator is not the estimator its state holds (state.type and state.params)', { field: 'estimator' });
  }
  validateStateParams(header.state, 'state');
  return { ...header, estimator };
}

/** validateSpec, its error as an ArtifactError naming the header's field. */
function validatedSpec(spec: unknown, path: string) {
  try {
    return validateSpec(spec, path);
  } catch (error) {
    if (error instanceof InvalidParameterError) throw new ArtifactError(`artifact header field ${error.message}`, { field: error.path, cause: error });
    throw error;
  }
}

function validateStateParams(node: HeaderState, path: string): void {
  validatedSpec({ type: node.type, params: node.params }, path);
  node.children.forEach((child, i) => validateStateParams(child, `${path}.children[${i}]`));
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
