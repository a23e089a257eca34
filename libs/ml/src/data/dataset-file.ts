import { createHash } from 'node:crypto';
import { DataError } from '../base/errors';
import { uniqueLabels, type FeatureArray, type Labels, type Matrix } from '../base/matrix';
import { nanFeaturesError } from '../spec/admission';
import type { ClassificationDataset } from './mnist';

/** A dataset as it is stored and hashed, whatever file it was uploaded as. */
export interface LabelledDataset extends ClassificationDataset<FeatureArray> {
  /** Height x width of each sample when its features are an image's pixels (row-major); null for tabular data. */
  readonly imageShape: readonly number[] | null;
}

export type FeatureDtype = 'uint8' | 'float32';

/**
 * The canonical form of a dataset (what its sha256 is taken over, what Postgres and the workers'
 * caches hold), little-endian throughout:
 *   bytes 0-7   the magic "MLDATA01"
 *   bytes 8-11  uint32, the length of the JSON header that follows
 *   the header  {"dtype","n_samples","n_features","n_train","image_shape"}, space-padded so that
 *               the features start at a multiple of 8
 *   features    n_samples x n_features, row-major, uint8 or float32
 *   labels      n_samples int32
 * Equal data always gives equal bytes: the header's keys are written in one fixed order.
 */
export const DATASET_FILE_MAGIC = 'MLDATA01';
const PREFIX_BYTES = 12;

interface DatasetFileHeader {
  readonly dtype: FeatureDtype;
  readonly n_samples: number;
  readonly n_features: number;
  readonly n_train: number;
  readonly image_shape: readonly number[] | null;
}

/**
 * The canonical bytes of `dataset` as three pieces (prefix and header, features, labels) that
 * view the dataset's own arrays: hashing or storing them never copies the whole dataset.
 */
export function datasetFileParts(dataset: LabelledDataset): readonly Uint8Array[] {
  const { X, y } = dataset;
  const header: DatasetFileHeader = {
    dtype: dtypeOf(X.data),
    n_samples: X.rows,
    n_features: X.cols,
    n_train: dataset.nTrain,
    image_shape: dataset.imageShape,
  };
  const json = JSON.stringify(header);
  const headerLength = Math.ceil((PREFIX_BYTES + json.length) / 8) * 8 - PREFIX_BYTES;
  const prefix = new Uint8Array(PREFIX_BYTES + headerLength).fill(0x20);
  prefix.set(Buffer.from(DATASET_FILE_MAGIC, 'latin1'), 0);
  new DataView(prefix.buffer).setUint32(8, headerLength, true);
  prefix.set(Buffer.from(json, 'utf8'), PREFIX_BYTES);
  return [prefix, bytesOf(X.data), bytesOf(y)];
}

export function datasetFileSize(parts: readonly Uint8Array[]): number {
  return parts.reduce((total, part) => total + part.byteLength, 0);
}

/** The dataset's identity: sha256 (hex) of its canonical bytes. */
export function datasetSha256(parts: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/**
 * Reads canonical bytes back. The arrays are views of `bytes` (no copy), so a buffer that is a
 * SharedArrayBuffer gives shared arrays; `bytes` must start at a multiple of 8 in its buffer.
 */
export function parseDatasetFile(bytes: Uint8Array, source = 'dataset file'): LabelledDataset {
  if (bytes.byteLength < PREFIX_BYTES || Buffer.from(bytes.buffer, bytes.byteOffset, 8).toString('latin1') !== DATASET_FILE_MAGIC) {
    throw new DataError(`${source}: not a canonical dataset file (no ${DATASET_FILE_MAGIC} magic)`);
  }
  if (bytes.byteOffset % 8 !== 0) throw new RangeError(`${source}: the bytes must start at a multiple of 8 in their buffer`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, PREFIX_BYTES).getUint32(8, true);
  const dataStart = PREFIX_BYTES + headerLength;
  if (bytes.byteLength < dataStart) throw new DataError(`${source}: truncated: the header needs ${dataStart} bytes, the file has ${bytes.byteLength}`);
  const header = decodeHeader(Buffer.from(bytes.buffer, bytes.byteOffset + PREFIX_BYTES, headerLength).toString('utf8'), source);
  const { n_samples: rows, n_features: cols } = header;
  const featureBytes = rows * cols * (header.dtype === 'uint8' ? 1 : 4);
  const expected = dataStart + featureBytes + rows * 4;
  if (bytes.byteLength !== expected) {
    throw new DataError(`${source}: ${rows} x ${cols} ${header.dtype} features and ${rows} labels need ${expected} bytes; the file has ${bytes.byteLength}`);
  }
  const offset = bytes.byteOffset + dataStart;
  const data: FeatureArray =
    header.dtype === 'uint8' ? new Uint8Array(bytes.buffer, offset, rows * cols) : new Float32Array(bytes.buffer, offset, rows * cols);
  // The features' length is padded by nothing, so the labels may start off a multiple of 4: copy then.
  const labelsOffset = offset + featureBytes;
  const y: Labels = labelsOffset % 4 === 0 ? new Int32Array(bytes.buffer, labelsOffset, rows) : new Int32Array(bytes.slice(dataStart + featureBytes).buffer);
  const X: Matrix = { data, rows, cols };
  return { X, y, classes: uniqueLabels(y), nTrain: header.n_train, imageShape: header.image_shape };
}

function decodeHeader(text: string, source: string): DatasetFileHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DataError(`${source}: the header is not JSON`);
  }
  const header = value as Partial<DatasetFileHeader> | null;
  const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  const shape = header?.image_shape;
  if (
    !header ||
    (header.dtype !== 'uint8' && header.dtype !== 'float32') ||
    !isCount(header.n_samples) ||
    !isCount(header.n_features) ||
    !isCount(header.n_train) ||
    header.n_train > header.n_samples ||
    !(shape === null || (Array.isArray(shape) && shape.every(isCount) && shape.reduce((a, b) => a * b, 1) === header.n_features))
  ) {
    throw new DataError(`${source}: bad header ${text.trim()}`);
  }
  return header as DatasetFileHeader;
}

function dtypeOf(data: FeatureArray): FeatureDtype {
  return data instanceof Uint8Array ? 'uint8' : 'float32';
}

function bytesOf(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/**
 * The dataset as training takes it: byte or float32 features alike. Only NaN features are refused,
 * as scikit-learn's estimators refuse them ("Input X contains NaN"), with the dataset's name and
 * how many values are NaN, before any fit starts on them.
 */
export function trainingDataset(dataset: LabelledDataset, name: string): ClassificationDataset<FeatureArray> {
  const { X, y, classes, nTrain, imageShape } = dataset;
  const nanCount = X.data instanceof Uint8Array ? 0 : countNaN(X.data);
  if (nanCount > 0) throw nanFeaturesError(name, nanCount);
  return { X: { data: X.data, rows: X.rows, cols: X.cols }, y, classes, nTrain, imageShape };
}

function countNaN(data: Float32Array): number {
  let count = 0;
  // NaN is the one value not equal to itself.
  for (let i = 0; i < data.length; i++) if (data[i] !== data[i]) count++;
  return count;
}
