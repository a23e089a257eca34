import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArtifactError, DataError, InvalidParameterError, NotFittedError } from '../base/errors';
import { matrix } from '../base/matrix';
import { createEstimator, restoreEstimator } from '../base/registry';
import { StandardScaler, standardScalerDescriptor } from './standard-scaler';

/** Columns: 1..3 (var 2/3), 10/20/60 (var 1400/3), a constant 5, a constant float32 0.1. */
const X = matrix(Float32Array.from([1, 10, 5, 0.1, 2, 20, 5, 0.1, 3, 60, 5, 0.1]), 3, 4);

function assertClose(actual: ArrayLike<number>, expected: readonly number[], tolerance = 1e-12): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((value, i) => assert.ok(Math.abs(actual[i] - value) <= tolerance, `[${i}]: ${actual[i]} vs ${value}`));
}

describe('StandardScaler', () => {
  it('learns float64 means, population variances, and scale 1 for constant features', async () => {
    const scaler = await new StandardScaler().fit(X);
    // By hand; scikit-learn 1.2.1 gives the same mean_, var_ and scale_.
    assertClose(scaler.mean_ as Float64Array, [2, 30, 5, Math.fround(0.1)], 0);
    assertClose(scaler.var_ as Float64Array, [2 / 3, 1400 / 3, 0, 0]);
    assertClose(scaler.scale_ as Float64Array, [Math.sqrt(2 / 3), Math.sqrt(1400 / 3), 1, 1]);
    assert.ok(scaler.mean_ instanceof Float64Array);
    assert.equal(scaler.n_features_in_, 4);
    assert.equal(scaler.n_samples_seen_, 3);
  });

  it('transforms to float32 z-scores (scikit-learn: .transform(X).astype(np.float32))', async () => {
    const out = (await new StandardScaler().fit(X)).transform(X);
    assert.ok(out.data instanceof Float32Array);
    assert.deepEqual([out.rows, out.cols], [3, 4]);
    assert.deepEqual(
      [...out.data],
      [
        -1.2247449159622192, -0.9258201122283936, 0, 0,
        0, -0.4629100561141968, 0, 0,
        1.2247449159622192, 1.3887301683425903, 0, 0,
      ],
    );
  });

  it('scales without centering when with_mean is false', async () => {
    const scaler = await new StandardScaler({ with_mean: false }).fit(X);
    assert.deepEqual(
      [...scaler.transform(X).data],
      [
        1.2247449159622192, 0.4629100561141968, 5, 0.10000000149011612,
        2.4494898319244385, 0.9258201122283936, 5, 0.10000000149011612,
        3.674234628677368, 2.7774603366851807, 5, 0.10000000149011612,
      ],
    );
    assert.ok(scaler.mean_ instanceof Float64Array, 'scikit-learn still records mean_');
  });

  it('centers only when with_std is false, and keeps no var_ or scale_', async () => {
    const pixels = matrix(Uint8Array.from([0, 255, 128, 255, 255, 255, 7, 255]), 4, 2);
    const scaler = await new StandardScaler({ with_std: false }).fit(pixels);
    assertClose(scaler.mean_ as Float64Array, [97.5, 255], 0);
    assert.equal(scaler.var_, null);
    assert.equal(scaler.scale_, null);
    assert.deepEqual([...scaler.transform(pixels).data], [-97.5, 0, 30.5, 0, 157.5, 0, -90.5, 0]);
  });

  it('scales uint8 pixels as scikit-learn does', async () => {
    const pixels = matrix(Uint8Array.from([0, 255, 128, 255, 255, 255, 7, 255]), 4, 2);
    const scaler = await new StandardScaler().fit(pixels);
    assertClose(scaler.var_ as Float64Array, [10858.25, 0]);
    assertClose(scaler.scale_ as Float64Array, [104.20292702222908, 1]);
    assert.deepEqual([...scaler.transform(pixels).data], [-0.9356743097305298, 0, 0.29269811511039734, 0, 1.5114738941192627, 0, -0.8684976696968079, 0]);
  });

  it('learns the same means from bytes as from their float copy, and variances to rounding', async () => {
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const pixels = matrix(Uint8Array.from({ length: 997 * 7 }, (_, k) => (k % 7 === 3 ? 9 : next() % 3 === 0 ? next() % 256 : 0)), 997, 7);
    const floats = matrix(Float32Array.from(pixels.data), 997, 7);
    const fromBytes = await new StandardScaler().fit(pixels);
    const fromFloats = await new StandardScaler().fit(floats);
    assert.deepEqual(fromBytes.mean_, fromFloats.mean_);
    const floatVariance = fromFloats.var_ as Float64Array;
    assertClose(fromBytes.var_ as Float64Array, Array.from(floatVariance), 1e-12 * Math.max(...floatVariance));
    assert.equal((fromBytes.var_ as Float64Array)[3], 0);
    assert.equal((fromBytes.scale_ as Float64Array)[3], 1);
  });

  it('checks its input and its state', async () => {
    const scaler = new StandardScaler();
    assert.throws(() => scaler.transform(X), NotFittedError);
    assert.throws(() => scaler.mean_, NotFittedError);
    await assert.rejects(scaler.fit(matrix(new Float32Array(0), 0, 4)), DataError);
    await assert.rejects(scaler.fit(matrix(Float32Array.from([1, Number.NaN]), 1, 2)), /Input X contains NaN or infinity \(row 0, feature 1\)/);
    await scaler.fit(X);
    assert.throws(() => scaler.transform(matrix(new Float32Array(3), 1, 3)), /X has 3 features, but StandardScaler is expecting 4 features as input/);
    assert.throws(() => new StandardScaler({ with_mean: 1 as unknown as boolean }), InvalidParameterError);
  });

  it('is registered, serializes and restores to the same transform', async () => {
    const scaler = createEstimator({ type: 'standard_scaler' });
    assert.ok(scaler instanceof StandardScaler);
    assert.deepEqual(scaler.getParams(), { with_mean: true, with_std: true });
    assert.equal(standardScalerDescriptor.kind, 'transformer');
    await scaler.fit(X);
    const state = scaler.serialize();
    assert.deepEqual(Object.keys(state.arrays).sort(), ['mean_', 'scale_', 'var_']);
    assert.deepEqual(state.attributes, { n_features_in_: 4, n_samples_seen_: 3 });
    const restored = restoreEstimator(state) as StandardScaler;
    assert.deepEqual(restored.transform(X), scaler.transform(X));

    const centeredOnly = await new StandardScaler({ with_std: false }).fit(X);
    assert.deepEqual(Object.keys(centeredOnly.serialize().arrays), ['mean_']);
    assert.deepEqual(StandardScaler.restore(centeredOnly.serialize()).transform(X), centeredOnly.transform(X));

    const truncated = { ...state, arrays: { ...state.arrays, scale_: new Float64Array(3) } };
    assert.throws(() => StandardScaler.restore(truncated), (error: unknown) => error instanceof ArtifactError && /scale_ must be a Float64Array of 4 values/.test(error.message));
  });
});
