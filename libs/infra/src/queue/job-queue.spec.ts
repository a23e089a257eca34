import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { QUEUES, type FinalizeSweepJob, type RunTrialJob, type TrainRunJob } from '@mnist-lab/contracts';
import type { EstimatorSpec } from '@mnist-lab/ml';
import { Queue, type ConnectionOptions } from 'bullmq';
import { redisConnectionOptions } from '../config/env';
import { JOB_OPTIONS, JobQueue, trialPriorities, type SweepJobsPlan } from './job-queue';

const FOREST: EstimatorSpec = { type: 'random_forest', params: { random_state: 0 } };
/** Candidates 1 and 3 cost the same; 2 is the costliest, 0 the cheapest. */
const SWEEP_CANDIDATES = [{ n_estimators: 10 }, { n_estimators: 100 }, { n_estimators: 300 }, { n_estimators: 100 }];

describe('trialPriorities', () => {
  it('puts the costliest candidate first and keeps candidate order between equal costs', () => {
    assert.deepEqual(trialPriorities(FOREST, SWEEP_CANDIDATES), [4, 2, 1, 3]);
  });

  it('reads the cost of the setting, not only of the base estimator', () => {
    const pipeline: EstimatorSpec = {
      type: 'pipeline',
      params: { steps: [['scale', { type: 'standard_scaler' }], ['model', { type: 'random_forest', params: { random_state: 0 } }]] },
    };
    assert.deepEqual(trialPriorities(pipeline, [{ model__max_depth: 2 }, { model__max_depth: 20 }]), [2, 1]);
  });
});

describe('JobQueue (against Redis: TEST_REDIS_URL, else the one on localhost)', () => {
  const prefix = `test-job-queue-${process.pid}-${randomBytes(4).toString('hex')}`;
  let queues: { runs: Queue<TrainRunJob>; trials: Queue<RunTrialJob>; sweeps: Queue<FinalizeSweepJob> };
  let jobs: JobQueue;

  before(() => {
    const connection: ConnectionOptions = redisConnectionOptions(process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379');
    queues = {
      runs: new Queue(QUEUES.runs, { connection, prefix }),
      trials: new Queue(QUEUES.trials, { connection, prefix }),
      sweeps: new Queue(QUEUES.sweeps, { connection, prefix }),
    };
    jobs = new JobQueue(queues.runs, queues.trials, queues.sweeps);
  });

  after(async () => {
    for (const queue of Object.values(queues)) {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  const sweep = (): SweepJobsPlan => ({ id: randomUUID(), estimator: FOREST, candidates: SWEEP_CANDIDATES, cv: 2 });

  it('gives a run one job, with a deterministic id and the retry options, however often it is enqueued', async () => {
    const runId = randomUUID();
    await jobs.enqueueRuns([runId]);
    await jobs.enqueueRuns([runId]);
    const job = await queues.runs.getJob(`run-${runId}`);
    assert.deepEqual(job?.data, { runId });
    assert.equal(job?.opts.attempts, JOB_OPTIONS.attempts);
    assert.deepEqual(job?.opts.backoff, JOB_OPTIONS.backoff);
    assert.equal((await queues.runs.getJobs(['waiting', 'prioritized'])).filter((j) => j.data.runId === runId).length, 1);
  });

  it("queues every (candidate, fold) of a sweep at its candidate's priority, costliest first", async () => {
    const plan = sweep();
    assert.equal(await jobs.enqueueTrials(plan), 8);
    for (const [candidate, priority] of [4, 2, 1, 3].entries()) {
      for (const fold of [0, 1]) {
        const job = await queues.trials.getJob(`trial-${plan.id}-${candidate}-${fold}`);
        assert.deepEqual(job?.data, { sweepId: plan.id, candidate, fold });
        assert.equal(job?.opts.priority, priority);
        assert.equal(job?.opts.attempts, JOB_OPTIONS.attempts);
      }
    }
    const ofThisSweep = (await queues.trials.getJobs(['prioritized'])).filter((job) => job.data.sweepId === plan.id);
    assert.equal(ofThisSweep.length, 8);
  });

  it('re-enqueues lost trials (recovery) at the priorities they were first given', async () => {
    const plan = sweep();
    await jobs.enqueueTrials(plan);
    const first = new Map((await queues.trials.getJobs(['prioritized'])).filter((job) => job.data.sweepId === plan.id).map((job) => [job.id, job.opts.priority]));
    // Redis loses the jobs; Postgres still says candidates 1 and 2 are unfinished.
    for (const id of first.keys()) await queues.trials.remove(id as string);
    const unfinished = [{ candidate: 2, fold: 1 }, { candidate: 1, fold: 0 }];
    assert.equal(await jobs.enqueueTrials(plan, unfinished), 2);
    for (const { candidate, fold } of unfinished) {
      const id = `trial-${plan.id}-${candidate}-${fold}`;
      assert.equal((await queues.trials.getJob(id))?.opts.priority, first.get(id));
    }
    assert.equal(await queues.trials.getJob(`trial-${plan.id}-0-0`), undefined);
  });

  it('adds a finalisation once, and withdraws a cancelled sweep\'s pending trials and refit run', async () => {
    const plan = sweep();
    const refitRunId = randomUUID();
    await jobs.enqueueFinalize(plan.id);
    await jobs.enqueueFinalize(plan.id);
    assert.equal((await queues.sweeps.getJobs(['waiting'])).filter((job) => job.data.sweepId === plan.id).length, 1);
    assert.equal((await queues.sweeps.getJob(`finalize-${plan.id}`))?.opts.attempts, JOB_OPTIONS.attempts);

    await jobs.enqueueTrials(plan);
    await jobs.enqueueRuns([refitRunId]);
    await jobs.withdraw(plan.id, [{ candidate: 0, fold: 0 }, { candidate: 3, fold: 1 }], refitRunId);
    assert.equal(await queues.trials.getJob(`trial-${plan.id}-0-0`), undefined);
    assert.equal(await queues.trials.getJob(`trial-${plan.id}-3-1`), undefined);
    assert.notEqual(await queues.trials.getJob(`trial-${plan.id}-0-1`), undefined);
    assert.equal(await queues.runs.getJob(`run-${refitRunId}`), undefined);
  });
});
