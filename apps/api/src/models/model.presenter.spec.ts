import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presentBinaryPredictions, presentPredictions } from './model.presenter';

describe('presentBinaryPredictions', () => {
  it('writes the labels as int32, then the probabilities as float32, row-major and little-endian', () => {
    const proba = { data: Float32Array.of(0.25, 0.5, 0.25, 0.7, 0.1, 0.2), rows: 2, cols: 3 };
    const classes = [3, 5, 8];
    const binary = presentBinaryPredictions(classes, proba);
    assert.equal(binary.instances, 2);
    assert.deepEqual(binary.classes, classes);
    assert.equal(binary.body.length, 2 * 4 + 6 * 4);
    assert.deepEqual([binary.body.readInt32LE(0), binary.body.readInt32LE(4)], [5, 3]);
    assert.deepEqual(
      Array.from({ length: 6 }, (_, i) => binary.body.readFloatLE(8 + 4 * i)),
      Array.from(proba.data),
    );
    // The same labels as the JSON form, ties going to the first class.
    const tie = { data: Float32Array.of(0.5, 0.5, 0), rows: 1, cols: 3 };
    assert.equal(presentBinaryPredictions(classes, tie).body.readInt32LE(0), presentPredictions('m', classes, tie).predictions[0].label);
    assert.equal(presentBinaryPredictions(classes, tie).body.readInt32LE(0), 3);
  });
});
