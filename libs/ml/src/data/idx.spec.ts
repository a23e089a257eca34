import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataError } from '../base/errors';
import { encodeIdx, parseIdx } from './idx';

/** A 2 x 3 unsigned-byte IDX file written out byte by byte, as the format describes it. */
const handMade = Uint8Array.from([
  0x00, 0x00, 0x08, 0x02, // magic: ubyte, 2 dimensions
  0x00, 0x00, 0x00, 0x02, // 2 rows
  0x00, 0x00, 0x00, 0x03, // 3 columns
  1, 2, 3, 250, 251, 252,
]);

function assertDataError(bytes: Uint8Array, pattern: RegExp): void {
  assert.throws(() => parseIdx(bytes, 'test.idx'), (error: unknown) => error instanceof DataError && pattern.test(error.message));
}

describe('parseIdx', () => {
  it('reads big-endian dimensions and the bytes after the header', () => {
    const parsed = parseIdx(handMade);
    assert.deepEqual(parsed.dims, [2, 3]);
    assert.deepEqual([...parsed.data], [1, 2, 3, 250, 251, 252]);
  });

  it('reads dimensions larger than one byte (MNIST: 60000 = 0x0000ea60)', () => {
    const bytes = Uint8Array.from([0, 0, 8, 1, 0x00, 0x00, 0xea, 0x60, ...new Uint8Array(60000)]);
    assert.deepEqual(parseIdx(bytes).dims, [60000]);
  });

  it('returns a view, not a copy, even of a buffer that starts at an offset', () => {
    const backing = new Uint8Array(handMade.length + 5);
    backing.set(handMade, 5);
    const parsed = parseIdx(backing.subarray(5));
    assert.equal(parsed.data.buffer, backing.buffer);
    assert.deepEqual([...parsed.data], [1, 2, 3, 250, 251, 252]);
  });

  it('round-trips with encodeIdx', () => {
    const data = Uint8Array.from({ length: 24 }, (_, i) => i * 10);
    const parsed = parseIdx(encodeIdx([2, 3, 4], data));
    assert.deepEqual(parsed.dims, [2, 3, 4]);
    assert.deepEqual(parsed.data, data);
    assert.deepEqual(encodeIdx([2, 3], handMade.subarray(12)), handMade);
  });

  it('rejects a bad magic number', () => {
    assertDataError(Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0]), /test\.idx: not an IDX file: bad magic number 0x1f8b0800/);
  });

  it('rejects input shorter than the magic number', () => {
    assertDataError(Uint8Array.from([0, 0]), /not an IDX file: 2 bytes/);
  });

  it('names an unsupported data type', () => {
    assertDataError(Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]), /unsupported IDX data type 0x0d \(float32\); only 0x08/);
    assertDataError(Uint8Array.from([0, 0, 0x42, 1, 0, 0, 0, 0]), /unsupported IDX data type 0x42 \(unknown\)/);
  });

  it('rejects a header with no dimensions', () => {
    assertDataError(Uint8Array.from([0, 0, 8, 0]), /declares 0 dimensions/);
  });

  it('rejects a truncated header', () => {
    assertDataError(handMade.subarray(0, 9), /truncated IDX header: 2 dimensions need 12 bytes but the file has 9/);
  });

  it('says how many data bytes the header promised and how many the file has', () => {
    assertDataError(handMade.subarray(0, handMade.length - 2), /header says 2 x 3 = 6 data bytes but the file has 4 \(truncated\)/);
    assertDataError(Uint8Array.from([...handMade, 0]), /header says 2 x 3 = 6 data bytes but the file has 7 \(trailing bytes\)/);
  });
});
