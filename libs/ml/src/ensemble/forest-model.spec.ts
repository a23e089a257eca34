import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matrix, rowRange } from '../base/matrix';
import { nativeAddon } from '../native/addon';
import { StandardScaler } from '../preprocessing/standard-scaler';
import { RandomState } from '../utils/random';
import { ForestModel } from './forest-model';
import { RandomForestClassifier } from './random-forest';

describe('ForestModel', () => {
  it('votes exactly as the TypeScript reference with the compiled kernel, for bytes, floats and byte thresholds', async (t) => {
    const addon = nativeAddon();
    if (!addon) return t.skip('turned off by MNIST_LAB_NATIVE=0');
    const rng = new RandomState(3);
    const n = 403; // not a multiple of the four rows walked together
    const F = 12;
    const bytes = Uint8Array.from({ length: n * F }, () => (rng.random() < 0.5 ? 0 : rng.randint(0, 256)));
    const y = Int32Array.from({ length: n }, (_, i) => (bytes[i * F] > 100 ? 1 : bytes[i * F + 5] > 30 ? 2 : rng.randint(0, 4)));
    const X = matrix(bytes, n, F);
    const forest = await new RandomForestClassifier({ n_estimators: 30, random_state: 1, max_depth: 8 }).fit(X, y);
    const { arrays } = forest.serialize();
    const model = ForestModel.fromArrays(arrays, forest.classes_.length, F);
    const scaler = await new StandardScaler().fit(X);
    const floats = scaler.transform(X);
    const map = scaler.monotoneFeatureMap();
    assert.ok(map);
    const byteThresholds = model.byteThresholds(map);
    // A view that starts inside its buffer, as a block of a larger batch does.
    const view = rowRange(X, 7, n);
    for (const [input, thresholds] of [[X, model.threshold], [floats, model.threshold], [X, byteThresholds], [view, model.threshold]] as const) {
      assert.deepEqual(model.predict(input, thresholds, addon), model.predict(input, thresholds, null));
    }
  });
});
