import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, useStack, waitFor, type ProcessHandle } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SMALL_RUN = {
  dataset: 'mnist_784',
  n_samples: 2000,
  split: { test_size: 0.2, random_state: 0 },
  estimator: { type: 'logistic_regression', params: { max_iter: 5, random_state: 0 } },
};

/** Fits long enough to kill its worker twice mid-fit. */
const LONG_RUN = {
  ...SMALL_RUN,
  n_samples: 30000,
  estimator: { type: 'logistic_regression', params: { solver: 'adam', max_iter: 400, tol: 0, random_state: 0 } },
};

const ready = (worker: ProcessHandle) => waitFor(async () => worker.output(), (output) => output.includes('ready'), 30_000, 'a worker to start');
const alive = (worker: ProcessHandle) => worker.child.exitCode === null && worker.child.signalCode === null;

describe('a fit that exhausts its memory', () => {
  // 60 million depth-1 trees on a few hundred samples: cheap trees, but one seed per tree is drawn
  // up front, which a 512 MB fit cannot hold; a small run fits in it.
  // The api's admission check would refuse this fit at a lower RUN_MAX_MEMORY_MB; the point here is the worker's own limit.
  const context = useStack(1, { WORKER_FIT_MAX_MEMORY_MB: '512', RUN_MAX_MEMORY_MB: '1048576' });
  const getRun = async (id: string) => (await api<Json>(context.stack.baseUrl, 'GET', `/runs/${id}`)).body;
  const finished = (id: string) => waitFor(() => getRun(id), (run) => ['succeeded', 'failed'].includes(run['status']), 120_000, `run ${id}`);

  it('fails that run with a clear error, and the worker serves the next run', async () => {
    const huge = await api<Json>(context.stack.baseUrl, 'POST', '/runs', {
      dataset: 'mnist_784',
      n_samples: 500,
      split: { test_size: 0.2, random_state: 0 },
      estimator: { type: 'random_forest', params: { n_estimators: 60_000_000, max_depth: 1, random_state: 0 } },
    });
    assert.equal(huge.status, 202, JSON.stringify(huge.body));
    const next = await api<Json>(context.stack.baseUrl, 'POST', '/runs', SMALL_RUN);

    const failed = await finished(huge.body['id']);
    assert.equal(failed['status'], 'failed');
    assert.match(failed['error'], /the fit (ran out of memory: its JavaScript heap reached its limit|used \d+ MB of memory, more than the 512 MB)/);
    assert.equal(failed['attempts'], 1, 'a fit that runs out of memory is not retried');

    const served = await finished(next.body['id']);
    assert.equal(served['status'], 'succeeded', served['error']);
    const [worker] = context.stack.workers;
    assert.ok(alive(worker), `the worker died:\n${worker.output()}`);
    assert.equal(served['worker_id'], failed['worker_id'], 'the same worker process took the next run');
  });
});

describe('a job whose worker process keeps dying', () => {
  const context = useStack(1, { WORKER_MAX_FIT_ATTEMPTS: '2', JOB_LOCK_MS: '2000' });
  const read = async (path: string) => (await api<Json>(context.stack.baseUrl, 'GET', path)).body;
  const MESSAGE = /the worker process died 2 times while fitting it; not fitted again \(WORKER_MAX_FIT_ATTEMPTS=2\)/;

  /** Kills the worker that runs the job twice, each time once a fresh worker is ready to take over. */
  async function killTwice(claimOf: () => Promise<Json>): Promise<void> {
    for (let attempt = 1; attempt <= 2; attempt++) {
      const victim = context.stack.workers.at(-1) as ProcessHandle;
      await waitFor(
        claimOf,
        (claim) => claim['status'] === 'running' && claim['attempts'] === attempt && String(claim['worker_id']).endsWith(`:${victim.child.pid}`),
        // A sweep's replacement worker takes the other, waiting fold first and comes back to this
        // one only when that long fit ends: minutes on a loaded machine.
        240_000,
        `attempt ${attempt} running on worker ${victim.child.pid}`,
      );
      await ready(context.stack.addWorker());
      victim.child.kill('SIGKILL');
      await victim.exited;
    }
  }

  it('is marked failed after WORKER_MAX_FIT_ATTEMPTS claims instead of being fitted again', async () => {
    const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/runs', LONG_RUN);
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    const id = submitted.body['id'];
    await killTwice(() => read(`/runs/${id}`));
    const run = await waitFor(() => read(`/runs/${id}`), (current) => current['status'] !== 'running', 60_000, 'the run to end');
    assert.equal(run['status'], 'failed');
    assert.equal(run['attempts'], 3);
    assert.match(run['error'], MESSAGE);

    const survivor = context.stack.workers.at(-1) as ProcessHandle;
    const next = await api<Json>(context.stack.baseUrl, 'POST', '/runs', SMALL_RUN);
    const served = await waitFor(() => read(`/runs/${next.body['id']}`), (current) => current['status'] === 'succeeded', 60_000, 'the next run');
    assert.ok(String(served['worker_id']).endsWith(`:${survivor.child.pid}`));
  });

  it('as a trial, is a failed trial with a null score, and its sweep still finishes', async () => {
    const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', {
      ...LONG_RUN,
      param_distributions: { C: [1.0] },
      n_iter: 1,
      cv: 2,
      refit: false,
    });
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    const id = submitted.body['id'];
    // One worker at a time: the trial it holds is the one that keeps dying.
    const heldTrial = async () => {
      const sweep = await read(`/sweeps/${id}`);
      const victim = context.stack.workers.at(-1) as ProcessHandle;
      return sweep['trials'].find((trial: Json) => String(trial['worker_id']).endsWith(`:${victim.child.pid}`)) ?? {};
    };
    const first = await waitFor(heldTrial, (trial) => trial['status'] === 'running', 90_000, 'a trial running');
    const isFirst = (trial: Json) => trial['candidate'] === first['candidate'] && trial['fold'] === first['fold'];
    await killTwice(async () => (await read(`/sweeps/${id}`))['trials'].find(isFirst));
    const sweep = await waitFor(() => read(`/sweeps/${id}`), (current) => !['queued', 'running'].includes(current['status']), 180_000, 'the sweep to end');
    const failed = sweep['trials'].find(isFirst);
    assert.equal(failed['status'], 'failed');
    assert.equal(failed['test_score'], null);
    assert.match(failed['error'], MESSAGE);
    assert.equal(sweep['status'], 'succeeded', sweep['error']);
    assert.equal(sweep['trials'].filter((trial: Json) => trial['status'] === 'succeeded').length, 1, 'the other fold was fitted');
  });
});
