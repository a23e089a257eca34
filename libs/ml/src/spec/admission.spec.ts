import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidParameterError } from '../base/errors';
import { admitDataset, estimateFit } from './admission';
import { validateSpec } from './validate-spec';

const MNIST_TRAIN = { nSamples: 56_000, nFeatures: 784, nClasses: 10 };
const MB = 1024 * 1024;
const scaled = (model: Record<string, unknown>) => validateSpec({ type: 'pipeline', steps: [['scale', { type: 'standard_scaler' }], ['model', model]] });

describe('estimateFit', () => {
  it("bounds the default forest's measured cost from above, within a small factor (15 MB, 940k nodes, 12 core-seconds)", () => {
    const estimate = estimateFit(scaled({ type: 'random_forest' }), MNIST_TRAIN);
    assert.ok(estimate.modelBytes >= 15 * MB && estimate.modelBytes <= 30 * 15 * MB, `${estimate.modelBytes / MB} MB`);
    assert.ok(estimate.seconds >= 12 && estimate.seconds <= 10 * 12, `${estimate.seconds} s`);
    assert.equal(estimate.culprit, 'estimator.steps[1][1].params.n_estimators');
    assert.equal(estimate.param, 'model__n_estimators');
  });

  it('grows with what makes a fit costly, and shrinks with what bounds it', () => {
    const forest = (params: Record<string, unknown>) => estimateFit(scaled({ type: 'random_forest', params }), MNIST_TRAIN);
    assert.ok(forest({ n_estimators: 200 }).seconds > 1.9 * forest({ n_estimators: 100 }).seconds);
    assert.ok(forest({ max_features: null }).seconds > 20 * forest({}).seconds);
    assert.ok(forest({ max_depth: 3 }).modelBytes < forest({}).modelBytes / 100);
    assert.ok(forest({ min_samples_leaf: 50 }).modelBytes < forest({}).modelBytes / 20);
    const logistic = (params: Record<string, unknown>) => estimateFit(scaled({ type: 'logistic_regression', params }), MNIST_TRAIN);
    assert.ok(logistic({ max_iter: 1000 }).seconds > 9 * logistic({ max_iter: 100 }).seconds);
    assert.ok(logistic({ solver: 'adam', batch_size: 1 }).seconds > logistic({ solver: 'adam' }).seconds);
  });

  it("counts a one-vs-one's 45 pairwise fits and a one-vs-rest's 10, blaming the base estimator's field", () => {
    const base = { type: 'logistic_regression', params: { max_iter: 100 } };
    const single = estimateFit(validateSpec(base), { ...MNIST_TRAIN, nClasses: 2 });
    const ovr = estimateFit(validateSpec({ type: 'one_vs_rest', params: { estimator: base } }), MNIST_TRAIN);
    const ovo = estimateFit(validateSpec({ type: 'one_vs_one', params: { estimator: base } }), MNIST_TRAIN);
    assert.ok(Math.abs(ovr.seconds / single.seconds - 10) < 1e-9);
    assert.ok(ovo.seconds > 5 * single.seconds && ovo.seconds < ovr.seconds);
    assert.equal(ovo.culprit, 'estimator.params.estimator.params.max_iter');
    assert.equal(ovo.param, 'estimator__max_iter');
  });
});

describe('admitDataset', () => {
  const tabular = { name: 'shop_scans', description: '', nSamples: 100, nFeatures: 5, nClasses: 3 };

  it('admits byte and float datasets alike, and refuses one with NaN features, naming it and the count', () => {
    admitDataset(tabular);
    admitDataset({ ...tabular, nanCount: 0 });
    assert.throws(
      () => admitDataset({ ...tabular, nanCount: 7 }),
      (error: unknown) => error instanceof InvalidParameterError && error.path === 'dataset' && /^shop_scans has 7 NaN feature values; /.test(error.detail),
    );
  });
});
