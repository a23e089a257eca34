import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { api, sleep, useStack, waitFor, type ProcessHandle } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the README promises for a worker killed with -9, at the default JOB_LOCK_MS. */
const RECOVERY_BUDGET_MS = 15_000;
const DEFAULT_JOB_LOCK_MS = 5000;

/** Two trials, each fitting for longer than a job lock lasts. */
const LONG_TRIALS = {
  dataset: 'mnist_784',
  n_samples: 30000,
  split: { test_size: 0.2, random_state: 0 },
  estimator: { type: 'logistic_regression', params: { solver: 'adam', random_state: 0, max_iter: 200, tol: 0 } },
  param_distributions: { C: [1.0] },
  n_iter: 1,
  cv: 2,
  random_state: 0,
  refit: false,
};

const workerOf = (workers: readonly ProcessHandle[], trial: Json) => workers.find((worker) => String(trial['worker_id']).endsWith(`:${worker.child.pid}`));

function fitProcessesOf(worker: ProcessHandle): number[] {
  const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(worker.child.pid)], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.trim() !== '').map(Number);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('a worker killed with -9 mid-trial', () => {
  // Three workers for two trials: one is idle to take over the killed worker's trial.
  const context = useStack(3);
  const getSweep = async (id: string) => (await api<Json>(context.stack.baseUrl, 'GET', `/sweeps/${id}`)).body;

  it(`has its trial running again on another worker within ${RECOVERY_BUDGET_MS / 1000} s, and no long fit runs twice`, async () => {
    const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', LONG_TRIALS);
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    const id = submitted.body['id'];
    const started = await waitFor(
      () => getSweep(id),
      (sweep) => sweep['trials'].every((trial: Json) => trial['status'] === 'running'),
      90_000,
      'both trials running',
    );
    // Let the fits get under way (past the first lock renewal) before the kill.
    await sleep(3000);
    const [target, other] = started['trials'] as Json[];
    const victim = workerOf(context.stack.workers, target);
    assert.ok(victim, `no worker runs ${JSON.stringify(target)}`);
    const orphans = fitProcessesOf(victim);
    assert.ok(orphans.length >= 1, 'the worker fits in a process of its own');

    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    const isTarget = (trial: Json) => trial['candidate'] === target['candidate'] && trial['fold'] === target['fold'];
    const recovered = await waitFor(
      () => getSweep(id),
      (sweep) => {
        const trial = sweep['trials'].find(isTarget);
        return trial['attempts'] >= 2 && ['running', 'succeeded'].includes(trial['status']) && !String(trial['worker_id']).endsWith(`:${victim.child.pid}`);
      },
      60_000,
      'the killed trial to run again elsewhere',
    );
    const recoveryMs = Date.now() - killedAt;
    console.log(`kill -9 recovery: the trial was running again on another worker after ${(recoveryMs / 1000).toFixed(1)} s`);
    assert.ok(recoveryMs < RECOVERY_BUDGET_MS, `recovery took ${recoveryMs} ms`);
    assert.ok(workerOf(context.stack.workers, recovered['trials'].find(isTarget)));
    await waitFor(async () => orphans.filter(isRunning), (running) => running.length === 0, 5000, "the killed worker's fit process to end");

    const sweep = await waitFor(() => getSweep(id), (current) => current['status'] !== 'running', 180_000, 'the sweep to end');
    assert.equal(sweep['status'], 'succeeded', sweep['error']);
    const finishedOther = sweep['trials'].find((trial: Json) => trial['candidate'] === other['candidate'] && trial['fold'] === other['fold']);
    assert.ok(finishedOther['fit_seconds'] * 1000 > DEFAULT_JOB_LOCK_MS, `the fit (${finishedOther['fit_seconds']} s) outlasted a lock`);
    assert.equal(finishedOther['attempts'], 1, 'a fit longer than the lock is not handed to a second worker');
    assert.equal(sweep['trials'].find(isTarget)['attempts'], 2);
  });
});
