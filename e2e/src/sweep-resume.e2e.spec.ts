import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { logistic, scaledPipeline } from './requests';
import { api, sleep, useStack, waitFor } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** 6 candidates x 2 folds of a logistic regression slow enough (about a second a trial) to cancel midway. */
const GRID_SWEEP = {
  search: 'grid',
  dataset: 'mnist_784',
  n_samples: 2000,
  split: { test_size: 0.2, random_state: 0 },
  estimator: scaledPipeline(logistic({ solver: 'adam', random_state: 0, max_iter: 20 })),
  param_grid: { model__C: [0.01, 0.1, 1], model__learning_rate_init: [0.001, 0.01] },
  cv: 2,
};

const FINISHED = ['succeeded', 'failed', 'cancelled'];

describe('POST /sweeps/:id/resume through api and two workers', () => {
  const context = useStack(2);
  const call = (method: string, url: string, body?: unknown) => api<Json>(context.stack.baseUrl, method, url, body);
  const getSweep = async (id: string) => (await call('GET', `/sweeps/${id}`)).body;

  it('reruns only the trials a cancelled sweep did not finish, then finalises and refits it', async (t) => {
    const submitted = await call('POST', '/sweeps', GRID_SWEEP);
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    const id = submitted.body['id'];
    assert.equal((await call('POST', `/sweeps/${id}/resume`)).status, 409, 'a queued sweep is not resumable');
    await waitFor(() => getSweep(id), (sweep) => sweep['progress']['succeeded'] >= 2 || FINISHED.includes(sweep['status']), 120_000, `two trials of sweep ${id}`);
    const cancel = await call('POST', `/sweeps/${id}/cancel`);
    assert.equal(cancel.status, 200, `the sweep finished before it could be cancelled: ${JSON.stringify(cancel.body)}`);
    // Trials running at the cancel finish, unrecorded; let them, so the rows below are settled.
    await sleep(3000);
    const cancelled = await getSweep(id);
    assert.equal(cancelled['status'], 'cancelled');
    const kept: Json[] = cancelled['trials'].filter((trial: Json) => trial['status'] === 'succeeded');
    const toRerun = cancelled['trials'].filter((trial: Json) => trial['status'] === 'cancelled').length;
    assert.ok(kept.length >= 2 && toRerun > 0, JSON.stringify(cancelled['progress']));
    t.diagnostic(`cancelled with ${kept.length} trials succeeded and ${toRerun} cancelled`);

    const resumed = await call('POST', `/sweeps/${id}/resume`);
    assert.equal(resumed.status, 200, JSON.stringify(resumed.body));
    assert.deepEqual(resumed.body, { id, status: 'queued', rerun_trials: toRerun });
    const done = await waitFor(() => getSweep(id), (sweep) => FINISHED.includes(sweep['status']), 240_000, `resumed sweep ${id}`);
    assert.equal(done['status'], 'succeeded', done['error']);
    assert.deepEqual(done['progress'], { done: 12, total: 12, queued: 0, running: 0, succeeded: 12, failed: 0, cancelled: 0 });
    // The finished trials were not run again: same score, same record time, one attempt.
    for (const before of kept) {
      const after = done['trials'].find((trial: Json) => trial['candidate'] === before['candidate'] && trial['fold'] === before['fold']);
      assert.deepEqual([after['test_score'], after['recorded_at'], after['attempts']], [before['test_score'], before['recorded_at'], 1]);
    }
    assert.equal(done['cv_results']['complete'], true);
    assert.equal(done['refit_run']['status'], 'succeeded');

    const again = await call('POST', `/sweeps/${id}/resume`);
    assert.equal(again.status, 409, 'a succeeded sweep is not resumable');
    assert.match(again.body['message'], /only a failed or cancelled sweep can be resumed/);
    assert.equal((await call('POST', `/sweeps/${randomUUID()}/resume`)).status, 404);
  });
});
