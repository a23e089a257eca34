import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FitLimits } from '@mnist-lab/ml/spec';
import { admitRun, validateRunRequest } from './run-request';
import { rejection, scaledPipeline } from './spec-support';
import { admitSweep, validateSweepRequest } from './sweep-request';

/** The defaults of RUN_MAX_MEMORY_MB and RUN_MAX_FIT_SECONDS: a 24 GB, 2-core worker. */
const LIMITS: FitLimits = { maxMemoryBytes: 16_384 * 1024 * 1024, maxFitSeconds: 21_600 };

const forest = (params: Record<string, unknown> = {}) => ({
  dataset: 'mnist_784',
  split: { test_size: 0.2, random_state: 42 },
  estimator: scaledPipeline({ type: 'random_forest', params: { random_state: 42, ...params } }),
});

/** The notebook's search, as in the README. */
const NOTEBOOK_SWEEP = {
  ...forest(),
  param_distributions: {
    model__n_estimators: [25, 50, 100, 200, 300],
    model__criterion: ['gini', 'entropy', 'log_loss'],
    model__max_depth: [null, 1, 2, 3, 5, 10],
  },
  n_iter: 10,
  cv: 3,
  random_state: 0,
};

const admittedRun = (body: unknown) => admitRun(validateRunRequest(body), LIMITS);
const admittedSweep = (body: unknown) => admitSweep(validateSweepRequest(body), LIMITS);

describe('admission of runs', () => {
  it("admits the notebook's and the README's models on the whole dataset", () => {
    for (const model of [
      { type: 'random_forest' },
      { type: 'random_forest', params: { n_estimators: 300, max_depth: null, criterion: 'entropy' } },
      { type: 'logistic_regression', params: { C: 1.0, max_iter: 1000 } },
      { type: 'logistic_regression', params: { solver: 'lbfgs', max_iter: 1000 } },
      { type: 'one_vs_one', params: { estimator: { type: 'logistic_regression', params: { max_iter: 1000 } } } },
      { type: 'one_vs_rest', params: { estimator: { type: 'logistic_regression', params: { max_iter: 1000 } } } },
      { type: 'one_vs_rest', params: { estimator: { type: 'random_forest' } } },
    ]) {
      assert.doesNotThrow(() => admittedRun({ dataset: 'mnist_784', split: { test_size: 0.2 }, estimator: scaledPipeline(model) }), JSON.stringify(model));
    }
  });

  it('refuses a forest of 10^9 trees, naming n_estimators, with the estimate and the limit', () => {
    const error = rejection(admittedRun, forest({ n_estimators: 1_000_000_000 }));
    assert.equal(error.path, 'estimator.steps[1][1].params.n_estimators');
    assert.match(error.message, /would need about \d+ MB and \d+ s on one core, over the memory limit of 16384 MB \(RUN_MAX_MEMORY_MB\) and the time limit of 21600 s/);
    assert.match(error.message, /lower model__n_estimators/);
  });

  it("blames the base estimator's parameter of a meta-estimator", () => {
    const body = { ...forest(), estimator: scaledPipeline({ type: 'one_vs_one', params: { estimator: { type: 'logistic_regression', params: { max_iter: 10_000_000 } } } }) };
    assert.equal(rejection(admittedRun, body).path, 'estimator.steps[1][1].params.estimator.params.max_iter');
  });

  it('applies the limits it is given: a small deployment refuses what a large one admits', () => {
    const body = forest({ n_estimators: 300 });
    assert.doesNotThrow(() => admittedRun(body));
    assert.throws(() => admitRun(validateRunRequest(body), { maxMemoryBytes: 256 * 1024 * 1024, maxFitSeconds: 21_600 }), /memory limit of 256 MB/);
    assert.throws(() => admitRun(validateRunRequest(body), { maxMemoryBytes: LIMITS.maxMemoryBytes, maxFitSeconds: 10 }), /time limit of 10 s/);
  });

  it('estimates on the training part: fewer samples admit more', () => {
    const limits = { maxMemoryBytes: LIMITS.maxMemoryBytes, maxFitSeconds: 100 };
    const body = forest({ n_estimators: 1000 });
    assert.throws(() => admitRun(validateRunRequest(body), limits));
    assert.doesNotThrow(() => admitRun(validateRunRequest({ ...body, n_samples: 5000 }), limits));
  });
});

describe('admission of sweeps', () => {
  it("admits the notebook's search", () => {
    assert.doesNotThrow(() => admittedSweep(NOTEBOOK_SWEEP));
  });

  it('refuses a distribution that can reach an absurd value even when the draw stayed small, naming the distribution', () => {
    const body = { ...NOTEBOOK_SWEEP, param_distributions: { model__n_estimators: { dist: 'randint', low: 1, high: 1_000_000_000 } }, n_iter: 1, random_state: 3 };
    const error = rejection(admittedSweep, body);
    assert.equal(error.path, 'param_distributions.model__n_estimators');
    assert.match(error.message, /model__n_estimators=999999999 on 56000 samples of 784 features would need about/);
  });

  it("names a list's element and a list of dicts' index", () => {
    const list = { ...NOTEBOOK_SWEEP, param_distributions: [{ model__max_depth: [3] }, { model__n_estimators: [10, 100_000_000] }] };
    assert.equal(rejection(admittedSweep, list).path, 'param_distributions[1].model__n_estimators[1]');
  });

  it("blames the estimator's own field when the costly parameter is not searched", () => {
    const body = { ...NOTEBOOK_SWEEP, ...forest({ n_estimators: 1_000_000_000 }), param_distributions: { model__criterion: ['gini', 'entropy'] } };
    assert.equal(rejection(admittedSweep, body).path, 'estimator.steps[1][1].params.n_estimators');
  });
});

describe('split sizes, as train_test_split refuses them', () => {
  const withSplit = (n_samples: number, split: Record<string, unknown>) => ({ ...forest(), n_samples, split });

  it('refuses a test_size that leaves no training samples, naming split.test_size', () => {
    for (const [n, testSize] of [[5000, 5000], [5000, 6000], [10, 0.99]] as const) {
      const error = rejection(validateRunRequest, withSplit(n, { test_size: testSize }));
      assert.equal(error.path, 'split.test_size');
    }
    assert.match(rejection(validateRunRequest, withSplit(5000, { test_size: 5000 })).message, /test_size=5000 should be either positive and smaller than the number of samples 5000/);
    assert.match(rejection(validateRunRequest, withSplit(10, { test_size: 0.99 })).message, /the resulting train set will be empty/);
    assert.doesNotThrow(() => validateRunRequest(withSplit(5000, { test_size: 4999 })));
  });

  it('applies to sweeps, and refuses more folds than training samples, naming cv', () => {
    assert.equal(rejection(validateSweepRequest, { ...NOTEBOOK_SWEEP, n_samples: 5000, split: { test_size: 5000 } }).path, 'split.test_size');
    const error = rejection(validateSweepRequest, { ...NOTEBOOK_SWEEP, n_samples: 10, split: { test_size: 8 }, cv: 3 });
    assert.equal(error.path, 'cv');
    assert.match(error.message, /n_splits=3 greater than the number of samples: n_samples=2/);
  });
});
