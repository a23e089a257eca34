import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PairwiseCoupling } from './pairwise-coupling';
import { assertCloseTo } from './test-helpers';

/** r_ij = p_i / (p_i + p_j): the pairwise probabilities a true distribution p implies. */
function consistentPairs(p: readonly number[]): Float64Array {
  const k = p.length;
  const r = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (i !== j) r[i * k + j] = p[i] / (p[i] + p[j]);
  return r;
}

describe('PairwiseCoupling', () => {
  it('recovers the distribution behind consistent pairwise probabilities', () => {
    for (const p of [[0.7, 0.2, 0.1], [0.05, 0.05, 0.6, 0.1, 0.2], [0.5, 0.5], Array.from({ length: 10 }, (_, i) => (i + 1) / 55)]) {
      const solved = new PairwiseCoupling(p.length).solve(consistentPairs(p), new Float64Array(p.length));
      assertCloseTo(solved, p, 1e-6, `p = ${p}`);
    }
  });

  it('gives a distribution for inconsistent pairs, uniform when every pair is a coin toss', () => {
    const k = 4;
    const coupling = new PairwiseCoupling(k);
    const r = new Float64Array(k * k).fill(0.5);
    assertCloseTo(coupling.solve(r, new Float64Array(k)), [0.25, 0.25, 0.25, 0.25], 1e-12, 'uniform');
    // A cycle: 0 beats 1, 1 beats 2, 2 beats 0, all by 0.9; class 3 loses to everyone by 0.99.
    const wins: [number, number, number][] = [[0, 1, 0.9], [1, 2, 0.9], [2, 0, 0.9], [0, 3, 0.99], [1, 3, 0.99], [2, 3, 0.99]];
    for (const [i, j, rij] of wins) {
      r[i * k + j] = rij;
      r[j * k + i] = 1 - rij;
    }
    const p = coupling.solve(r, new Float64Array(k));
    assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-12 && p.every((v) => v >= 0), `${p}`);
    assertCloseTo(p.subarray(0, 3), [p[0], p[0], p[0]], 1e-6, 'the cycle is symmetric');
    assert.ok(p[3] < p[0] / 4, `${p}`);
  });
});
