import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { parse as parseCsv, CsvError } from 'csv-parse';
import { DataError, DomainError } from '../base/errors';
import { uniqueLabels } from '../base/matrix';
import type { LabelledDataset } from './dataset-file';
import { parseIdxHeader, truncatedHeader, type IdxArray, type IdxHeader } from './idx';

/** An upload, or what it decodes to, larger than the configured limit (HTTP 413). */
export class DataTooLargeError extends DomainError {
  override readonly name = 'DataTooLargeError';
  readonly code = 'payload_too_large';
}

export interface UploadLimits {
  /** The most bytes a decoded file (a gunzipped IDX file) may have. */
  readonly maxBytes: number;
}

/** An uploaded file: where it is on disk and the form field it came in (named in errors). */
export interface UploadedFile {
  readonly path: string;
  readonly field: string;
}

/**
 * A dataset from an IDX images file (n x height x width, or n x features) and an IDX labels file
 * (n), each raw or gzipped. Each file is streamed into one array sized from its header, after
 * checking that the body really holds that many bytes.
 */
export async function readIdxDataset(images: UploadedFile, labels: UploadedFile, limits: UploadLimits): Promise<LabelledDataset> {
  const labelArray = await readIdxFile(labels, limits);
  if (labelArray.dims.length !== 1) {
    throw new DataError(`${labels.field}: labels must be a 1-dimensional IDX array (n); got ${labelArray.dims.join(' x ')}`, { field: labels.field });
  }
  const imageHeader = await readHeader(images);
  if (imageHeader.dims.length < 2) {
    throw new DataError(`${images.field}: images must be an IDX array of at least 2 dimensions (n x features); got ${imageHeader.dims.join(' x ')}`, {
      field: images.field,
    });
  }
  const [rows, ...sampleShape] = imageHeader.dims;
  if (rows !== labelArray.dims[0]) {
    throw new DataError(`${images.field} has ${rows} images but ${labels.field} has ${labelArray.dims[0]} labels`, { field: labels.field });
  }
  if (rows === 0) throw new DataError(`${images.field}: the dataset has no samples`, { field: images.field });
  const imageArray = await readIdxFile(images, limits);
  const cols = imageHeader.dataBytes / rows;
  const y = Int32Array.from(labelArray.data);
  return {
    X: { data: imageArray.data, rows, cols },
    y,
    classes: uniqueLabels(y),
    nTrain: rows,
    imageShape: sampleShape.length >= 2 ? sampleShape : null,
  };
}

/** One IDX file, raw or gzipped, into a single array of exactly the size its header declares. */
async function readIdxFile(file: UploadedFile, limits: UploadLimits): Promise<IdxArray> {
  const header = await readHeader(file);
  const declared = header.headerBytes + header.dataBytes;
  if (declared > limits.maxBytes) {
    throw new DataTooLargeError(`${file.field}: the IDX header declares ${declared} bytes, over the limit of ${limits.maxBytes}`, { field: file.field });
  }
  const available = await decodedSize(file, declared);
  if (available !== declared) {
    throw new DataError(
      `${file.field}: IDX header says ${header.dims.join(' x ')} = ${header.dataBytes} data bytes but the file has ${available - header.headerBytes}` +
        (available < declared ? ' (truncated)' : ' (trailing bytes)'),
      { field: file.field },
    );
  }
  const data = new Uint8Array(header.dataBytes);
  let position = -header.headerBytes;
  for await (const bytes of decodedChunks(file)) {
    const skip = Math.max(0, -position);
    if (skip < bytes.length) data.set(bytes.subarray(skip), position + skip);
    position += bytes.length;
  }
  return { dims: header.dims, data };
}

/** The header, from as few decoded bytes as it takes. */
async function readHeader(file: UploadedFile): Promise<IdxHeader> {
  let seen = Buffer.alloc(0);
  for await (const chunk of decodedChunks(file)) {
    seen = Buffer.concat([seen, chunk]);
    const header = parseIdxHeader(seen, file.field);
    if (header) return header;
  }
  throw Object.assign(truncatedHeader(seen, file.field), { field: file.field });
}

/**
 * How many bytes the file decodes to. A raw file: its size. A gzip file: its trailer's ISIZE (the
 * size mod 2^32) when that matches `expected`; otherwise it is decoded once, keeping nothing, to
 * count (and to tell a damaged gzip stream from a header that lies about the body).
 */
async function decodedSize(file: UploadedFile, expected: number): Promise<number> {
  const handle = await open(file.path);
  try {
    const { size } = await handle.stat();
    const start = Buffer.alloc(2);
    await handle.read(start, 0, 2, 0);
    if (!isGzip(start, size)) return size;
    const trailer = Buffer.alloc(4);
    await handle.read(trailer, 0, 4, size - 4);
    if (trailer.readUInt32LE(0) === expected % 2 ** 32) return expected;
  } finally {
    await handle.close();
  }
  let count = 0;
  for await (const chunk of decodedChunks(file)) count += chunk.length;
  return count;
}

/** The file's bytes, gunzipped when they start with gzip's magic number; gzip errors become DataErrors naming the field. */
async function* decodedChunks(file: UploadedFile): AsyncGenerator<Buffer> {
  const handle = await open(file.path);
  const start = Buffer.alloc(2);
  try {
    const { bytesRead } = await handle.read(start, 0, 2, 0);
    if (!isGzip(start, bytesRead)) {
      yield* handle.createReadStream({ autoClose: false }) as AsyncIterable<Buffer>;
      return;
    }
    const gunzip = handle.createReadStream({ start: 0, autoClose: false }).pipe(createGunzip());
    try {
      yield* gunzip as AsyncIterable<Buffer>;
    } catch (error) {
      const message =
        (error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' ? 'truncated gzip file (unexpected end of file)' : `not a valid gzip file (${(error as Error).message})`;
      throw new DataError(`${file.field}: ${message}`, { field: file.field });
    } finally {
      gunzip.destroy();
    }
  } finally {
    await handle.close();
  }
}

function isGzip(start: Buffer, length: number): boolean {
  return length >= 2 && start[0] === 0x1f && start[1] === 0x8b;
}

export interface CsvOptions extends UploadLimits {
  /** The header name of the column that holds the labels; every other column is a feature. */
  readonly labelColumn: string;
}

/** Cells pandas' read_csv reads as NaN; any other cell must be a decimal number. */
const NAN_CELLS = new Set(['', 'nan', 'NaN', 'NA', 'null']);
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * A dataset from a CSV file with a header row: `labelColumn` holds integer labels in [0, 255],
 * every other column a numeric feature. Features are stored as bytes when every value is an
 * integer in [0, 255] (pixels), else as float32.
 */
export async function readCsvDataset(file: UploadedFile, options: CsvOptions): Promise<LabelledDataset> {
  const parser = createReadStream(file.path).pipe(parseCsv({ trim: true, skip_empty_lines: true, info: true }));
  let labelIndex = -1;
  let width = 0;
  let features = new Float32Array(1024);
  let labels = new Int32Array(64);
  let rows = 0;
  let bytesLike = true;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (labelIndex < 0) {
        labelIndex = record.indexOf(options.labelColumn);
        if (labelIndex < 0) {
          throw new DataError(`label_column: ${JSON.stringify(options.labelColumn)} is not a column of ${file.field}; its columns are: ${record.join(', ')}`, {
            field: 'label_column',
          });
        }
        width = record.length;
        if (width < 2) throw new DataError(`${file.field}: needs the label column and at least one feature column`, { field: file.field });
        continue;
      }
      const line = info.lines;
      if (record.length !== width) {
        throw new DataError(`${file.field}: line ${line} has ${record.length} cells but the header has ${width}`, { field: file.field });
      }
      const cols = width - 1;
      if ((rows + 1) * cols > features.length) features = grown(features, Math.max(features.length * 2, (rows + 1) * cols));
      if (rows + 1 > labels.length) labels = grown(labels, labels.length * 2);
      if ((rows + 1) * cols * 4 > options.maxBytes) {
        throw new DataTooLargeError(`${file.field}: the features take more than the limit of ${options.maxBytes} bytes`, { field: file.field });
      }
      let column = 0;
      for (let c = 0; c < width; c++) {
        const cell = record[c];
        if (c === labelIndex) {
          const label = Number(cell);
          if (!/^[+-]?\d+$/.test(cell) || label < 0 || label > 255) {
            throw new DataError(`${file.field}: line ${line}: label ${JSON.stringify(cell)} is not an integer in [0, 255]`, { field: file.field });
          }
          labels[rows] = label;
          continue;
        }
        const value = featureValue(cell, () => `${file.field}: line ${line}, column ${c + 1}`);
        if (bytesLike && !(Number.isInteger(value) && value >= 0 && value <= 255)) bytesLike = false;
        features[rows * cols + column++] = value;
      }
      rows++;
    }
  } catch (error) {
    if (error instanceof CsvError) throw new DataError(`${file.field}: not a valid CSV file (${error.message})`, { field: file.field });
    throw error;
  }
  if (labelIndex < 0) throw new DataError(`${file.field}: empty CSV file (no header row)`, { field: file.field });
  if (rows === 0) throw new DataError(`${file.field}: the CSV file has a header but no rows`, { field: file.field });
  const cols = width - 1;
  const used = features.subarray(0, rows * cols);
  const y = labels.slice(0, rows);
  return {
    X: { data: bytesLike ? Uint8Array.from(used) : used.slice(), rows, cols },
    y,
    classes: uniqueLabels(y),
    nTrain: rows,
    imageShape: null,
  };
}

function featureValue(cell: string, where: () => string): number {
  if (NAN_CELLS.has(cell)) return NaN;
  const value = Number(cell);
  if (!DECIMAL.test(cell) || Math.abs(value) > FLOAT32_MAX) {
    throw new DataError(`${where()}: ${JSON.stringify(cell)} is not a number${DECIMAL.test(cell) ? ' in float32 range' : ''}`);
  }
  return value;
}

function grown<T extends Float32Array | Int32Array>(array: T, length: number): T {
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  return next;
}
