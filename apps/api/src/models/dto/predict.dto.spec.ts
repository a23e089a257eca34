import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import { InvalidParameterError, type TrainingFeatures } from '@mnist-lab/ml';
import { MAX_PREDICT_INSTANCES, parseInstanceBytes, parseInstances, parsePredictRequest, predictInput, type PredictTarget } from './predict.dto';

const model = (features: TrainingFeatures): PredictTarget => ({ id: 'abc', features });
const MNIST = model({ dtype: 'uint8', n_features: 784, image_shape: [28, 28] });
const TINY = model({ dtype: 'uint8', n_features: 16, image_shape: [4, 4] });
const TABLE = model({ dtype: 'float32', n_features: 3, image_shape: null });

const row = (width: number, value = 0) => new Array<number>(width).fill(value);

/** The field and the detail of the 400 that `parse` throws. */
function rejection(parse: () => unknown): { field: string; message: string } {
  try {
    parse();
  } catch (error) {
    if (error instanceof InvalidParameterError) return { field: error.path, message: error.detail };
    throw error;
  }
  throw new Error('expected the request to be rejected');
}

const json = (body: unknown, target: PredictTarget) => predictInput(parsePredictRequest('application/json', body), target);
const binary = (contentType: string, bytes: Buffer, target: PredictTarget) => predictInput(parsePredictRequest(contentType, bytes), target);

function float32Bytes(values: readonly number[], offset = 0): Buffer {
  const bytes = Buffer.alloc(offset + 4 * values.length).subarray(offset);
  values.forEach((value, k) => bytes.writeFloatLE(value, 4 * k));
  return bytes;
}

describe('JSON instances', () => {
  it("packs rows of a byte model's width into one byte matrix, row by row", () => {
    const second = row(16);
    second[0] = 255;
    second[15] = 7;
    const X = parseInstances([row(16, 1), second], TINY);
    assert.ok(X.data instanceof Uint8Array);
    assert.deepEqual([X.rows, X.cols, X.data[0], X.data[16], X.data[31]], [2, 16, 1, 255, 7]);
    assert.equal(parseInstances([row(784)], MNIST).cols, 784);
  });

  it("packs rows of a float model's width into float32, negative, fractional and large values alike", () => {
    const input = json({ instances: [[-1.5, 0.001, 1e4], [3, -50, 3.4e38]] }, TABLE);
    assert.ok(input.kind === 'instances' && input.X.data instanceof Float32Array);
    assert.deepEqual([input.X.rows, input.X.cols], [2, 3]);
    assert.deepEqual(Array.from(input.X.data), [-1.5, 0.001, 1e4, 3, -50, 3.4e38].map(Math.fround));
  });

  it("names the instance whose width is not the model's, with the width it expects", () => {
    assert.deepEqual(rejection(() => parseInstances([row(3), row(784)], TABLE)), {
      field: 'instances[1]',
      message: 'must be a list of 3 values (model abc has 3 float32 features); got 784 values',
    });
    assert.deepEqual(rejection(() => parseInstances([row(15)], TINY)), {
      field: 'instances[0]',
      message: 'must be a list of 16 values (model abc has 16 byte features, a 4x4 image row by row); got 15 values',
    });
    assert.match(rejection(() => parseInstances([row(784), row(784).slice(1)], MNIST)).message, /^must be a list of 784 values .*28x28 image.*; got 783 values$/);
    for (const [bad, got] of [[5, 'got 5'], [[row(3)], 'got 1 value'], [[1, 2], 'got 2 values'], [null, 'got null'], [{ a: 1 }, 'got an object']] as const) {
      const error = rejection(() => parseInstances([row(3), bad], TABLE));
      assert.equal(error.field, 'instances[1]');
      assert.match(error.message, new RegExp(`${got}$`.replace(/[[\]]/g, '\\$&')));
    }
  });

  it('checks every width before allocating: a bad last row is found before the values are read', () => {
    // A bad value in row 0 and a bad width in row 2: the width is what is reported.
    const rows: unknown[][] = [row(3), row(3), row(2)];
    rows[0][0] = 'x';
    assert.equal(rejection(() => parseInstances(rows, TABLE)).field, 'instances[2]');
  });

  it("names the value a byte model cannot take: anything but an integer in [0, 255]", () => {
    for (const [value, got] of [[256, 'got 256'], [-1, 'got -1'], [1.5, 'got 1.5'], ['12', 'got "12"'], [null, 'got null'], [true, 'got true'], [[1], 'got a list']] as const) {
      const bad: unknown[] = row(16);
      bad[5] = value;
      const error = rejection(() => parseInstances([row(16), row(16), row(16), bad], TINY));
      assert.equal(error.field, 'instances[3][5]');
      assert.ok(error.message.startsWith(`must be an integer in [0, 255]; ${got} `), error.message);
      assert.match(error.message, /model abc was trained on bytes/);
    }
  });

  it('names the value a float model cannot take: a non-number, or a number that is not a finite float32', () => {
    for (const [value, got] of [['1.5', 'got "1.5"'], [null, 'got null'], [false, 'got false'], [{}, 'got an object'], [1e39, 'got 1e+39'], [-Infinity, 'got -Infinity'], [NaN, 'got NaN']] as const) {
      const bad: unknown[] = [0.5, 1, 2];
      bad[2] = value;
      assert.deepEqual(rejection(() => parseInstances([[1, 2, 3], bad], TABLE)), { field: 'instances[1][2]', message: `must be a finite number in float32 range; ${got}` });
    }
  });

  it('rejects a body that is not {"instances": [...]} with 1 to the maximum number of instances, before any model is known', () => {
    const request = (body: unknown) => rejection(() => parsePredictRequest('application/json', body));
    assert.equal(request([row(3)]).field, 'instances');
    assert.equal(request(null).field, 'instances');
    assert.deepEqual(request({}), { field: 'instances', message: 'is required' });
    assert.deepEqual(request({ instances: [] }), { field: 'instances', message: 'must hold at least one instance' });
    assert.deepEqual(request({ instances: 'x' }), { field: 'instances', message: 'must be a list of instances; got "x"' });
    assert.equal(request({ instances: [row(3)], extra: 1 }).field, 'extra');
    const tooMany = new Array(MAX_PREDICT_INSTANCES + 1).fill(row(3));
    assert.deepEqual(request({ instances: tooMany }), { field: 'instances', message: `must hold at most ${MAX_PREDICT_INSTANCES} instances; got ${MAX_PREDICT_INSTANCES + 1}` });
    assert.equal(parsePredictRequest('application/vnd.api+json', { instances: [row(3)] }).kind, 'json');
  });
});

describe('binary instances', () => {
  it("takes a byte model's rows as that many bytes each, in place", () => {
    const bytes = Buffer.alloc(3 * 16 + 8).subarray(8).fill(7);
    const input = binary('application/octet-stream', bytes, TINY);
    assert.ok(input.kind === 'instances');
    assert.deepEqual([input.X.rows, input.X.cols, input.X.data[47], input.X.data.length], [3, 16, 7, 48]);
    assert.equal(input.X.data.buffer, bytes.buffer, 'a view of the body, not a copy');
    assert.equal(binary('application/octet-stream; dtype=uint8', Buffer.alloc(784), MNIST).kind, 'instances');
  });

  it("takes a float model's rows as little-endian float32 (dtype=float32), aligned or not", () => {
    const values = [-1.5, 0.001, 1e4, 3, -50, 7];
    for (const offset of [0, 1]) {
      const input = binary('application/octet-stream; dtype=float32', float32Bytes(values, offset), TABLE);
      assert.ok(input.kind === 'instances' && input.X.data instanceof Float32Array);
      assert.deepEqual([input.X.rows, input.X.cols], [2, 3]);
      assert.deepEqual(Array.from(input.X.data), values.map(Math.fround), `at byte offset ${offset}`);
    }
    assert.equal(binary('Application/Octet-Stream; DType=FLOAT32', float32Bytes([1, 2, 3]), TABLE).kind, 'instances');
  });

  it('names the body when it is not whole instances, with the width expected and the bytes received', () => {
    assert.deepEqual(rejection(() => parseInstanceBytes(Buffer.alloc(2 * 16 + 5), 'uint8', TINY)), {
      field: 'body',
      message: 'must hold whole instances of 16 bytes each (model abc takes 16 byte features, a 4x4 image row by row); got 37 bytes (2 instances and 5 bytes over)',
    });
    assert.deepEqual(rejection(() => parseInstanceBytes(Buffer.alloc(14), 'float32', TABLE)), {
      field: 'body',
      message: 'must hold whole instances of 12 bytes each (model abc takes 3 float32 features); got 14 bytes (1 instance and 2 bytes over)',
    });
    assert.match(rejection(() => parseInstanceBytes(Buffer.alloc(784 * 2 + 5), 'uint8', MNIST)).message, /whole instances of 784 bytes each .*got 1573 bytes \(2 instances and 5 bytes over\)/);
    assert.deepEqual(rejection(() => parseInstanceBytes(Buffer.alloc((MAX_PREDICT_INSTANCES + 1) * 16), 'uint8', TINY)), {
      field: 'body',
      message: `must hold at most ${MAX_PREDICT_INSTANCES} instances; got ${MAX_PREDICT_INSTANCES + 1} of 16 bytes`,
    });
    for (const body of [Buffer.alloc(0), undefined, 'text']) {
      assert.equal(rejection(() => parsePredictRequest('application/octet-stream', body)).field, 'body');
    }
  });

  it('names the instance and feature of a NaN or infinite float32', () => {
    for (const [value, got] of [[NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity']] as const) {
      assert.deepEqual(rejection(() => parseInstanceBytes(float32Bytes([1, 2, 3, 4, value, 6]), 'float32', TABLE)), {
        field: 'body',
        message: `instance 1, feature 1: must be a finite float32; got ${got}`,
      });
    }
  });

  it('refuses a dtype the model was not trained on, saying what to send', () => {
    assert.deepEqual(rejection(() => binary('application/octet-stream', Buffer.alloc(12), TABLE)), {
      field: 'content-type',
      message: 'dtype=uint8 does not fit model abc, which takes 3 float32 features: send them as application/octet-stream; dtype=float32, or as JSON',
    });
    assert.deepEqual(rejection(() => binary('application/octet-stream; dtype=float32', Buffer.alloc(64), TINY)), {
      field: 'content-type',
      message: 'dtype=float32 does not fit model abc, which takes 16 byte features, a 4x4 image row by row: send them as application/octet-stream (bytes, without a dtype), or as JSON',
    });
  });

  it('refuses an unknown dtype or a malformed Content-Type with 415', () => {
    assert.throws(() => parsePredictRequest('application/octet-stream; dtype=float64', Buffer.alloc(8)), (error: unknown) => error instanceof UnsupportedMediaTypeException && /dtype="float64"/.test(error.message));
    assert.throws(() => parsePredictRequest('application/octet-stream; dtype', Buffer.alloc(8)), UnsupportedMediaTypeException);
  });
});

describe('PNG and media types', () => {
  it('takes a PNG only for a model trained on 28x28 byte images', () => {
    const png = Buffer.from([1, 2, 3]);
    assert.deepEqual(predictInput(parsePredictRequest('image/png', png), MNIST), { kind: 'png', image: png });
    for (const other of [TINY, TABLE, model({ dtype: 'float32', n_features: 784, image_shape: [28, 28] }), model({ dtype: 'uint8', n_features: 784, image_shape: null })]) {
      const error = rejection(() => predictInput(parsePredictRequest('image/png', png), other));
      assert.equal(error.field, 'content-type');
      assert.match(error.message, new RegExp(`^image/png is only for models trained on 28x28 byte images; model abc takes ${other.features.n_features} `));
    }
    assert.equal(rejection(() => parsePredictRequest('image/png', undefined)).field, 'image');
  });

  it('refuses other media types with 415', () => {
    assert.throws(() => parsePredictRequest('text/plain', 'hello'), UnsupportedMediaTypeException);
    assert.throws(() => parsePredictRequest(undefined, undefined), UnsupportedMediaTypeException);
  });
});
