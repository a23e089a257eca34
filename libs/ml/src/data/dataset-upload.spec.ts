import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DataError } from '../base/errors';
import { datasetFileParts, datasetSha256, parseDatasetFile, trainingDataset } from './dataset-file';
import { DataTooLargeError, readCsvDataset, readIdxDataset } from './dataset-upload';
import { describeDataset } from './describe';
import { encodeIdx } from './idx';

const dir = mkdtempSync(join(tmpdir(), 'dataset-upload-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const LIMITS = { maxBytes: 1 << 20 };

function file(name: string, contents: Uint8Array | string) {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return { path, field: name.split('.')[0] };
}

/** 3 images of 2 x 2 pixels, labels 7, 1, 7. */
const IMAGES = encodeIdx([3, 2, 2], Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]));
const LABELS = encodeIdx([3], Uint8Array.from([7, 1, 7]));

function rejects(promise: Promise<unknown>, type: new (...args: never[]) => Error, pattern: RegExp) {
  return assert.rejects(promise, (error: unknown) => error instanceof type && pattern.test(error.message));
}

describe('readIdxDataset', () => {
  it('reads raw and gzipped files to the same dataset, with its image shape', async () => {
    const raw = await readIdxDataset(file('images.raw', IMAGES), file('labels.raw', LABELS), LIMITS);
    const gzipped = await readIdxDataset(file('images.gz', gzipSync(IMAGES)), file('labels.gz', gzipSync(LABELS)), LIMITS);
    assert.deepEqual([...raw.X.data], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]);
    assert.deepEqual({ rows: raw.X.rows, cols: raw.X.cols, shape: raw.imageShape, y: [...raw.y] }, { rows: 3, cols: 4, shape: [2, 2], y: [7, 1, 7] });
    assert.equal(datasetSha256(datasetFileParts(gzipped)), datasetSha256(datasetFileParts(raw)));
  });

  it('refuses a wrong magic number, different counts and a header that promises more than the body', async () => {
    await rejects(readIdxDataset(file('images.txt', 'hello world'), file('labels.ok', LABELS), LIMITS), DataError, /images: not an IDX file: bad magic number 0x68656c6c/);
    await rejects(readIdxDataset(file('images.ok', IMAGES), file('labels.two', encodeIdx([2], Uint8Array.from([1, 2]))), LIMITS), DataError, /has 3 images but labels has 2 labels/);
    const lying = Uint8Array.from(IMAGES);
    new DataView(lying.buffer).setUint32(8, 1000);
    await rejects(readIdxDataset(file('images.lie', lying), file('labels.ok', LABELS), LIMITS), DataError, /3 x 1000 x 2 = 6000 data bytes but the file has 12 \(truncated\)/);
    await rejects(readIdxDataset(file('images.liegz', gzipSync(lying)), file('labels.ok', LABELS), LIMITS), DataError, /data bytes but the file has 12 \(truncated\)/);
  });

  it('refuses a truncated gzip file, and a header over the limit before reading the body', async () => {
    const gzipped = gzipSync(IMAGES);
    await rejects(readIdxDataset(file('images.cut', gzipped.subarray(0, gzipped.length - 6)), file('labels.ok', LABELS), LIMITS), DataError, /images: truncated gzip file/);
    await rejects(readIdxDataset(file('images.ok', IMAGES), file('labels.ok', LABELS), { maxBytes: 20 }), DataTooLargeError, /declares 28 bytes, over the limit of 20/);
  });
});

describe('readCsvDataset', () => {
  const csv = (text: string, labelColumn = 'label') => readCsvDataset(file('data.csv', text), { ...LIMITS, labelColumn });

  it('keeps byte features as bytes, others as float32 with NaN for empty cells', async () => {
    const bytes = await csv('a,label,b\n1,3,2\n255,0,0\n');
    assert.ok(bytes.X.data instanceof Uint8Array);
    assert.deepEqual([...bytes.X.data, ...bytes.y], [1, 2, 255, 0, 3, 0]);
    const floats = await csv('label,a,b\n1,0.5,\n2,-1e3,4\n');
    assert.ok(floats.X.data instanceof Float32Array);
    const summary = describeDataset(floats);
    assert.deepEqual({ nan: summary.nan_count, min: summary.min, max: summary.max, classes: summary.classes }, {
      nan: 1,
      min: -1000,
      max: 4,
      classes: [{ label: 1, count: 1 }, { label: 2, count: 1 }],
    });
    assert.throws(() => trainingDataset(floats, 'floats'), /^InvalidParameterError: dataset: floats has 1 NaN feature value; training needs finite features/);
    const finite = await csv('label,a\n1,0.5\n2,-1e3\n');
    assert.equal(trainingDataset(finite, 'finite').X.data, finite.X.data, 'float32 features are trained on as they are');
  });

  it('names the line of a short row, a non-numeric cell and a label out of range', async () => {
    await rejects(csv('label,a\n1,2\n3\n'), DataError, /data: not a valid CSV file .*(record|line) 3/i);
    await rejects(csv('label,a\n1,2\n3,x7\n'), DataError, /line 3, column 2: "x7" is not a number/);
    await rejects(csv('label,a\n256,2\n'), DataError, /line 2: label "256" is not an integer in \[0, 255\]/);
    await rejects(csv('label,a\n1,2\n', 'digit'), DataError, /"digit" is not a column of data; its columns are: label, a/);
  });
});

describe('dataset files', () => {
  it('round-trip through their canonical bytes, and equal data has one sha256', async () => {
    const dataset = await readIdxDataset(file('images.rt', IMAGES), file('labels.rt', LABELS), LIMITS);
    const parts = datasetFileParts(dataset);
    const bytes = new Uint8Array(Buffer.concat(parts));
    const back = parseDatasetFile(bytes);
    assert.deepEqual({ X: [...back.X.data], y: [...back.y], shape: back.imageShape, nTrain: back.nTrain }, { X: [...dataset.X.data], y: [7, 1, 7], shape: [2, 2], nTrain: 3 });
    assert.equal(datasetSha256(datasetFileParts(back)), datasetSha256(parts));
    assert.throws(() => parseDatasetFile(bytes.slice(0, bytes.length - 1)), /the file has/);
  });
});
