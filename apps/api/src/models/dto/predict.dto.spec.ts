import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import { InvalidParameterError } from '@mnist-lab/ml';
import { MAX_PREDICT_INSTANCES, N_PIXELS, parseInstances, parsePredictRequest } from './predict.dto';

const image = (value = 0) => new Array<number>(N_PIXELS).fill(value);

const rejection = (body: unknown): { field: string; message: string } => {
  try {
    parseInstances(body);
  } catch (error) {
    if (error instanceof InvalidParameterError) return { field: error.path, message: error.detail };
    throw error;
  }
  throw new Error('expected the body to be rejected');
};

describe('parseInstances', () => {
  it('packs valid instances into one byte matrix, row by row', () => {
    const second = image(0);
    second[0] = 255;
    second[783] = 7;
    const X = parseInstances({ instances: [image(1), second] });
    assert.equal(X.rows, 2);
    assert.equal(X.cols, N_PIXELS);
    assert.equal(X.data[0], 1);
    assert.equal(X.data[N_PIXELS], 255);
    assert.equal(X.data[2 * N_PIXELS - 1], 7);
  });

  it('names the instance or the pixel that is wrong', () => {
    const values: [unknown, RegExp][] = [
      [256, /got 256/],
      [-1, /got -1/],
      [1.5, /got 1.5/],
      ['12', /got "12"/],
      [null, /got null/],
      [true, /got true/],
    ];
    for (const [value, message] of values) {
      const bad = image();
      bad[17] = value as number;
      const error = rejection({ instances: [image(), image(), image(), bad] });
      assert.equal(error.field, 'instances[3][17]');
      assert.match(error.message, /must be an integer in \[0, 255\]/);
      assert.match(error.message, message);
    }
    assert.deepEqual(rejection({ instances: [image(), image().slice(1)] }), {
      field: 'instances[1]',
      message: `must be a list of ${N_PIXELS} pixel values (28x28, row by row); got 783 values`,
    });
    assert.equal(rejection({ instances: [image(), 5] }).field, 'instances[1]');
    assert.equal(rejection({ instances: [image(), [image()]] }).field, 'instances[1]');
  });

  it('rejects a body that is not {"instances": [...]} with at most the maximum', () => {
    assert.equal(rejection([image()]).field, 'instances');
    assert.equal(rejection({}).field, 'instances');
    assert.equal(rejection({ instances: [] }).field, 'instances');
    assert.equal(rejection({ instances: 'x' }).field, 'instances');
    assert.equal(rejection({ instances: [image()], extra: 1 }).field, 'extra');
    const tooMany = new Array(MAX_PREDICT_INSTANCES + 1).fill(image());
    assert.match(rejection({ instances: tooMany }).message, new RegExp(`at most ${MAX_PREDICT_INSTANCES}`));
  });
});

describe('parsePredictRequest', () => {
  it('takes JSON instances or the bytes of a PNG, by content type', () => {
    assert.equal(parsePredictRequest('application/json; charset=utf-8', { instances: [image()] }).kind, 'instances');
    const png = parsePredictRequest('image/png', Buffer.from([1, 2, 3]));
    assert.equal(png.kind, 'png');
    assert.throws(() => parsePredictRequest('image/png', undefined), InvalidParameterError);
    assert.throws(() => parsePredictRequest('text/plain', 'hello'), UnsupportedMediaTypeException);
    assert.throws(() => parsePredictRequest(undefined, undefined), UnsupportedMediaTypeException);
  });

  it('takes raw bytes as whole images of 784 pixels, and names the body when they are not', () => {
    const bytes = Buffer.alloc(3 * N_PIXELS + 8).subarray(8).fill(7);
    const input = parsePredictRequest('application/octet-stream', bytes);
    assert.ok(input.kind === 'instances');
    assert.deepEqual([input.X.rows, input.X.cols, input.X.data[0], input.X.data.length], [3, N_PIXELS, 7, 3 * N_PIXELS]);
    for (const body of [Buffer.alloc(N_PIXELS + 1), Buffer.alloc(0), undefined]) {
      assert.throws(
        () => parsePredictRequest('application/octet-stream', body),
        (error: unknown) => error instanceof InvalidParameterError && error.path === 'body',
      );
    }
  });
});
