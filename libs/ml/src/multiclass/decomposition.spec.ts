import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { describe, it } from 'node:test';
import type { FitInfo } from '../base/estimator';
import { summarizeFitInfos } from './decomposition';
import { effectiveNJobs } from './parallel-fit';

describe('effectiveNJobs', () => {
  it("counts as joblib: null is one, -1 every core, -2 all but one, never more than the tasks", () => {
    const cores = availableParallelism();
    assert.equal(effectiveNJobs(null, 45), 1);
    assert.equal(effectiveNJobs(-1, 45), cores);
    assert.equal(effectiveNJobs(-2, 45), Math.max(1, cores - 1));
    assert.equal(effectiveNJobs(-1000, 45), 1);
    assert.equal(effectiveNJobs(8, 3), 3);
    assert.equal(effectiveNJobs(8, 45), 8);
  });
});

describe('summarizeFitInfos', () => {
  it('summarises numbers, booleans and strings, and leaves nested objects out', () => {
    const infos: FitInfo[] = [
      { n_iter_: 10, converged: true, solver: 'adam', backend: 'wasm', extra: { a: 1 } },
      { n_iter_: 30, converged: false, solver: 'adam', backend: 'cpu' },
      { n_iter_: 20, converged: true, solver: 'adam', backend: 'wasm' },
    ];
    assert.deepEqual(summarizeFitInfos(infos), {
      n_iter_: { min: 10, mean: 20, max: 30 },
      converged: { true: 2, false: 1 },
      solver: 'adam',
      backend: ['cpu', 'wasm'],
    });
  });
});
