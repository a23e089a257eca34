import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidParameterError } from '../base/errors';
import type { Params } from '../base/params';
import { ParameterSampler, validateParamDistributions, type ParamDistributions } from './parameter-sampler';
import { collectWarnings } from './test-helpers';

function assertInvalid(value: unknown, path: string, pattern: RegExp): void {
  assert.throws(
    () => validateParamDistributions(value),
    (error: unknown) => error instanceof InvalidParameterError && error.path === path && pattern.test(error.message),
  );
}

/** Settings as sorted strings, each with its keys sorted, to compare sets of settings. */
const keyed = (settings: Params[]) => settings.map((setting) => JSON.stringify(setting, Object.keys(setting).sort())).sort();

describe('ParameterSampler with lists only', () => {
  const space: ParamDistributions = [{ b: [1, 2], a: ['x', 'y', 'z'] }, { c: [true] }, {}];
  // list(ParameterGrid([{'b': [1, 2], 'a': ['x', 'y', 'z']}, {'c': [True]}, {}])) in scikit-learn 1.2.1.
  const grid: Params[] = [
    { b: 1, a: 'x' }, { b: 2, a: 'x' }, { b: 1, a: 'y' }, { b: 2, a: 'y' },
    { b: 1, a: 'z' }, { b: 2, a: 'z' }, { c: true }, {},
  ];

  it('returns the whole grid, with a warning, when it is smaller than n_iter', async () => {
    const sampler = new ParameterSampler(space, { n_iter: 20, random_state: 0 });
    assert.equal(sampler.gridSize, 8);
    assert.equal(sampler.length, 8);
    let settings: Params[] = [];
    const warnings = await collectWarnings(() => (settings = [...sampler]));
    assert.deepEqual(keyed(settings), keyed(grid));
    assert.deepEqual(warnings, ['The total space of parameters 8 is smaller than n_iter=20. Running 8 iterations. For exhaustive searches, use GridSearchCV.']);
  });

  it('samples n_iter distinct grid points, reproducibly for a seed', async () => {
    const sampler = new ParameterSampler(space, { n_iter: 5, random_state: 42 });
    const settings = [...sampler];
    assert.equal(sampler.length, 5);
    assert.equal(new Set(keyed(settings)).size, 5);
    assert.ok(keyed(settings).every((key) => keyed(grid).includes(key)));
    assert.deepEqual([...sampler], settings, 'a second iteration repeats the first');
    assert.deepEqual([...new ParameterSampler(space, { n_iter: 5, random_state: 42 })], settings);
    const seeds = new Set(Array.from({ length: 10 }, (_, seed) => keyed([...new ParameterSampler(space, { n_iter: 5, random_state: seed })]).join('|')));
    assert.ok(seeds.size > 1);
    assert.deepEqual(await collectWarnings(() => [...sampler]), []);
  });

  it('puts the keys of every setting in sorted order', () => {
    const [setting] = new ParameterSampler({ zeta: [1], alpha: [2], mid: [3] }, { n_iter: 1, random_state: 0 });
    assert.deepEqual(Object.keys(setting), ['alpha', 'mid', 'zeta']);
  });

  it('draws every point of a 100-point grid when n_iter equals its size', () => {
    const space100 = { i: Array.from({ length: 10 }, (_, i) => i), j: Array.from({ length: 10 }, (_, j) => j) };
    const settings = [...new ParameterSampler(space100, { n_iter: 100, random_state: 1 })];
    assert.equal(new Set(keyed(settings)).size, 100);
  });
});

describe('ParameterSampler with distributions', () => {
  const space: ParamDistributions = {
    n_estimators: { dist: 'randint', low: 10, high: 13 },
    max_features: { dist: 'uniform', low: 0.25, high: 0.75 },
    C: { dist: 'loguniform', low: 1e-3, high: 1e3 },
    criterion: ['gini', 'entropy'],
  };

  it('draws n_iter settings (with replacement) within each distribution’s support', () => {
    const sampler = new ParameterSampler(space, { n_iter: 2000, random_state: 0 });
    assert.equal(sampler.gridSize, null);
    assert.equal(sampler.length, 2000);
    const settings = [...sampler];
    assert.equal(settings.length, 2000);
    assert.deepEqual(Object.keys(settings[0]), ['C', 'criterion', 'max_features', 'n_estimators']);
    const column = (name: string) => settings.map((setting) => setting[name] as number);
    assert.deepEqual([...new Set(column('n_estimators'))].sort(), [10, 11, 12]);
    assert.ok(column('max_features').every((v) => v >= 0.25 && v < 0.75));
    assert.deepEqual([...new Set(settings.map((setting) => setting['criterion']))].sort(), ['entropy', 'gini']);
    const logC = column('C').map(Math.log10);
    assert.ok(logC.every((v) => v >= -3 && v <= 3));
    // log10(C) is uniform on [-3, 3]: mean 0, and about a sixth of the draws in each decade.
    const mean = logC.reduce((sum, v) => sum + v, 0) / logC.length;
    assert.ok(Math.abs(mean) < 0.15, `mean of log10(C) is ${mean}`);
    const belowOne = logC.filter((v) => v < 0).length / logC.length;
    assert.ok(Math.abs(belowOne - 0.5) < 0.05, `share of C below 1 is ${belowOne}`);
    assert.deepEqual([...new ParameterSampler(space, { n_iter: 2000, random_state: 0 })], settings);
  });

  it('picks one dict of a list per setting', () => {
    const settings = [...new ParameterSampler([{ kernel: ['linear'], C: { dist: 'uniform', low: 0, high: 1 } }, { kernel: ['rbf'], gamma: [0.1] }], { n_iter: 200, random_state: 3 })];
    const linear = settings.filter((setting) => setting['kernel'] === 'linear');
    assert.ok(linear.length > 60 && linear.length < 140, `${linear.length} of 200 picked the first dict`);
    assert.ok(linear.every((setting) => Object.keys(setting).join() === 'C,kernel'));
    assert.ok(settings.filter((setting) => setting['kernel'] === 'rbf').every((setting) => setting['gamma'] === 0.1 && !('C' in setting)));
  });
});

describe('validateParamDistributions', () => {
  it('accepts a dict or a list of dicts and returns a list', () => {
    assert.deepEqual(validateParamDistributions({ a: [1] }), [{ a: [1] }]);
    assert.deepEqual(validateParamDistributions([{ a: [1] }, {}]), [{ a: [1] }, {}]);
  });

  it('names the offending parameter', () => {
    assertInvalid({ C: { dist: 'normal', low: 0, high: 1 } }, 'param_distributions.C', /unknown distribution "normal"; must be one of randint, uniform, loguniform/);
    assertInvalid({ C: { dist: 'uniform', low: 1, high: 1 } }, 'param_distributions.C', /uniform needs low < high; got low=1, high=1/);
    assertInvalid({ C: { dist: 'loguniform', low: 0, high: 1 } }, 'param_distributions.C', /loguniform needs low > 0/);
    assertInvalid({ n: { dist: 'randint', low: 1.5, high: 4 } }, 'param_distributions.n', /randint needs integer bounds "low" and "high"/);
    assertInvalid({ C: { dist: 'uniform', low: '0', high: 1 } }, 'param_distributions.C', /finite number bounds/);
    assertInvalid({ C: { dist: 'uniform', low: 0, high: 1, scale: 2 } }, 'param_distributions.C', /unknown field "scale"/);
    assertInvalid({ C: [] }, 'param_distributions.C', /must be a non-empty list of values/);
    assertInvalid({ C: 5 }, 'param_distributions.C', /must be a non-empty list of values or a distribution .*; got 5/);
    assertInvalid([{ a: [1] }, { b: 'x' }], 'param_distributions[1].b', /got "x"/);
    assertInvalid([{ a: [1] }, 3], 'param_distributions[1]', /must be a dict/);
    assertInvalid([], 'param_distributions', /non-empty list of dicts/);
    assertInvalid(null, 'param_distributions', /must be a dict/);
  });

  it('checks n_iter and random_state', () => {
    assert.throws(() => new ParameterSampler({ a: [1] }, { n_iter: 0 }), (error: unknown) => error instanceof InvalidParameterError && error.path === 'n_iter');
    assert.throws(() => new ParameterSampler({ a: [1] }, { n_iter: 1, random_state: 1.5 }), (error: unknown) => error instanceof InvalidParameterError && error.path === 'random_state');
  });
});
