import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logistic, scaledPipeline, scaledRun } from './requests';
import { api, useStack, waitFor } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A forest that takes far longer to fit than the test waits for anything. */
const SLOW_RUN = scaledRun({ type: 'random_forest', params: { n_estimators: 300, random_state: 0 } }, 20000);
const QUICK_RUN = scaledRun(logistic({ C: 1, max_iter: 5, random_state: 0 }), 2000);
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/**
 * Cancelling and deleting runs, sweeps and models (issue #19 item 11) with one worker of
 * concurrency 1, so that what is queued behind a running fit is known.
 */
describe('cancelling and deleting runs, sweeps and models', () => {
  const context = useStack(1);
  const call = (method: string, url: string, body?: unknown) => api<Json>(context.stack.baseUrl, method, url, body);
  const getRun = async (id: string) => (await call('GET', `/runs/${id}`)).body;
  const submit = async (body: unknown) => {
    const submitted = await call('POST', '/runs', body);
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    return submitted.body['id'] as string;
  };

  it('cancels a running fit (its worker stops it and records nothing) and a queued run (never fitted)', async () => {
    const slow = await submit(SLOW_RUN);
    // issue #19 item 13: the worker writes the fit's progress; the api adds elapsed time and an ETA.
    const running = await waitFor(
      () => getRun(slow),
      (run) => run['status'] === 'running' && run['progress']?.['stage'] === 'fit' && run['progress']['done'] > 0,
      90_000,
      'the slow run to report trees built',
    );
    const progress = running['progress'];
    assert.deepEqual([progress['unit'], progress['total'], progress['loss']], ['trees', 300, null], JSON.stringify(progress));
    assert.ok(progress['done'] < 300 && progress['eta_seconds'] > 0 && progress['elapsed_seconds'] > 0, JSON.stringify(progress));
    assert.ok(running['timings']['queue_wait_seconds'] >= 0);
    const next = await submit(QUICK_RUN);
    const queued = await submit(QUICK_RUN);

    assert.deepEqual(await call('POST', `/runs/${queued}/cancel`), { status: 200, body: { id: queued, status: 'cancelled' } });
    const refused = await call('DELETE', `/runs/${slow}`);
    assert.equal(refused.status, 409);
    assert.match(refused.body['message'], /is running: cancel it first \(POST \/runs\/.+\/cancel\)/);

    const cancelledAt = Date.now();
    assert.deepEqual(await call('POST', `/runs/${slow}/cancel`), { status: 200, body: { id: slow, status: 'cancelled' } });
    // The one worker takes the next run only once the forest's fit process is gone: within about a poll, not 300 trees later.
    const after = await waitFor(() => getRun(next), (run) => run['status'] === 'succeeded' || run['status'] === 'failed', 60_000, 'the next run');
    assert.equal(after['status'], 'succeeded', after['error']);
    const startedAfter = (Date.parse(after['timings']['started_at']) - cancelledAt) / 1000;
    assert.ok(startedAfter < 10, `the next run started ${startedAfter} s after the cancel`);
    assert.match(context.stack.workers[0].output(), new RegExp(`run ${slow}: cancelled; its fit was stopped`));

    const stopped = await getRun(slow);
    assert.equal(stopped['status'], 'cancelled');
    assert.deepEqual([stopped['metrics'], stopped['model'], stopped['progress']], [null, null, null]);
    const never = await getRun(queued);
    assert.deepEqual([never['status'], never['attempts'], never['timings']['started_at']], ['cancelled', 0, null]);

    const again = await call('POST', `/runs/${slow}/cancel`);
    assert.equal(again.status, 409);
    assert.match(again.body['message'], /already cancelled/);
    assert.equal((await call('POST', `/runs/${UNKNOWN}/cancel`)).status, 404);
  });

  it('deletes a model (its run stays, without it), then the run with its results', async () => {
    const id = await submit(QUICK_RUN);
    const run = await waitFor(() => getRun(id), (found) => found['status'] === 'succeeded', 60_000, 'the run');
    // A finished run's duration, split by stage; all but the queue wait fall between its start and finish.
    const { started_at, finished_at, queue_wait_seconds, ...stages } = run['timings'];
    const split = [stages['load_seconds'], stages['fit_seconds'], stages['evaluate_seconds'], stages['save_seconds']];
    assert.ok(queue_wait_seconds >= 0 && split.every((value) => value > 0), JSON.stringify(run['timings']));
    assert.ok(stages['predict_seconds'] <= stages['evaluate_seconds']);
    const wall = (Date.parse(finished_at) - Date.parse(started_at) + 1) / 1000;
    assert.ok(split.reduce((a, b) => a + b, 0) <= wall, `${JSON.stringify(run['timings'])} within ${wall} s`);
    assert.equal(run['progress'], null);
    const modelId = run['model']['id'];
    assert.deepEqual(await call('DELETE', `/models/${modelId}`), { status: 204, body: null });
    assert.equal((await call('GET', `/models/${modelId}`)).status, 404);
    assert.equal((await call('DELETE', `/models/${modelId}`)).status, 404);
    const withoutModel = await getRun(id);
    assert.equal(withoutModel['status'], 'succeeded');
    assert.equal(withoutModel['model'], null);

    assert.deepEqual(await call('DELETE', `/runs/${id}`), { status: 204, body: null });
    assert.equal((await call('GET', `/runs/${id}`)).status, 404);
    assert.equal((await call('GET', `/runs/${id}/evaluation`)).status, 404);
    const listed = await call('GET', '/runs?limit=100');
    assert.ok(!listed.body['items'].some((item: Json) => item['id'] === id));
    assert.equal((await call('DELETE', `/runs/${UNKNOWN}`)).status, 404);
  });

  it('refuses to delete an unfinished sweep, and deletes a cancelled one with its trials', async () => {
    const submitted = await call('POST', '/sweeps', {
      dataset: 'mnist_784',
      n_samples: 2000,
      estimator: scaledPipeline(logistic({ max_iter: 3, random_state: 0 })),
      param_distributions: { model__C: [0.1, 1, 10] },
      n_iter: 3,
      cv: 2,
      random_state: 0,
    });
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    const id = submitted.body['id'];
    const refused = await call('DELETE', `/sweeps/${id}`);
    assert.equal(refused.status, 409);
    assert.match(refused.body['message'], /cancel it first \(POST \/sweeps\/.+\/cancel\)/);
    assert.equal((await call('POST', `/sweeps/${id}/cancel`)).status, 200);
    assert.deepEqual(await call('DELETE', `/sweeps/${id}`), { status: 204, body: null });
    assert.equal((await call('GET', `/sweeps/${id}`)).status, 404);
    assert.equal((await call('DELETE', `/sweeps/${id}`)).status, 404);
  });
});
