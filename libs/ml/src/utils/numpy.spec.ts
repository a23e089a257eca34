import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { numpySum, pythonFloatRepr } from './numpy';

describe('pythonFloatRepr', () => {
  it("writes floats as Python's repr does", () => {
    // repr() of each value in CPython 3.11.
    const cases: [number, string][] = [
      [40, '40.0'],
      [304.352, '304.352'],
      [5.6000000000000005, '5.6000000000000005'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [1.5e-7, '1.5e-07'],
      [1e15, '1000000000000000.0'],
      [1e16, '1e+16'],
      [1.25e120, '1.25e+120'],
      [0, '0.0'],
      [-0, '-0.0'],
      [-2.5, '-2.5'],
      [NaN, 'nan'],
      [Infinity, 'inf'],
    ];
    for (const [value, repr] of cases) assert.equal(pythonFloatRepr(value), repr, String(value));
  });
});

describe('numpySum', () => {
  it("adds in numpy's pairwise order", () => {
    // np.sum(np.full(n, 30.4352)) for n = 10 and 200; a left-to-right loop gives 304.35200000000003 for 10.
    assert.equal(numpySum(new Float64Array(10).fill(30.4352)), 304.352);
    assert.equal(numpySum(new Float64Array(3).fill(0.1)), 0.30000000000000004);
  });
});
