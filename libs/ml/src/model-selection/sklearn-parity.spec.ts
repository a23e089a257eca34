import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Labels } from '../base/matrix';
import { asFixtureIndices, mnistLabels, sklearnFixture, type SklearnFixture } from '../random/sklearn-fixture';
import { ParameterGrid } from './parameter-grid';
import { ParameterSampler } from './parameter-sampler';
import { kFold, stratifiedKFold, trainTestSplit, type SplitIndices } from './split';

const mnist = mnistLabels();

function labels(name: string): Labels {
  if (name === 'mnist') return mnist;
  // The training part of the notebook's split, in the order train_test_split returns it.
  if (name === 'mnist_train_0.2_42') return Int32Array.from(trainTestSplit(mnist.length, { test_size: 0.2, random_state: 42 }).train, (i) => mnist[i]);
  return Int32Array.from(sklearnFixture.labels[name]);
}

function testFolds(splits: readonly SplitIndices[], n: number): Int32Array {
  const folds = new Int32Array(n);
  splits.forEach(({ test }, k) => test.forEach((i) => (folds[i] = k)));
  return folds;
}

/** The spacing of doubles at `value`. */
const ulp = (value: number) => 2 ** (Math.floor(Math.log2(Math.abs(value))) - 52);

const describeCase = (c: object) => JSON.stringify(c, (key, value) => (['train', 'test', 'test_folds', 'candidates'].includes(key) ? undefined : value));

describe('scikit-learn 1.2.1 parity (fixtures from libs/ml/fixtures/randomness/generate.py)', () => {
  it('trainTestSplit returns train_test_split\'s indices, ShuffleSplit and StratifiedShuffleSplit paths, MNIST included', () => {
    for (const c of sklearnFixture.train_test_split) {
      const y = typeof c.labels === 'number' ? null : labels(c.labels);
      const split = trainTestSplit(y ?? (c.labels as number), { test_size: c.test_size, random_state: c.random_state, stratify: c.stratify ? y : null });
      assert.deepEqual(asFixtureIndices(split.test), c.test, `test of ${describeCase(c)}`);
      assert.deepEqual(asFixtureIndices(split.train), c.train, `train of ${describeCase(c)}`);
    }
  });

  it('stratifiedKFold and kFold assign each sample the fold scikit-learn does, with and without shuffle', () => {
    for (const c of sklearnFixture.kfold as SklearnFixture['kfold']) {
      const options = { n_splits: c.n_splits, shuffle: c.shuffle, random_state: c.random_state };
      const splits = c.kind === 'stratified' ? stratifiedKFold(labels(c.labels as string), options) : kFold(c.n as number, options);
      const n = c.kind === 'stratified' ? labels(c.labels as string).length : (c.n as number);
      assert.deepEqual(asFixtureIndices(testFolds(splits, n)), c.test_folds, describeCase(c));
    }
  });

  it('ParameterSampler yields scikit-learn\'s candidates: grids by sample_without_replacement, scipy randint / uniform / loguniform', () => {
    let loguniformDraws = 0;
    let offByOneUlp = 0;
    for (const c of sklearnFixture.parameter_sampler) {
      const candidates = [...new ParameterSampler(c.param_distributions, { n_iter: c.n_iter, random_state: c.random_state })];
      const dicts = Array.isArray(c.param_distributions) ? c.param_distributions : [c.param_distributions];
      const isLoguniform = (name: string) => dicts.some((dict) => (dict as Record<string, { dist?: string }>)[name]?.dist === 'loguniform');
      assert.equal(candidates.length, c.candidates.length, describeCase(c));
      candidates.forEach((candidate, i) => {
        const expected = c.candidates[i];
        assert.deepEqual(Object.keys(candidate).sort(), Object.keys(expected).sort(), describeCase(c));
        for (const [name, value] of Object.entries(candidate)) {
          if (isLoguniform(name)) loguniformDraws++;
          if (value === expected[name]) continue;
          // glibc's pow, which numpy calls, is itself misrounded for about 0.1% of arguments;
          // ours is correctly rounded, so there (and only for loguniform) the two differ by one ulp.
          assert.ok(isLoguniform(name) && Math.abs((value as number) - (expected[name] as number)) <= ulp(expected[name] as number), `candidate ${i}.${name}: ${value} != ${expected[name]} in ${describeCase(c)}`);
          offByOneUlp++;
        }
      });
    }
    assert.ok(loguniformDraws > 2000 && offByOneUlp <= loguniformDraws * 0.005, `${offByOneUlp} of ${loguniformDraws} loguniform draws are one ulp off`);
  });

  it('ParameterGrid lists GridSearchCV\'s candidates in scikit-learn\'s order', () => {
    for (const { param_grid, candidates } of sklearnFixture.parameter_grid) {
      const grid = new ParameterGrid(param_grid);
      assert.deepEqual([...grid], candidates, JSON.stringify(param_grid));
      assert.equal(grid.length, candidates.length);
      candidates.forEach((candidate, i) => assert.deepEqual(grid.at(i), candidate));
    }
  });
});
