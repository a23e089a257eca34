import { endianness } from 'node:os';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { parse as parseContentType } from 'content-type';
import { InvalidParameterError, type FeatureDtype, type Matrix, type TrainingFeatures } from '@mnist-lab/ml';

/** Instances per request; 14000 (MNIST's 20 % test split) fit. */
export const MAX_PREDICT_INSTANCES = 20_000;
/** Maximum size of a PNG to predict. */
export const MAX_PREDICT_IMAGE_BYTES = 32 * 1024 * 1024;
/**
 * Maximum size of a binary batch: MAX_PREDICT_INSTANCES mnist_784 images of bytes. Rows of float32
 * features take 4 bytes per value, so fewer of them fit (5000 rows of 784 floats).
 */
export const MAX_PREDICT_BATCH_BYTES = MAX_PREDICT_INSTANCES * 784;
/** The one image shape a PNG is preprocessed to (MNIST's); only byte models of that shape take PNGs. */
const PNG_IMAGE_SHAPE = [28, 28] as const;

/** What a prediction can be answered as, the default first (see docs/predict-format.md). */
export const PREDICTION_MEDIA_TYPES = ['application/json', 'application/octet-stream'] as const;

/** The media-type parameter of a binary batch that says how its values are encoded; bytes when absent. */
const DTYPE_PARAMETER = 'dtype';
const BYTES_PER_VALUE: Readonly<Record<FeatureDtype, number>> = { uint8: 1, float32: 4 };

export class PredictInstancesDto {
  @ApiProperty({
    description:
      `Up to ${MAX_PREDICT_INSTANCES} instances, each a list of exactly the model's number of features (its header's metadata.features.n_features; ` +
      `784 for a mnist_784 model: 28x28 pixels, row by row, white ink on black). A model trained on bytes (metadata.features.dtype "uint8": image datasets, ` +
      `CSVs of integers 0-255) takes integers 0-255; a model trained on float32 features takes any finite number in float32 range. ` +
      `Or send the same values as application/octet-stream (bytes, back to back; for a float32 model application/octet-stream; dtype=float32, ` +
      `4 little-endian bytes per value), or, to a model trained on 28x28 byte images, one PNG image as image/png.`,
    type: 'array',
    items: { type: 'array', items: { type: 'number' }, minItems: 1 },
    minItems: 1,
    maxItems: MAX_PREDICT_INSTANCES,
    // One mnist_784 image: the width of the models most runs train (and of the documented example run).
    example: [new Array<number>(784).fill(0)],
  })
  instances!: number[][];
}

/** A request as its media type tells, checked for what needs no model: its rows are checked against one by {@link predictInput}. */
export type PredictRequest =
  | { readonly kind: 'json'; readonly instances: readonly unknown[] }
  | { readonly kind: 'binary'; readonly dtype: FeatureDtype; readonly bytes: Buffer }
  | { readonly kind: 'png'; readonly image: Uint8Array };

/** The model a request is for: its id (for messages) and what it was trained on. */
export interface PredictTarget {
  readonly id: string;
  readonly features: TrainingFeatures;
}

export type PredictInput = { readonly kind: 'instances'; readonly X: Matrix } | { readonly kind: 'png'; readonly image: Uint8Array };

/**
 * What `POST /models/:id/predict` was sent (see docs/predict-format.md): JSON instances, the same
 * values as raw bytes (application/octet-stream, with `dtype=float32` for float32 values), or a
 * PNG. Unknown media types and dtypes are a 415; a body that holds no instances at all a 400.
 */
export function parsePredictRequest(contentType: string | undefined, body: unknown): PredictRequest {
  const { type, parameters } = mediaType(contentType);
  if (type === 'image/png') {
    if (!Buffer.isBuffer(body) || body.length === 0) throw new InvalidParameterError('image', 'the request body is empty; send the PNG bytes');
    return { kind: 'png', image: body };
  }
  if (type === 'application/octet-stream') {
    const dtype = (parameters[DTYPE_PARAMETER] ?? 'uint8').toLowerCase();
    if (!Object.hasOwn(BYTES_PER_VALUE, dtype)) {
      throw new UnsupportedMediaTypeException(`application/octet-stream takes ${DTYPE_PARAMETER}=uint8 (the default) or ${DTYPE_PARAMETER}=float32; got ${DTYPE_PARAMETER}=${JSON.stringify(dtype)}`);
    }
    if (!Buffer.isBuffer(body) || body.length === 0) throw new InvalidParameterError('body', 'is empty; send the instances\' values back to back');
    return { kind: 'binary', dtype: dtype as FeatureDtype, bytes: body };
  }
  if (type === 'application/json' || type.endsWith('+json')) return { kind: 'json', instances: instancesOf(body) };
  throw new UnsupportedMediaTypeException(
    `send application/json {"instances": [[...], ...]} (one list of the model's features per instance), the same values as application/octet-stream (bytes; dtype=float32 for float32 values), or one image/png; got ${contentType ? JSON.stringify(contentType) : 'no Content-Type'}`,
  );
}

/** The request's rows as the model takes them: its width, bytes for a byte model, float32 for a float model. */
export function predictInput(request: PredictRequest, model: PredictTarget): PredictInput {
  if (request.kind === 'json') return { kind: 'instances', X: parseInstances(request.instances, model) };
  if (request.kind === 'binary') return { kind: 'instances', X: parseInstanceBytes(request.bytes, request.dtype, model) };
  const { dtype, image_shape: shape } = model.features;
  if (dtype !== 'uint8' || shape === null || shape.length !== 2 || shape[0] !== PNG_IMAGE_SHAPE[0] || shape[1] !== PNG_IMAGE_SHAPE[1]) {
    throw new InvalidParameterError('content-type', `image/png is only for models trained on 28x28 byte images; model ${model.id} takes ${takes(model)}: send them as {"instances": [[...], ...]}`);
  }
  return { kind: 'png', image: request.image };
}

/** `{"instances": [...]}`: a list of 1 to MAX_PREDICT_INSTANCES rows, whatever each row is. */
function instancesOf(body: unknown): readonly unknown[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidParameterError('instances', 'the body must be a JSON object {"instances": [[...], ...]}');
  }
  for (const key of Object.keys(body)) {
    if (key !== 'instances') throw new InvalidParameterError(key, 'unknown field; the body has only "instances"');
  }
  const instances = (body as { instances?: unknown }).instances;
  if (instances === undefined) throw new InvalidParameterError('instances', 'is required');
  if (!Array.isArray(instances)) throw new InvalidParameterError('instances', `must be a list of instances; got ${describe(instances)}`);
  if (instances.length === 0) throw new InvalidParameterError('instances', 'must hold at least one instance');
  if (instances.length > MAX_PREDICT_INSTANCES) {
    throw new InvalidParameterError('instances', `must hold at most ${MAX_PREDICT_INSTANCES} instances; got ${instances.length}`);
  }
  return instances;
}

/**
 * JSON rows into one n x width matrix, bytes or float32 as the model was trained on. Every row's
 * width is checked before the matrix is allocated, so that it is never larger than the values sent.
 * Errors name the offending field: `instances[3]`, `instances[3][17]`.
 */
export function parseInstances(instances: readonly unknown[], model: PredictTarget): Matrix {
  const { dtype, n_features: width } = model.features;
  for (let i = 0; i < instances.length; i++) {
    const row: unknown = instances[i];
    if (!Array.isArray(row) || row.length !== width) {
      const got = Array.isArray(row) ? count(row.length, 'value') : describe(row);
      throw new InvalidParameterError(`instances[${i}]`, `must be a list of ${width} values (model ${model.id} has ${takes(model)}); got ${got}`);
    }
  }
  const data = dtype === 'uint8' ? new Uint8Array(instances.length * width) : new Float32Array(instances.length * width);
  for (let i = 0; i < instances.length; i++) {
    const row = instances[i] as readonly unknown[];
    const offset = i * width;
    for (let j = 0; j < width; j++) {
      const value: unknown = row[j];
      if (dtype === 'uint8') {
        // `value === (value & 255)` is true exactly for the integers 0..255.
        if (typeof value !== 'number' || value !== (value & 255)) {
          throw new InvalidParameterError(`instances[${i}][${j}]`, `must be an integer in [0, 255]; got ${describe(value)} (model ${model.id} was trained on bytes)`);
        }
      } else if (typeof value !== 'number' || !Number.isFinite(Math.fround(value))) {
        // JSON has no NaN or Infinity, but 1e39 parses, and is Infinity as float32.
        throw new InvalidParameterError(`instances[${i}][${j}]`, `must be a finite number in float32 range; got ${describe(value)}`);
      }
      data[offset + j] = value;
    }
  }
  return { data, rows: instances.length, cols: width };
}

/**
 * A binary batch: whole instances of `width` values each, back to back, in the model's own element
 * type (bytes; or float32, little-endian, each value finite). Bytes are used in place.
 */
export function parseInstanceBytes(bytes: Buffer, dtype: FeatureDtype, model: PredictTarget): Matrix {
  const { n_features: width } = model.features;
  if (dtype !== model.features.dtype) {
    const send = model.features.dtype === 'float32' ? `application/octet-stream; ${DTYPE_PARAMETER}=float32` : 'application/octet-stream (bytes, without a dtype)';
    throw new InvalidParameterError('content-type', `${DTYPE_PARAMETER}=${dtype} does not fit model ${model.id}, which takes ${takes(model)}: send them as ${send}, or as JSON`);
  }
  const rowBytes = width * BYTES_PER_VALUE[dtype];
  if (bytes.length % rowBytes !== 0) {
    const rows = Math.floor(bytes.length / rowBytes);
    throw new InvalidParameterError(
      'body',
      `must hold whole instances of ${rowBytes} bytes each (model ${model.id} takes ${takes(model)}); got ${bytes.length} bytes (${count(rows, 'instance')} and ${count(bytes.length % rowBytes, 'byte')} over)`,
    );
  }
  const rows = bytes.length / rowBytes;
  if (rows > MAX_PREDICT_INSTANCES) throw new InvalidParameterError('body', `must hold at most ${MAX_PREDICT_INSTANCES} instances; got ${rows} of ${rowBytes} bytes`);
  if (dtype === 'uint8') return { data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), rows, cols: width };

  const data = float32View(bytes);
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) {
      const i = Math.floor(k / width);
      throw new InvalidParameterError('body', `instance ${i}, feature ${k - i * width}: must be a finite float32; got ${data[k]}`);
    }
  }
  return { data, rows, cols: width };
}

/** Little-endian float32 values: a view of the bytes where this machine can read them in place, else a copy. */
function float32View(bytes: Buffer): Float32Array {
  if (endianness() === 'LE' && bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const data = new Float32Array(bytes.length / 4);
  for (let k = 0; k < data.length; k++) data[k] = bytes.readFloatLE(4 * k);
  return data;
}

/** `application/octet-stream; dtype=float32` as its type and parameters; a header that is no media type is a 415. */
function mediaType(contentType: string | undefined): { type: string; parameters: Record<string, string> } {
  if (contentType === undefined) return { type: '', parameters: {} };
  try {
    return parseContentType(contentType);
  } catch {
    throw new UnsupportedMediaTypeException(`Content-Type ${JSON.stringify(contentType)} is not a valid media type`);
  }
}

/** What a model's rows are, for messages: `784 byte features, a 28x28 image row by row`, `5 float32 features`. */
function takes({ features }: PredictTarget): string {
  const shape = features.image_shape ? `, a ${features.image_shape.join('x')} image row by row` : '';
  return `${features.n_features} ${features.dtype === 'uint8' ? 'byte' : 'float32'} features${shape}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}...` : value) : String(value);
}
