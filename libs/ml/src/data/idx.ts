import { DataError } from '../base/errors';

/**
 * An IDX array (the format of the original MNIST files, http://yann.lecun.com/exdb/mnist/):
 * `dims` from the header, `data` the row-major unsigned bytes that follow it.
 */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/** The type codes the IDX header may carry; only unsigned bytes are read here (MNIST uses nothing else). */
const IDX_TYPES: Readonly<Record<number, string>> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};
const UNSIGNED_BYTE = 0x08;

/**
 * Parses an IDX file: two zero bytes, a type code, the number of dimensions, then each dimension
 * as a big-endian uint32, then the data. `data` is a view into `bytes` (no copy). `source` names the
 * file in error messages.
 */
export function parseIdx(bytes: Uint8Array, source = 'IDX data'): IdxArray {
  const header = parseIdxHeader(bytes, source);
  if (header === undefined) throw truncatedHeader(bytes, source);
  const actual = bytes.length - header.headerBytes;
  if (actual !== header.dataBytes) {
    throw new DataError(
      `${source}: IDX header says ${header.dims.join(' x ')} = ${header.dataBytes} data bytes but the file has ${actual}` +
        (actual < header.dataBytes ? ' (truncated)' : ' (trailing bytes)'),
    );
  }
  return { dims: header.dims, data: bytes.subarray(header.headerBytes) };
}

/** What an IDX header declares: the dimensions, its own length and the number of data bytes after it. */
export interface IdxHeader {
  readonly dims: readonly number[];
  readonly headerBytes: number;
  readonly dataBytes: number;
}

/**
 * The header at the start of `bytes`, or undefined when `bytes` ends before the header does (a
 * stream reader asks again with more). Throws on a bad magic number or an unsupported type.
 */
export function parseIdxHeader(bytes: Uint8Array, source = 'IDX data'): IdxHeader | undefined {
  if (bytes.length >= 2 && (bytes[0] !== 0 || bytes[1] !== 0)) {
    const magic = Array.from(bytes.subarray(0, 4), (byte) => hex(byte, 2)).join('');
    throw new DataError(`${source}: not an IDX file: bad magic number 0x${magic} (must start with two zero bytes)`);
  }
  if (bytes.length < 4) return undefined;
  const typeCode = bytes[2];
  if (typeCode !== UNSIGNED_BYTE) {
    const known = IDX_TYPES[typeCode];
    throw new DataError(
      `${source}: unsupported IDX data type 0x${hex(typeCode, 2)}${known ? ` (${known})` : ' (unknown)'}; only 0x08 (unsigned byte) is supported`,
    );
  }
  const nDims = bytes[3];
  if (nDims === 0) throw new DataError(`${source}: IDX header declares 0 dimensions`);
  const headerBytes = 4 + 4 * nDims;
  if (bytes.length < headerBytes) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
  const dims: number[] = [];
  for (let d = 0; d < nDims; d++) dims.push(view.getUint32(4 + 4 * d));
  return { dims, headerBytes, dataBytes: dims.reduce((product, size) => product * size, 1) };
}

/** The error for `bytes`, a whole file, that ends before its header does. */
export function truncatedHeader(bytes: Uint8Array, source: string): DataError {
  if (bytes.length < 4) return new DataError(`${source}: not an IDX file: ${bytes.length} bytes, shorter than the 4-byte magic number`);
  const headerBytes = 4 + 4 * bytes[3];
  return new DataError(`${source}: truncated IDX header: ${bytes[3]} dimensions need ${headerBytes} bytes but the file has ${bytes.length}`);
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

/** The inverse of `parseIdx`: an unsigned-byte IDX file holding `data` with shape `dims`. */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const size = dims.reduce((product, d) => product * d, 1);
  if (data.length !== size) throw new RangeError(`encodeIdx: data has ${data.length} bytes, expected ${dims.join(' x ')} = ${size}`);
  const headerBytes = 4 + 4 * dims.length;
  const out = new Uint8Array(headerBytes + data.length);
  const view = new DataView(out.buffer);
  out[2] = UNSIGNED_BYTE;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(data, headerBytes);
  return out;
}
