import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DATASET_DEFINITIONS } from '@mnist-lab/ml/spec';
import { estimatorSeed, finalEstimatorType, validateRunRequest } from './run-request';
import { rejection, scaledPipeline } from './spec-support';

const ISSUE_EXAMPLE = {
  dataset: 'mnist_784',
  split: { test_size: 0.2, random_state: 42 },
  estimator: scaledPipeline({ type: 'logistic_regression', params: { C: 1.0, random_state: 7 } }),
};

const fieldOf = (body: unknown): string => rejection(validateRunRequest, body).path;

describe('validateRunRequest', () => {
  it("accepts the issue's example and stores the canonical spec with defaults", () => {
    const request = validateRunRequest(ISSUE_EXAMPLE);
    assert.equal(request.dataset, 'mnist_784');
    assert.equal(request.n_samples, null);
    assert.deepEqual(request.split, { test_size: 0.2, random_state: 42, stratify: false });
    const steps = request.estimator.params?.['steps'] as unknown as [string, { type: string; params: Record<string, unknown> }][];
    assert.deepEqual(steps.map(([name, spec]) => [name, spec.type]), [['scale', 'standard_scaler'], ['model', 'logistic_regression']]);
    assert.equal(steps[1][1].params['C'], 1);
    assert.equal(steps[0][1].params['with_mean'], true);
    assert.equal(finalEstimatorType(request.estimator), 'logistic_regression');
    assert.equal(estimatorSeed(request.estimator), 7);
  });

  it('is idempotent: a stored spec validates to itself', () => {
    const once = validateRunRequest(ISSUE_EXAMPLE);
    assert.deepEqual(validateRunRequest(JSON.parse(JSON.stringify(once))), once);
  });

  it('checks the dataset against the catalog it is given, and only its name without one (a stored spec)', () => {
    const registered = { ...DATASET_DEFINITIONS, shop_scans: { name: 'shop_scans', description: '', nSamples: 50, nFeatures: 4, nClasses: 2 } };
    const unknown = rejection((body) => validateRunRequest(body, registered), { ...ISSUE_EXAMPLE, dataset: 'mnist' });
    assert.equal(unknown.path, 'dataset');
    assert.match(unknown.message, /unknown dataset "mnist"; known datasets are: mnist_784, shop_scans/);
    assert.equal(validateRunRequest({ ...ISSUE_EXAMPLE, dataset: 'shop_scans', n_samples: 40 }, registered).n_samples, 40);
    assert.equal(rejection((body) => validateRunRequest(body, registered), { ...ISSUE_EXAMPLE, dataset: 'shop_scans', n_samples: 51 }).path, 'n_samples');
    assert.equal(validateRunRequest({ ...ISSUE_EXAMPLE, dataset: 'shop_scans', n_samples: 51 }).dataset, 'shop_scans');
  });

  it('names the offending field', () => {
    assert.equal(fieldOf({ ...ISSUE_EXAMPLE, dataset: 'not a name' }), 'dataset');
    assert.equal(fieldOf({ ...ISSUE_EXAMPLE, n_samples: 5 }), 'n_samples');
    assert.equal(fieldOf({ ...ISSUE_EXAMPLE, n_samples: 70001 }), 'n_samples');
    assert.equal(fieldOf({ ...ISSUE_EXAMPLE, split: { test_size: 0 } }), 'split.test_size');
    assert.equal(fieldOf({ ...ISSUE_EXAMPLE, split: { random_state: -1 } }), 'split.random_state');
    assert.equal(fieldOf({ ...ISSUE_EXAMPLE, split: { shuffle: false } }), 'split.shuffle');
    assert.equal(fieldOf({ ...ISSUE_EXAMPLE, estimator: { type: 'pipeline', steps: [] } }), 'estimator.steps');
    assert.equal(fieldOf({ ...ISSUE_EXAMPLE, estimator: { type: 'pipeline', steps: [['model', { type: 'logistic_regression' }], ['scale', { type: 'standard_scaler' }]] } }), 'estimator.steps[0][1].type');
    assert.equal(fieldOf({ ...ISSUE_EXAMPLE, estimator: { type: 'pipeline', steps: [['a__b', { type: 'logistic_regression' }]] } }), 'estimator.steps[0][0]');
    assert.equal(fieldOf('nope'), 'body');
    assert.equal(fieldOf({ ...ISSUE_EXAMPLE, estimator: { type: 'one_vs_rest', params: { estimator: { type: 'standard_scaler' } } } }), 'estimator.params.estimator.type');
  });
});
