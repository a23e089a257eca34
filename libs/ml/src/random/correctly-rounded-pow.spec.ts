import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { correctlyRoundedPow } from './correctly-rounded-pow';
import { NumpyRandomState } from './numpy-random-state';

describe('correctlyRoundedPow', () => {
  it('gives exact powers exactly and defers the special cases to Math.pow', () => {
    assert.equal(correctlyRoundedPow(1e6, 0.5), 1000);
    assert.equal(correctlyRoundedPow(1024, 0.1), 2);
    assert.equal(correctlyRoundedPow(7, 0), 1);
    assert.equal(correctlyRoundedPow(1, 0.3), 1);
    assert.ok(Number.isNaN(correctlyRoundedPow(-2, 0.5)));
    assert.equal(correctlyRoundedPow(0, 0.5), 0);
  });

  it('agrees with Math.pow to one ulp and is monotone in the exponent', () => {
    const rng = new NumpyRandomState(0);
    let previous = 0;
    for (let i = 0; i < 2000; i++) {
      const q = i / 2000 + rng.randomSample() / 4000;
      const value = correctlyRoundedPow(1e8, q);
      assert.ok(Math.abs(value - 1e8 ** q) <= 2 ** (Math.floor(Math.log2(value)) - 52), `1e8 ** ${q}`);
      assert.ok(value >= previous);
      previous = value;
    }
  });
});
