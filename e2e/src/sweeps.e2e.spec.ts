import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deleteRedisKeys } from './services';
import { api, fetchAsAdmin, useStack, waitFor } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const pipeline = (model: Json) => ({ type: 'pipeline', steps: [['scale', { type: 'standard_scaler' }], ['model', model]] });

const SMALL_SWEEP = {
  dataset: 'mnist_784',
  n_samples: 1200,
  split: { test_size: 0.2, random_state: 42 },
  estimator: pipeline({ type: 'logistic_regression', params: { solver: 'adam', random_state: 0, learning_rate_init: 0.01 } }),
  param_distributions: { model__C: [0.01, 0.1, 1.0], model__max_iter: [2, 4] },
  n_iter: 4,
  cv: 2,
  random_state: 0,
};

describe('sweeps through api and two workers', () => {
  const context = useStack(2, { JOB_LOCK_MS: '3000' });

  const getSweep = async (id: string) => (await api<Json>(context.stack.baseUrl, 'GET', `/sweeps/${id}`)).body;
  const waitForSweep = (id: string, statuses = ['succeeded', 'failed', 'cancelled'], timeoutMs = 180_000) =>
    waitFor(() => getSweep(id), (sweep) => statuses.includes(sweep['status']), timeoutMs, `sweep ${id}`);

  it("scores with several scikit-learn scorers, ranks by each, refits by the one refit names, with train scores", async () => {
    const body = { ...SMALL_SWEEP, n_iter: 2, scoring: ['accuracy', 'neg_log_loss', 'f1_macro'], refit: 'neg_log_loss', return_train_score: true };
    const refused = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', { ...body, refit: true });
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(refused.body), /refit/);
    const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', body);
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    const sweep = await waitForSweep(submitted.body['id']);
    assert.equal(sweep['status'], 'succeeded', sweep['error']);
    const cv = sweep['cv_results'];
    for (const scorer of ['accuracy', 'neg_log_loss', 'f1_macro']) {
      for (const column of [`split0_test_${scorer}`, `mean_test_${scorer}`, `std_test_${scorer}`, `rank_test_${scorer}`, `mean_train_${scorer}`]) {
        assert.equal(cv[column]?.length, 2, `${column} in ${Object.keys(cv).join(', ')}`);
      }
    }
    assert.ok(cv['mean_test_neg_log_loss'].every((loss: number) => loss < 0), 'neg_log_loss is negative: greater is better');
    const best = cv['rank_test_neg_log_loss'].indexOf(1);
    assert.deepEqual([sweep['best']['index'], sweep['best']['score']], [best, cv['mean_test_neg_log_loss'][best]]);
    assert.deepEqual(Object.keys(sweep['candidates'][0]['mean_test_scores']), ['neg_log_loss', 'accuracy', 'f1_macro']);
    for (const trial of sweep['trials']) assert.ok(trial['scores']['train']['accuracy'] >= trial['scores']['test']['accuracy'] - 0.2, JSON.stringify(trial));
  });

  it('runs every (candidate, fold) once, aggregates cv_results_ and refits the best candidate', async () => {
    const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', SMALL_SWEEP);
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    assert.equal(submitted.body['n_candidates'], 4);
    assert.equal(submitted.body['total_trials'], 8);
    const sweep = await waitForSweep(submitted.body['id']);
    assert.equal(sweep['status'], 'succeeded', sweep['error']);
    assert.deepEqual(sweep['progress'], { done: 8, total: 8, queued: 0, running: 0, succeeded: 8, failed: 0, cancelled: 0 });
    assert.equal(sweep['trials'].length, 8);
    for (const trial of sweep['trials']) assert.ok(trial['test_score'] > 0.5, JSON.stringify(trial));
    const cv = sweep['cv_results'];
    assert.equal(cv['params'].length, 4);
    assert.equal(cv['complete'], true);
    assert.ok(cv['rank_test_score'].every((rank: number) => rank >= 1 && rank <= 4));
    const best = cv['rank_test_score'].indexOf(1);
    assert.equal(sweep['best']['index'], best);
    assert.equal(sweep['best']['score'], Math.max(...cv['mean_test_score']));
    const mean = (cv['split0_test_score'][best] + cv['split1_test_score'][best]) / 2;
    assert.ok(Math.abs(cv['mean_test_score'][best] - mean) < 1e-12);

    const refit = sweep['refit_run'];
    assert.equal(refit['status'], 'succeeded');
    const run = (await api<Json>(context.stack.baseUrl, 'GET', `/runs/${refit['id']}`)).body;
    assert.equal(run['sweep_id'], sweep['id']);
    const model = run['spec']['estimator']['params']['steps'][1][1]['params'];
    assert.equal(model['C'], sweep['best']['params']['model__C']);
    assert.equal(model['max_iter'], sweep['best']['params']['model__max_iter']);
    assert.ok(run['metrics']['test']['accuracy'] > 0.5);
    assert.ok(run['metrics']['train']['accuracy'] > 0.5);
    assert.ok(run['model']['size_bytes'] > 0);

    const history = (await api<Json>(context.stack.baseUrl, 'GET', '/sweeps?status=succeeded')).body;
    assert.ok(history['items'].some((item: Json) => item['id'] === sweep['id'] && item['done_trials'] === 8));
  });

  it('rejects a search space value the estimator does not allow, storing nothing', async () => {
    const before = (await api<Json>(context.stack.baseUrl, 'GET', '/sweeps?limit=100')).body['items'].length;
    const response = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', {
      ...SMALL_SWEEP,
      param_distributions: { model__C: [1.0, 0] },
    });
    assert.equal(response.status, 400);
    assert.equal(response.body['field'], 'param_distributions.model__C[1]');
    assert.match(response.body['message'], /0 is not allowed for model__C/);
    const unknown = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', { ...SMALL_SWEEP, param_distributions: { model__gamma: [1] } });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body['field'], 'param_distributions.model__gamma');
    const notebookGrid = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', {
      ...SMALL_SWEEP,
      estimator: pipeline({ type: 'random_forest', params: { random_state: 42 } }),
      param_distributions: { model__n_estimators: [25, 50], model__max_depth: [null, 0, 1, 2] },
    });
    assert.equal(notebookGrid.status, 400);
    assert.equal(notebookGrid.body['field'], 'param_distributions.model__max_depth[1]');
    assert.match(notebookGrid.body['message'], /0 is not allowed for model__max_depth \(RandomForestClassifier\): must be an int in the range \[1, inf\) or null/);
    const scoring = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', { ...SMALL_SWEEP, scoring: 'f1' });
    assert.equal(scoring.status, 400);
    assert.equal(scoring.body['field'], 'scoring');
    assert.equal((await api<Json>(context.stack.baseUrl, 'GET', '/sweeps?limit=100')).body['items'].length, before);
  });

  it('goes on past a candidate whose fit fails: that trial is failed with its message and a null score', async () => {
    const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', {
      ...SMALL_SWEEP,
      // scikit-learn, too, accepts max_samples with bootstrap=False at construction and fails in fit.
      estimator: pipeline({ type: 'random_forest', params: { n_estimators: 5, max_samples: 0.5, random_state: 0 } }),
      param_distributions: { model__bootstrap: [true, false] },
      n_iter: 2,
      cv: 2,
    });
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    const sweep = await waitForSweep(submitted.body['id']);
    assert.equal(sweep['status'], 'succeeded', sweep['error']);
    const failing = sweep['candidates'].find((candidate: Json) => candidate['params']['model__bootstrap'] === false);
    assert.equal(failing['status'], 'failed');
    assert.deepEqual(failing['fold_scores'], [null, null]);
    assert.equal(failing['mean_test_score'], null);
    assert.equal(failing['rank_test_score'], 2);
    const failedTrials = sweep['trials'].filter((trial: Json) => trial['candidate'] === failing['index']);
    assert.ok(failedTrials.every((trial: Json) => trial['status'] === 'failed' && /max_samples/.test(trial['error'])));
    assert.equal(sweep['best']['params']['model__bootstrap'], true);
    assert.equal(sweep['refit_run']['status'], 'succeeded');
  });

  it('cancel stops pending trials and records the sweep as cancelled', async () => {
    const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', {
      ...SMALL_SWEEP,
      n_samples: 6000,
      param_distributions: { model__C: [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30], model__max_iter: [3, 5] },
      n_iter: 16,
      cv: 3,
    });
    assert.equal(submitted.status, 202);
    const id = submitted.body['id'];
    const cancelled = await api<Json>(context.stack.baseUrl, 'POST', `/sweeps/${id}/cancel`);
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.ok(cancelled.body['cancelled_trials'] > 0);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const sweep = await getSweep(id);
    assert.equal(sweep['status'], 'cancelled');
    assert.ok(sweep['progress']['cancelled'] >= cancelled.body['cancelled_trials'] - 2, JSON.stringify({ progress: sweep['progress'], cancelled: cancelled.body }));
    assert.equal(sweep['progress']['queued'], 0);
    assert.ok(sweep['progress']['succeeded'] + sweep['progress']['failed'] <= 2, 'at most the trials already running finish');
    assert.deepEqual(await api(context.stack.baseUrl, 'POST', `/sweeps/${id}/cancel`), {
      status: 409,
      body: { error: 'conflict', message: `sweep ${id} is already cancelled` },
    });
  });

  it('completes after Redis loses every job, re-enqueuing unfinished trials from Postgres', async () => {
    const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', {
      ...SMALL_SWEEP,
      n_samples: 5000,
      param_distributions: { model__C: [0.01, 0.1, 1.0], model__max_iter: [3, 5] },
      n_iter: 6,
      cv: 3,
      random_state: 1,
    });
    const id = submitted.body['id'];
    const midway = await waitFor(() => getSweep(id), (sweep) => sweep['progress']['done'] >= 1, 60_000, 'a first trial');
    await deleteRedisKeys(context.services.redisUrl, `${context.services.queuePrefix}:*`);
    assert.ok(midway['progress']['done'] < 18, 'Redis was emptied while trials were pending');
    const sweep = await waitForSweep(id);
    assert.equal(sweep['status'], 'succeeded', sweep['error']);
    assert.equal(sweep['progress']['succeeded'], 18);
    assert.equal(sweep['refit_run']['status'], 'succeeded');
    assert.ok(context.stack.workers.some((worker) => /re-enqueued \d+ unfinished jobs/.test(worker.output())));
  });

  it('loses nothing when a worker is killed mid-trial: the trial runs again elsewhere and is recorded once', async () => {
    const victim = context.stack.addWorker();
    await waitFor(async () => victim.output(), (output) => output.includes('ready'), 30_000, 'the extra worker');
    const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', {
      ...SMALL_SWEEP,
      n_samples: 30000,
      param_distributions: { model__C: [0.1, 1.0] },
      estimator: pipeline({ type: 'logistic_regression', params: { solver: 'adam', random_state: 0, max_iter: 6, tol: 0 } }),
      n_iter: 2,
      cv: 2,
      random_state: 3,
    });
    const id = submitted.body['id'];
    const victimId = `:${victim.child.pid}`;
    await waitFor(
      () => getSweep(id),
      (sweep) => sweep['trials'].some((trial: Json) => trial['status'] === 'running' && String(trial['worker_id']).endsWith(victimId)),
      60_000,
      'a trial running on the worker to kill',
    );
    victim.child.kill('SIGKILL');
    const sweep = await waitForSweep(id, undefined, 240_000);
    assert.equal(sweep['status'], 'succeeded', sweep['error']);
    assert.equal(sweep['trials'].length, 4);
    assert.ok(sweep['trials'].every((trial: Json) => trial['status'] === 'succeeded' && trial['test_score'] !== null));
    const rerun = sweep['trials'].filter((trial: Json) => trial['attempts'] > 1);
    assert.ok(rerun.length >= 1, 'the killed trial was claimed again');
    assert.ok(rerun.every((trial: Json) => !String(trial['worker_id']).endsWith(victimId)), 'and finished on another worker');
  });

  it('streams progress as server-sent events until the sweep ends', async () => {
    const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', { ...SMALL_SWEEP, random_state: 2 });
    const response = await fetchAsAdmin(`${context.stack.baseUrl}/sweeps/${submitted.body['id']}/events`);
    assert.equal(response.headers.get('content-type')?.split(';')[0], 'text/event-stream');
    const text = await response.text();
    const events = text.split('\n').filter((line) => line.startsWith('data: ')).map((line) => JSON.parse(line.slice(6)));
    assert.ok(events.length >= 2);
    assert.ok(events.at(-1)['status'] === 'succeeded');
    const done = events.map((event) => event['progress']['done']);
    assert.deepEqual(done, [...done].sort((a, b) => a - b));
  });
});
