import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, useStack, waitFor } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const GRID_SWEEP = {
  search: 'grid',
  dataset: 'mnist_784',
  n_samples: 1000,
  split: { test_size: 0.2, random_state: 42 },
  estimator: {
    type: 'pipeline',
    steps: [['scale', { type: 'standard_scaler' }], ['model', { type: 'logistic_regression', params: { solver: 'adam', random_state: 0, learning_rate_init: 0.01 } }]],
  },
  param_grid: { model__max_iter: [2, 3], model__C: [0.1, 1.0] },
  cv: 2,
};

describe('grid search (GridSearchCV) through api and two workers', () => {
  const context = useStack(2);
  const sweepCount = async () => (await api<Json>(context.stack.baseUrl, 'GET', '/sweeps?limit=100')).body['items'].length;

  it('fits every grid point in ParameterGrid order and refits the best', async () => {
    const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', GRID_SWEEP);
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    assert.deepEqual([submitted.body['n_candidates'], submitted.body['total_trials']], [4, 8]);
    const id = submitted.body['id'];
    const sweep = await waitFor(
      async () => (await api<Json>(context.stack.baseUrl, 'GET', `/sweeps/${id}`)).body,
      (body) => ['succeeded', 'failed', 'cancelled'].includes(body['status']),
      180_000,
      `sweep ${id}`,
    );
    assert.equal(sweep['status'], 'succeeded', sweep['error']);
    // list(ParameterGrid(param_grid)): sorted names, the last (model__max_iter) varying fastest.
    assert.deepEqual(sweep['cv_results']['params'], [
      { model__C: 0.1, model__max_iter: 2 },
      { model__C: 0.1, model__max_iter: 3 },
      { model__C: 1.0, model__max_iter: 2 },
      { model__C: 1.0, model__max_iter: 3 },
    ]);
    assert.equal(sweep['spec']['search'], 'grid');
    assert.equal(sweep['refit_run']['status'], 'succeeded');
  });

  it('refuses bad grid requests with a 400 naming the field, and stores nothing', async () => {
    const before = await sweepCount();
    for (const [body, field] of [
      [{ ...GRID_SWEEP, search: 'bayes' }, 'search'],
      [{ ...GRID_SWEEP, n_iter: 3 }, 'n_iter'],
      [{ ...GRID_SWEEP, param_grid: { model__C: { dist: 'uniform', low: 0.1, high: 1 } } }, 'param_grid.model__C'],
      [{ ...GRID_SWEEP, param_grid: { model__C: Array.from({ length: 400 }, (_, i) => i + 1), model__max_iter: Array.from({ length: 300 }, (_, i) => i + 1) } }, 'param_grid'],
      [{ ...GRID_SWEEP, param_grid: { model__max_iter: [2, 0] } }, 'param_grid.model__max_iter[1]'],
    ] as const) {
      const refused = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', body);
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.equal(refused.body['field'], field, JSON.stringify(refused.body));
    }
    assert.equal(await sweepCount(), before);
  });
});
