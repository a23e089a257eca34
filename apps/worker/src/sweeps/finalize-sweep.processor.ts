import { Processor } from '@nestjs/bullmq';
import { parseFinalizeSweepJob, QUEUES, type FinalizeSweepJob } from '@mnist-lab/contracts';
import { JobQueue, nextHalvingIteration, sweepCvResults, SweepsRepository, workerOptions } from '@mnist-lab/infra';
import { withAllCores } from '@mnist-lab/ml';
import { JobProcessor, type JobResult } from '../common/job-processor';

/**
 * Runs once every trial of a sweep has finished: cv_results_ from the trial rows, then the refit
 * of the best candidate on the whole training part as an ordinary run (test and train metrics,
 * model artifact). Idempotent: only a sweep still queued or running is finalised. For a halving
 * search it runs after each iteration: until the last, it starts the next one instead.
 */
@Processor(QUEUES.sweeps, workerOptions())
export class FinalizeSweepProcessor extends JobProcessor<FinalizeSweepJob> {
  constructor(
    private readonly sweeps: SweepsRepository,
    private readonly jobs: JobQueue,
  ) {
    super(parseFinalizeSweepJob);
  }

  protected async handle({ sweepId }: FinalizeSweepJob): Promise<JobResult> {
    const sweep = await this.sweeps.findSweep(sweepId);
    if (!sweep) return { status: 'skipped', reason: 'sweep no longer exists' };
    if (!(await this.sweeps.allTrialsFinished(sweepId))) return { status: 'skipped', reason: 'trials still pending' };
    const request = sweep.spec;
    const { candidates, results } = sweepCvResults(sweep, await this.sweeps.finishedTrials(sweepId));
    const next = nextHalvingIteration(sweep, results);
    if (next) {
      const trials = await this.sweeps.advanceHalving(sweepId, next.start, next.params);
      if (!trials) return { status: 'skipped', reason: 'sweep cancelled or deleted' };
      const plan = { id: sweepId, project: sweep.project, estimator: request.estimator, candidates: [...sweep.candidates.slice(0, next.start), ...next.params], cv: request.cv };
      await this.jobs.enqueueTrials(plan, trials);
      this.logger.log(`sweep ${sweepId}: next halving iteration, ${next.params.length} candidates from row ${next.start}`);
      return { status: 'succeeded' };
    }
    const best = results.best_index === null ? null : candidates[results.best_index];
    const refit = request.refit
      ? { dataset: request.dataset, n_samples: request.n_samples, split: request.split, estimator: withAllCores(best?.estimator ?? request.estimator) }
      : null;
    const { finalized, refitRunId } = await this.sweeps.finishCrossValidation(sweepId, results, refit);
    if (refitRunId) await this.jobs.enqueueRuns(sweep.project, [refitRunId]);
    if (!finalized) return { status: 'skipped', reason: 'already finalised' };
    this.logger.log(`sweep ${sweepId}: best ${JSON.stringify(results.best_params)}, cv score ${results.best_score?.toFixed(4) ?? 'n/a'}`);
    return { status: 'succeeded' };
  }
}
