import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { halvingTopK } from '@mnist-lab/ml';
import { api, useStack, waitFor } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * 600 samples, 480 in the training part, 10 classes, cv 2: min_resources_ ("smallest") is
 * 2 * 2 * 10 = 40 samples, max_resources_ 480. Four candidates halve by 2 over
 * 1 + floor(log2(4)) = 3 iterations of 40, 80 and 160 samples, as HalvingRandomSearchCV plans them.
 */
const HALVING_SWEEP = {
  search: 'halving_random',
  dataset: 'mnist_784',
  n_samples: 600,
  split: { test_size: 0.2, random_state: 42 },
  estimator: {
    type: 'pipeline',
    steps: [['scale', { type: 'standard_scaler' }], ['model', { type: 'logistic_regression', params: { solver: 'adam', random_state: 0, max_iter: 3 } }]],
  },
  param_distributions: { model__learning_rate_init: [0.0001, 0.001, 0.01, 0.1], model__C: { dist: 'loguniform', low: 0.01, high: 10 } },
  n_candidates: 4,
  factor: 2,
  cv: 2,
  random_state: 0,
};

describe('successive halving (HalvingRandomSearchCV) through api and two workers', () => {
  const context = useStack(2);
  const sweepCount = async () => (await api<Json>(context.stack.baseUrl, 'GET', '/sweeps?limit=100')).body['items'].length;

  it('runs each iteration once the previous one is recorded, keeps the best candidates and refits the last best', async () => {
    const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', HALVING_SWEEP);
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    assert.deepEqual(
      [submitted.body['n_iterations_'], submitted.body['n_candidates_'], submitted.body['n_resources_'], submitted.body['n_candidates'], submitted.body['total_trials']],
      [3, [4, 2, 1], [40, 80, 160], 7, 14],
    );
    const id = submitted.body['id'];
    const sweep = await waitFor(
      async () => (await api<Json>(context.stack.baseUrl, 'GET', `/sweeps/${id}`)).body,
      (body) => ['succeeded', 'failed', 'cancelled'].includes(body['status']),
      240_000,
      `sweep ${id}`,
    );
    assert.equal(sweep['status'], 'succeeded', sweep['error']);
    const cv = sweep['cv_results'];
    assert.deepEqual(cv['iter'], [0, 0, 0, 0, 1, 1, 2]);
    assert.deepEqual(cv['n_resources'], [40, 40, 40, 40, 80, 80, 160]);
    assert.equal(sweep['n_iterations_'], 3);
    assert.deepEqual(sweep['n_candidates_'], [4, 2, 1]);
    assert.deepEqual(sweep['n_resources_'], [40, 80, 160]);
    assert.equal(sweep['progress']['succeeded'], 14);
    assert.ok(cv['mean_train_score'], 'return_train_score defaults to true, as in scikit-learn');
    // Iteration i + 1 holds _top_k of iteration i, in its order.
    const params: Json[] = cv['params'];
    const means: (number | null)[] = cv['mean_test_score'];
    assert.deepEqual(params.slice(4, 6), halvingTopK(means.slice(0, 4), 2).map((i) => params[i]));
    assert.deepEqual(params.slice(6), halvingTopK(means.slice(4, 6), 1).map((i) => params[4 + i]));
    // The best is the last iteration's, and that is what was refitted.
    assert.equal(sweep['best']['index'], 6);
    assert.deepEqual(sweep['best']['params'], params[6]);
    assert.equal(sweep['refit_run']['status'], 'succeeded');
    // No trial of an iteration was queued before every trial of the previous one was recorded.
    const trials: Json[] = sweep['trials'];
    const iterationOf = (trial: Json) => cv['iter'][trial['candidate']];
    for (const iteration of [1, 2]) {
      const lastRecorded = Math.max(...trials.filter((trial) => iterationOf(trial) === iteration - 1).map((trial) => Date.parse(trial['recorded_at'])));
      const firstQueued = Math.min(...trials.filter((trial) => iterationOf(trial) === iteration).map((trial) => Date.parse(trial['enqueued_at'])));
      assert.ok(firstQueued >= lastRecorded, `iteration ${iteration} queued at ${firstQueued}, before iteration ${iteration - 1}'s last record at ${lastRecorded}`);
    }
  });

  it('refuses bad halving requests with a 400 naming the field, and stores nothing', async () => {
    const before = await sweepCount();
    const grid = { ...HALVING_SWEEP, search: 'halving_grid', param_grid: { model__C: [0.1, 1] } } as Record<string, unknown>;
    delete grid['param_distributions'];
    delete grid['n_candidates'];
    for (const [body, field] of [
      [{ ...HALVING_SWEEP, search: 'hyperband' }, 'search'],
      [{ ...HALVING_SWEEP, factor: 1 }, 'factor'],
      [{ ...HALVING_SWEEP, min_resources: 300, max_resources: 200 }, 'min_resources'],
      [{ ...HALVING_SWEEP, resource: 'model__n_estimators', max_resources: 10 }, 'resource'],
      [{ ...grid, param_grid: { model__C: Array.from({ length: 400 }, (_, i) => i + 1), model__max_iter: Array.from({ length: 300 }, (_, i) => i + 1) } }, 'param_grid'],
      [{ ...grid, estimator: { type: 'pipeline', steps: [['scale', { type: 'standard_scaler' }], ['model', { type: 'voting', params: { estimators: [['rf', { type: 'random_forest' }]] } }]] }, param_grid: { model__rf__n_estimators: [0] } }, 'param_grid.model__rf__n_estimators[0]'],
    ] as const) {
      const refused = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', body);
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.equal(refused.body['field'], field, JSON.stringify(refused.body));
    }
    assert.equal(await sweepCount(), before);
  });
});
