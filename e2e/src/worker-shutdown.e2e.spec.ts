import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, useStack, waitFor } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('worker shutdown', () => {
  const context = useStack(1);

  it('finishes the job in progress on SIGTERM before exiting', async () => {
    const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/runs', {
      dataset: 'mnist_784',
      n_samples: 20000,
      split: { test_size: 0.2, random_state: 1 },
      estimator: { type: 'logistic_regression', params: { solver: 'adam', max_iter: 8, tol: 0, random_state: 0 } },
    });
    assert.equal(submitted.status, 202);
    const id = submitted.body['id'];
    await waitFor(async () => (await api<Json>(context.stack.baseUrl, 'GET', `/runs/${id}`)).body, (run) => run['status'] === 'running', 60_000, 'the run to start');

    const [worker] = context.stack.workers;
    worker.child.kill('SIGTERM');
    // Nest re-raises the signal once its shutdown hooks are done, so a clean exit reads as SIGTERM.
    const exit = await worker.exited;
    assert.ok(exit === 0 || exit === 'SIGTERM', `worker exited with ${String(exit)}:\n${worker.output()}`);

    const run = (await api<Json>(context.stack.baseUrl, 'GET', `/runs/${id}`)).body;
    assert.equal(run['status'], 'succeeded', run['error']);
    assert.equal(run['attempts'], 1);
    assert.match(worker.output(), /finishing the jobs in progress/);
  });
});
