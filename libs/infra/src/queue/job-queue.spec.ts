import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { QUEUES, type FinalizeSweepJob, type RunTrialJob, type TrainRunJob } from '@mnist-lab/contracts';
import type { EstimatorSpec } from '@mnist-lab/ml';
import { PRIORITY_LIMIT, Queue, Worker, type ConnectionOptions } from 'bullmq';
import { redisConnectionOptions } from '../config/env';
import { fairPriority } from './fair-share';
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

describe('fairPriority', () => {
  it('numbers a batch consecutively from its first priority, and never past BullMQ\'s limit', () => {
    assert.deepEqual([0, 1, 2].map((index) => fairPriority(7, index)), [7, 8, 9]);
    assert.equal(fairPriority(PRIORITY_LIMIT - 1, 5), PRIORITY_LIMIT);
  });
});

const connection: ConnectionOptions = redisConnectionOptions(process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379');

describe('JobQueue (against Redis: TEST_REDIS_URL, else the one on localhost)', () => {
  let queues: { runs: Queue<TrainRunJob>; trials: Queue<RunTrialJob>; sweeps: Queue<FinalizeSweepJob> };
  let jobs: JobQueue;

  // Each test on empty queues of its own: priorities depend on what is queued.
  beforeEach(() => {
    const prefix = `test-job-queue-${process.pid}-${randomBytes(4).toString('hex')}`;
    queues = {
      runs: new Queue(QUEUES.runs, { connection, prefix }),
      trials: new Queue(QUEUES.trials, { connection, prefix }),
      sweeps: new Queue(QUEUES.sweeps, { connection, prefix }),
    };
    jobs = new JobQueue(queues.runs, queues.trials, queues.sweeps);
  });

  afterEach(async () => {
    for (const queue of Object.values(queues)) {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  const sweep = (project = 'a', candidates: SweepJobsPlan['candidates'] = SWEEP_CANDIDATES): SweepJobsPlan => ({ id: randomUUID(), project, estimator: FOREST, candidates, cv: 2 });
  /** A sweep of `n` equally cheap candidates, two folds each. */
  const cheapSweep = (project: string, n: number) => sweep(project, Array.from({ length: n }, () => ({ n_estimators: 1 })));
  const waitingTrials = async () => (await queues.trials.getPrioritized()).map((job) => ({ sweepId: job.data.sweepId, priority: job.priority }));

  it('gives a run one job, with a deterministic id and the retry options, however often it is enqueued', async () => {
    const runId = randomUUID();
    assert.equal(await jobs.enqueueRuns('a', [runId]), 1);
    assert.equal(await jobs.enqueueRuns('a', [runId]), 0);
    const job = await queues.runs.getJob(`run-${runId}`);
    assert.deepEqual(job?.data, { runId });
    assert.equal(job?.opts.attempts, JOB_OPTIONS.attempts);
    assert.deepEqual(job?.opts.backoff, JOB_OPTIONS.backoff);
    assert.equal((await queues.runs.getJobs(['waiting', 'prioritized'])).filter((j) => j.data.runId === runId).length, 1);
  });

  it("queues every (candidate, fold) of a sweep, costliest candidate first, in consecutive priorities", async () => {
    const plan = sweep();
    assert.equal(await jobs.enqueueTrials(plan), 8);
    // Candidate ranks [4, 2, 1, 3]: candidate 2 first, then 1, 3 and 0, each fold in order.
    for (const [candidate, first] of [[2, 1], [1, 3], [3, 5], [0, 7]]) {
      for (const fold of [0, 1]) {
        const job = await queues.trials.getJob(`trial-${plan.id}-${candidate}-${fold}`);
        assert.deepEqual(job?.data, { sweepId: plan.id, candidate, fold });
        assert.equal(job?.opts.priority, first + fold);
        assert.equal(job?.opts.attempts, JOB_OPTIONS.attempts);
      }
    }
    assert.equal((await queues.trials.getJobs(['prioritized'])).length, 8);
  });

  it("starts a second project's sweep at the head of the queue, then takes turns, and puts a project's next sweep after its own backlog", async () => {
    const a = cheapSweep('a', 50);
    const b = cheapSweep('b', 2);
    await jobs.enqueueTrials(a);
    // A worker took A's first 10 trials.
    for (const job of (await queues.trials.getPrioritized()).slice(0, 10)) await job.remove();
    await jobs.enqueueTrials(b);
    const order = await waitingTrials();
    // B's first trial ties with the job just taken, so it is the next one taken; then B's four and A's alternate.
    assert.deepEqual(order.slice(0, 8).map(({ sweepId }) => (sweepId === a.id ? 'a' : 'b')), ['b', 'a', 'b', 'a', 'b', 'a', 'b', 'a']);
    assert.equal(order[0]?.priority, 10);
    assert.ok(order.slice(8).every(({ sweepId }) => sweepId === a.id));

    const secondOfA = cheapSweep('a', 1);
    await jobs.enqueueTrials(secondOfA);
    const tail = (await waitingTrials()).slice(-2);
    assert.deepEqual(tail.map(({ sweepId, priority }) => [sweepId, priority]), [[secondOfA.id, 101], [secondOfA.id, 102]]);
  });

  /**
   * Runs a worker (one job at a time) on the trials queue until it took `count` jobs; `onTake`
   * runs inside the processor, while the job it was given is active. Returns the sweeps taken, in order.
   */
  const takeTrials = async (count: number, onTake: (taken: readonly string[]) => Promise<void> = async () => undefined) => {
    const taken: string[] = [];
    const worker = new Worker<RunTrialJob>(
      QUEUES.trials,
      async (job) => {
        taken.push(job.data.sweepId);
        await onTake(taken);
      },
      { connection, prefix: queues.trials.opts.prefix, concurrency: 1 },
    );
    try {
      while (taken.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await worker.close();
    }
    return taken;
  };

  it('is taken by a worker in those turns', async () => {
    const a = cheapSweep('a', 10);
    const b = cheapSweep('b', 2);
    await jobs.enqueueTrials(a);
    await jobs.enqueueTrials(b);
    const taken = (await takeTrials(24)).map((sweepId) => (sweepId === a.id ? 'a' : 'b'));
    assert.deepEqual(taken.slice(0, 8), ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
    assert.deepEqual(taken.slice(8), Array<string>(16).fill('a'));
  });

  it("has a worker take a second project's first trial right after the one it is running", async () => {
    const a = cheapSweep('a', 10);
    const b = cheapSweep('b', 1);
    await jobs.enqueueTrials(a);
    // B submits while the worker runs A's third trial.
    const taken = await takeTrials(22, async (sofar) => void (sofar.length === 3 && (await jobs.enqueueTrials(b))));
    assert.deepEqual(taken.map((sweepId) => (sweepId === a.id ? 'a' : 'b')), ['a', 'a', 'a', 'b', 'a', 'b', ...Array<string>(16).fill('a')]);
  });

  it('re-enqueues lost trials (recovery) in their sweep order, leaves queued ones and their turns alone', async () => {
    const plan = sweep();
    await jobs.enqueueTrials(plan);
    // Already queued: a no-op that takes no turns.
    assert.equal(await jobs.enqueueTrials(plan), 0);
    for (const job of await queues.trials.getPrioritized()) await job.remove();
    // Redis lost the jobs; Postgres still says candidates 1 and 2 are unfinished.
    const unfinished = [{ candidate: 1, fold: 0 }, { candidate: 2, fold: 1 }];
    assert.equal(await jobs.enqueueTrials(plan, unfinished), 2);
    // The queue had drained: priorities start again from 1, costliest (candidate 2) first.
    assert.equal((await queues.trials.getJob(`trial-${plan.id}-2-1`))?.opts.priority, 1);
    assert.equal((await queues.trials.getJob(`trial-${plan.id}-1-0`))?.opts.priority, 2);
    assert.equal(await queues.trials.getJob(`trial-${plan.id}-0-0`), undefined);
  });

  it('adds a finalisation once, and withdraws a cancelled sweep\'s pending trials and refit run', async () => {
    const plan = sweep();
    const refitRunId = randomUUID();
    await jobs.enqueueFinalize(plan.id, 8);
    await jobs.enqueueFinalize(plan.id, 8);
    assert.equal((await queues.sweeps.getJobs(['waiting'])).filter((job) => job.data.sweepId === plan.id).length, 1);
    assert.equal((await queues.sweeps.getJob(`finalize-${plan.id}-8`))?.opts.attempts, JOB_OPTIONS.attempts);
    // A halving search's next iteration (more trial rows) finalises again.
    await jobs.enqueueFinalize(plan.id, 11);
    assert.equal((await queues.sweeps.getJobs(['waiting'])).filter((job) => job.data.sweepId === plan.id).length, 2);

    await jobs.enqueueTrials(plan);
    await jobs.enqueueRuns(plan.project, [refitRunId]);
    await jobs.withdraw(plan.id, [{ candidate: 0, fold: 0 }, { candidate: 3, fold: 1 }], refitRunId);
    assert.equal(await queues.trials.getJob(`trial-${plan.id}-0-0`), undefined);
    assert.equal(await queues.trials.getJob(`trial-${plan.id}-3-1`), undefined);
    assert.notEqual(await queues.trials.getJob(`trial-${plan.id}-0-1`), undefined);
    assert.equal(await queues.runs.getJob(`run-${refitRunId}`), undefined);
  });
});
