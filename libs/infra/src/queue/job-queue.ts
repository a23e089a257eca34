import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JOBS, QUEUES, type FinalizeSweepJob, type RunTrialJob, type TrainRunJob } from '@mnist-lab/contracts';
import { estimatedFitCost, searchCandidate, type EstimatorSpec, type Params } from '@mnist-lab/ml';
import type { JobsOptions, Queue, RedisClient } from 'bullmq';
import { reservePriorities } from './fair-share';

/**
 * What every job gets. Transient failures (a Postgres or Redis hiccup) are retried with backoff;
 * processors throw UnrecoverableError for deterministic ones.
 */
export const JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const satisfies JobsOptions;

/** A stored sweep, as much of it as decides its trials' jobs. */
export interface SweepJobsPlan {
  readonly id: string;
  /** Its trials take turns with other projects' jobs (fair-share.ts). */
  readonly project: string;
  /** The base estimator; each candidate overrides its searched parameters. */
  readonly estimator: EstimatorSpec;
  /** Each candidate's sampled setting, by candidate index. */
  readonly candidates: readonly Params[];
  readonly cv: number;
}

export interface TrialSlot {
  readonly candidate: number;
  readonly fold: number;
}

/**
 * Each candidate's rank among its sweep's (1 is taken first): the costliest candidates first, so
 * a sweep does not end with one worker fitting a 300-tree forest while the others wait. Ties keep
 * candidate order. A pure function of the stored sweep, so recovery queues its trials in the same
 * order. The BullMQ priorities follow this order within the sweep's turns (fair-share.ts).
 */
export function trialPriorities(estimator: EstimatorSpec, candidates: readonly Params[]): number[] {
  const costs = candidates.map((params, index) => estimatedFitCost(searchCandidate(estimator, params, index).estimator));
  const byCost = costs.map((_, index) => index).sort((a, b) => costs[b] - costs[a] || a - b);
  const priorities = new Array<number>(candidates.length);
  byCost.forEach((candidate, rank) => (priorities[candidate] = rank + 1));
  return priorities;
}

/** A job as `Queue.addBulk` takes it, before its priority. */
interface PendingJob<T> {
  readonly name: string;
  readonly data: T;
  readonly opts: JobsOptions & { jobId: string };
}

/**
 * The one place jobs are submitted and withdrawn: every producer (api, processors, recovery) goes
 * through it, so a job's id, priority and retry options are the same however it got queued. Runs
 * and trials are queued per project, taking turns with other projects' jobs (fair-share.ts).
 */
@Injectable()
export class JobQueue {
  constructor(
    @InjectQueue(QUEUES.runs) private readonly runs: Queue<TrainRunJob>,
    @InjectQueue(QUEUES.trials) private readonly trials: Queue<RunTrialJob>,
    @InjectQueue(QUEUES.sweeps) private readonly sweeps: Queue<FinalizeSweepJob>,
  ) {}

  /**
   * Runs of one project, submitted or a sweep's refit: both are ordinary train-run jobs, in the
   * given order; returns how many were not queued already.
   */
  async enqueueRuns(project: string, runIds: readonly string[]): Promise<number> {
    const jobs = runIds.map((runId) => ({ name: JOBS.trainRun, data: { runId }, opts: { ...JOB_OPTIONS, jobId: runJobId(runId) } }));
    return addInTurn(this.runs, project, jobs);
  }

  /**
   * The sweep's trials (by default every (candidate, fold)), costliest candidate first; returns
   * how many were not queued already.
   */
  async enqueueTrials(sweep: SweepJobsPlan, slots: readonly TrialSlot[] = everyTrial(sweep)): Promise<number> {
    const ranks = trialPriorities(sweep.estimator, sweep.candidates);
    const jobs = [...slots]
      .sort((a, b) => ranks[a.candidate] - ranks[b.candidate] || a.fold - b.fold)
      .map(({ candidate, fold }) => {
        const data = { sweepId: sweep.id, candidate, fold };
        return { name: JOBS.runTrial, data, opts: { ...JOB_OPTIONS, jobId: trialJobId(data) } };
      });
    return addInTurn(this.trials, sweep.project, jobs);
  }

  /**
   * The sweep's finalisation once its `round` of trials (how many trial rows it then has) has
   * finished: a halving search finalises each iteration (the next one is decided there), a
   * completed job stays in Redis for a day, so each round needs a job id of its own.
   */
  async enqueueFinalize(sweepId: string, round: number): Promise<void> {
    await this.sweeps.add(JOBS.finalizeSweep, { sweepId }, { ...JOB_OPTIONS, jobId: finalizeJobId(sweepId, round) });
  }

  /**
   * Clears the way for a resumed sweep: the finished jobs of its trials to rerun and of its
   * finalisation of `round` stay in Redis for a day under the ids the new ones need. Best effort,
   * as `withdraw`: a job still running cannot be removed, and its result is recorded anyway.
   */
  async clearForResume(sweepId: string, slots: readonly TrialSlot[], round: number): Promise<void> {
    await Promise.allSettled([...slots.map(({ candidate, fold }) => this.trials.remove(trialJobId({ sweepId, candidate, fold }))), this.sweeps.remove(finalizeJobId(sweepId, round))]);
  }

  /** The queues' Redis connection, for keys of the deployment's own (under QUEUE_PREFIX). */
  redis(): Promise<RedisClient> {
    return this.runs.client;
  }

  /**
   * Withdraws a cancelled run's job while it waits. Best effort, as `withdraw`: a job that is
   * running (locked) or gone cannot be removed, and need not be: a worker skips or stops a run
   * whose row is cancelled.
   */
  async withdrawRun(runId: string): Promise<void> {
    await Promise.allSettled([this.runs.remove(runJobId(runId))]);
  }

  /**
   * Withdraws a cancelled sweep's pending trials and refit run. A job that is running cannot be
   * removed; its result is ignored because its row is cancelled.
   */
  async withdraw(sweepId: string, slots: readonly TrialSlot[], refitRunId: string | null): Promise<void> {
    const removals = slots.map(({ candidate, fold }) => this.trials.remove(trialJobId({ sweepId, candidate, fold })));
    if (refitRunId) removals.push(this.runs.remove(runJobId(refitRunId)));
    await Promise.allSettled(removals);
  }
}

/** Deterministic job ids: adding the same run, trial or finalisation twice is a no-op. */
const runJobId = (runId: string): string => `run-${runId}`;
const trialJobId = ({ sweepId, candidate, fold }: RunTrialJob): string => `trial-${sweepId}-${candidate}-${fold}`;
const finalizeJobId = (sweepId: string, round: number): string => `finalize-${sweepId}-${round}`;

/**
 * Adds the jobs the queue does not hold yet, in their order, at the project's next priorities;
 * returns how many were added.
 */
async function addInTurn<T>(queue: Queue<T>, project: string, jobs: readonly PendingJob<T>[]): Promise<number> {
  const priorities = await reservePriorities(queue as Queue, project, jobs.map((job) => job.opts.jobId));
  const added = jobs.flatMap((job) => {
    const priority = priorities.get(job.opts.jobId);
    return priority === undefined ? [] : [{ name: job.name, data: job.data, opts: { ...job.opts, priority } }];
  });
  if (added.length > 0) await (queue as Queue).addBulk(added);
  return added.length;
}

function everyTrial({ candidates, cv }: SweepJobsPlan): TrialSlot[] {
  return candidates.flatMap((_, candidate) => Array.from({ length: cv }, (__, fold) => ({ candidate, fold })));
}
