import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidParameterError } from '../base/errors';
import { MAX_GRID_POINTS, ParameterGrid, validateParamGrid } from './parameter-grid';

function assertInvalid(value: unknown, path: string, pattern: RegExp): void {
  assert.throws(
    () => validateParamGrid(value),
    (error: unknown) => error instanceof InvalidParameterError && error.path === path && pattern.test(error.message),
  );
}

describe('ParameterGrid', () => {
  it('counts and indexes its points, an empty dict being one point', () => {
    const grid = new ParameterGrid([{ b: [1, 2], a: ['x', 'y', 'z'] }, {}]);
    assert.equal(grid.length, 7);
    assert.deepEqual(grid.at(0), { a: 'x', b: 1 });
    assert.deepEqual(grid.at(5), { a: 'z', b: 2 });
    assert.deepEqual(grid.at(6), {});
    assert.throws(() => grid.at(7), RangeError);
  });

  it('refuses what ParameterGrid refuses, naming the field', () => {
    assertInvalid([], 'param_grid', /non-empty list of dicts/);
    assertInvalid('C', 'param_grid', /must be a dict/);
    assertInvalid([{ C: [1] }, 3], 'param_grid[1]', /must be a dict/);
    assertInvalid({ C: 'abc' }, 'param_grid.C', /needs to be a list/);
    assertInvalid({ C: [] }, 'param_grid.C', /non-empty list/);
    const big = { a: Array.from({ length: 1000 }, (_, i) => i), b: Array.from({ length: 100 }, (_, i) => i) };
    assert.equal(new ParameterGrid(big).length, MAX_GRID_POINTS);
    assertInvalid([big, { c: [1] }], 'param_grid', /has 100001 points, more than the 100000/);
  });
});
