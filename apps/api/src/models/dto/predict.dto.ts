import { UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { InvalidParameterError, type Matrix } from '@mnist-lab/ml';

/** Pixels per instance: a 28 x 28 image, row by row, as mnist_784. */
export const N_PIXELS = 784;
/** Instances per request; 14000 (MNIST's 20 % test split) fit. */
export const MAX_PREDICT_INSTANCES = 20_000;
/** Maximum size of a PNG to predict. */
export const MAX_PREDICT_IMAGE_BYTES = 32 * 1024 * 1024;
/** Maximum size of a binary batch: MAX_PREDICT_INSTANCES images of bytes. */
export const MAX_PREDICT_BATCH_BYTES = MAX_PREDICT_INSTANCES * N_PIXELS;

/** What a prediction can be answered as, the default first (see docs/predict-format.md). */
export const PREDICTION_MEDIA_TYPES = ['application/json', 'application/octet-stream'] as const;

export class PredictInstancesDto {
  @ApiProperty({
    description: `Up to ${MAX_PREDICT_INSTANCES} images, each ${N_PIXELS} integers 0-255 (28x28, row by row, white ink on black as in mnist_784). Or send the same pixels as application/octet-stream (${N_PIXELS} bytes per image, back to back), or one PNG image as image/png.`,
    type: 'array',
    items: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 255 }, minItems: N_PIXELS, maxItems: N_PIXELS },
  })
  instances!: number[][];
}

export type PredictInput =
  | { readonly kind: 'instances'; readonly X: Matrix<Uint8Array> }
  | { readonly kind: 'png'; readonly image: Uint8Array };

/**
 * What `POST /models/:id/predict` was sent: JSON instances (validated here), the same images as
 * raw bytes (application/octet-stream: 784 bytes per image, back to back, as mnist_784's rows),
 * or a PNG.
 */
export function parsePredictRequest(contentType: string | undefined, body: unknown): PredictInput {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'image/png') {
    if (!Buffer.isBuffer(body) || body.length === 0) throw new InvalidParameterError('image', 'the request body is empty; send the PNG bytes');
    return { kind: 'png', image: body };
  }
  if (type === 'application/octet-stream') return { kind: 'instances', X: parseInstanceBytes(body) };
  if (type === 'application/json' || type.endsWith('+json')) return { kind: 'instances', X: parseInstances(body) };
  throw new UnsupportedMediaTypeException(
    `send application/json {"instances": [[${N_PIXELS} pixels], ...]}, the same pixels as application/octet-stream (${N_PIXELS} bytes per image), or one image/png; got ${contentType ? JSON.stringify(contentType) : 'no Content-Type'}`,
  );
}

/** A binary batch: whole images of N_PIXELS bytes each (any byte is a valid pixel). */
export function parseInstanceBytes(body: unknown): Matrix<Uint8Array> {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new InvalidParameterError('body', `is empty; send ${N_PIXELS} bytes (pixels 0-255, row by row) per image`);
  }
  if (body.length % N_PIXELS !== 0) {
    throw new InvalidParameterError('body', `must hold whole images of ${N_PIXELS} bytes each; got ${body.length} bytes (${Math.floor(body.length / N_PIXELS)} images and ${body.length % N_PIXELS} bytes over)`);
  }
  return { data: new Uint8Array(body.buffer, body.byteOffset, body.length), rows: body.length / N_PIXELS, cols: N_PIXELS };
}

/**
 * `{"instances": [[784 integers 0-255], ...]}` into one n x 784 matrix of bytes. Errors name the
 * offending field: `instances[3]`, `instances[3][17]`.
 */
export function parseInstances(body: unknown): Matrix<Uint8Array> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidParameterError('instances', 'the body must be a JSON object {"instances": [[...], ...]}');
  }
  for (const key of Object.keys(body)) {
    if (key !== 'instances') throw new InvalidParameterError(key, 'unknown field; the body has only "instances"');
  }
  const instances = (body as { instances?: unknown }).instances;
  if (instances === undefined) throw new InvalidParameterError('instances', 'is required');
  if (!Array.isArray(instances)) throw new InvalidParameterError('instances', `must be a list of images; got ${describe(instances)}`);
  if (instances.length === 0) throw new InvalidParameterError('instances', 'must hold at least one image');
  if (instances.length > MAX_PREDICT_INSTANCES) {
    throw new InvalidParameterError('instances', `must hold at most ${MAX_PREDICT_INSTANCES} images; got ${instances.length}`);
  }
  const data = new Uint8Array(instances.length * N_PIXELS);
  for (let i = 0; i < instances.length; i++) {
    const row: unknown = instances[i];
    if (!Array.isArray(row) || row.length !== N_PIXELS) {
      const got = Array.isArray(row) ? `${row.length} values` : describe(row);
      throw new InvalidParameterError(`instances[${i}]`, `must be a list of ${N_PIXELS} pixel values (28x28, row by row); got ${got}`);
    }
    const offset = i * N_PIXELS;
    for (let j = 0; j < N_PIXELS; j++) {
      const value: unknown = row[j];
      // `value === (value & 255)` is true exactly for the integers 0..255.
      if (typeof value !== 'number' || value !== (value & 255)) {
        throw new InvalidParameterError(`instances[${i}][${j}]`, `must be an integer in [0, 255]; got ${describe(value)}`);
      }
      data[offset + j] = value;
    }
  }
  return { data, rows: instances.length, cols: N_PIXELS };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}...` : value) : String(value);
}
