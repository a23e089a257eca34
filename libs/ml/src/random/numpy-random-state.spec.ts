import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NumpyRandomState } from './numpy-random-state';
import { sampleWithoutReplacement } from './sample-without-replacement';
import { asFixtureIndices, sklearnFixture } from './sklearn-fixture';

describe('NumpyRandomState matches numpy 1.24 RandomState (fixtures from generate.py)', () => {
  it('was compared against the versions the fixtures name', () => {
    assert.deepEqual(sklearnFixture.versions, { numpy: '1.24.2', scipy: '1.10.1', 'scikit-learn': '1.2.1' });
  });

  it('seeds like init_genrand (an int) and init_by_array (a list), across several state refills', () => {
    for (const { seed, uint32, random_sample } of sklearnFixture.mt19937) {
      const words = new NumpyRandomState(seed);
      assert.deepEqual(Array.from({ length: uint32.length }, () => words.nextUint32()), uint32, `seed ${JSON.stringify(seed).slice(0, 20)}`);
      const doubles = new NumpyRandomState(seed);
      assert.deepEqual(Array.from({ length: random_sample.length }, () => doubles.randomSample()), random_sample);
    }
  });

  it('draws randint(low, high) by masked rejection, 32- and 64-bit ranges, consuming what numpy consumes', () => {
    for (const { seed, low, high, values, next_uint32 } of sklearnFixture.randint) {
      const rng = new NumpyRandomState(seed);
      assert.deepEqual(Array.from({ length: values.length }, () => rng.randint(low, high)), values, `randint(${low}, ${high})`);
      assert.equal(rng.nextUint32(), next_uint32, `words consumed by randint(${low}, ${high})`);
    }
  });

  it('permutes and chooses without replacement as numpy does', () => {
    for (const { seed, n, values } of sklearnFixture.permutation) {
      assert.deepEqual(asFixtureIndices(new NumpyRandomState(seed).permutation(n)), values, `permutation(${n})`);
    }
    for (const { seed, n, size, values } of sklearnFixture.choice) {
      assert.deepEqual(asFixtureIndices(new NumpyRandomState(seed).choiceWithoutReplacement(n, size)), values, `choice(${n}, ${size})`);
    }
  });

  it('refuses seeds numpy refuses', () => {
    for (const seed of [-1, 2 ** 32, 1.5]) assert.throws(() => new NumpyRandomState(seed), RangeError);
    assert.throws(() => new NumpyRandomState([]), RangeError);
    assert.throws(() => new NumpyRandomState(0).randint(3, 3), RangeError);
  });

  it('sample_without_replacement: distinct values in range for each of its three methods', () => {
    for (const [population, count] of [[1000, 5], [100, 50], [100, 99], [10, 10], [0, 0]]) {
      const sample = sampleWithoutReplacement(population, count, new NumpyRandomState(1));
      assert.equal(new Set(sample).size, count);
      assert.ok(sample.every((value) => value >= 0 && value < population));
    }
    // Reservoir sampling over the whole population returns it in order, as scikit-learn does.
    assert.deepEqual(Array.from(sampleWithoutReplacement(6, 6, new NumpyRandomState(3))), [0, 1, 2, 3, 4, 5]);
    assert.throws(() => sampleWithoutReplacement(3, 4, new NumpyRandomState(0)), RangeError);
  });
});
