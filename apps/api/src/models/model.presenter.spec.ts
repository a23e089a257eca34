import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presentBinaryPredictions, presentPredictions } from './model.presenter';

describe('presentBinaryPredictions', () => {
  it('writes the labels as int32, then the probabilities as float32, row-major and little-endian', () => {
    const proba = { data: Float32Array.of(0.25, 0.5, 0.25, 0.7, 0.1, 0.2), rows: 2, cols: 3 };
    const classes = [3, 5, 8];
    const binary = presentBinaryPredictions(classes, { labels: Int32Array.of(5, 3), proba });
    assert.equal(binary.instances, 2);
    assert.deepEqual(binary.classes, classes);
    assert.equal(binary.body.length, 2 * 4 + 6 * 4);
    assert.deepEqual([binary.body.readInt32LE(0), binary.body.readInt32LE(4)], [5, 3]);
    assert.deepEqual(
      Array.from({ length: 6 }, (_, i) => binary.body.readFloatLE(8 + 4 * i)),
      Array.from(proba.data),
    );
  });
});

describe('served labels', () => {
  // A one-vs-one model's vote winner need not be its most probable class: the label served is the
  // classifier's predict, in both forms, never the argmax of the probabilities.
  const classes = [3, 5, 8];
  const predicted = { labels: Int32Array.of(8), proba: { data: Float32Array.of(0.2, 0.45, 0.35), rows: 1, cols: 3 } };

  it('are the predicted labels in JSON', () => {
    const json = presentPredictions('m', classes, predicted);
    assert.equal(json.predictions[0].label, 8);
    assert.deepEqual(json.predictions[0].probabilities, { '3': Math.fround(0.2), '5': Math.fround(0.45), '8': Math.fround(0.35) });
  });

  it('are the predicted labels in the binary form', () => {
    assert.equal(presentBinaryPredictions(classes, predicted).body.readInt32LE(0), 8);
  });
});
