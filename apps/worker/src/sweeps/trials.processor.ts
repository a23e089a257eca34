import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { parseRunTrialJob, QUEUES, sweepScoring, type RunTrialJob } from '@mnist-lab/contracts';
import { decodeSweep, JobQueue, trialSubsample, workerOptions, SweepsRepository, type TrialKey, type TrialResult } from '@mnist-lab/infra';
import { searchCandidate } from '@mnist-lab/ml';
import type { Job } from 'bullmq';
import type { JobResult } from '../common/job-processor';
import { TrainingProcessor } from '../common/training-processor';
import { errorMessage, isFinalAttempt, WORKER_ID } from '../common/job-errors';

/**
 * One (candidate, fold) of a sweep: rebuilds the fold from the split's seed (no data travels
 * through Redis), fits and scores it in a thread, records the score once. A fit that throws is a
 * failed trial with a null score (scikit-learn's error_score=nan), and the sweep goes on.
 */
@Processor(QUEUES.trials, workerOptions())
export class TrialsProcessor extends TrainingProcessor<RunTrialJob> {
  constructor(
    private readonly sweeps: SweepsRepository,
    private readonly jobs: JobQueue,
  ) {
    super(parseRunTrialJob);
  }

  protected async handle(key: RunTrialJob, job: Job<RunTrialJob>): Promise<JobResult> {
    const claim = await this.sweeps.claimTrial(key, WORKER_ID, { enqueuedAt: new Date(job.timestamp), startedAt: new Date(job.processedOn ?? Date.now()) });
    if (!claim) return { status: 'skipped', reason: 'trial already recorded, or its sweep was cancelled' };
    if (this.outOfAttempts(claim.trial.attempts)) {
      await this.record(key, { testScore: null, scores: null, fitSeconds: 0, scoreSeconds: 0, error: this.outOfAttemptsMessage, computedAt: new Date() });
      return { status: 'failed' };
    }
    const sweep = await decodeSweep(claim.sweep);
    const { spec: request, candidates: settings } = sweep;
    const started = performance.now();
    let result: TrialResult;
    try {
      const candidate = searchCandidate(request.estimator, settings[key.candidate], key.candidate);
      const scoring = sweepScoring(request);
      const outcome = await this.training.cvFold({
        datasetName: request.dataset,
        nSamples: request.n_samples,
        split: request.split,
        cv: request.cv,
        fold: key.fold,
        estimator: candidate.estimator,
        scoring: scoring.scorers,
        returnTrainScore: scoring.returnTrainScore,
        subsample: trialSubsample(sweep, key.candidate),
      });
      result = {
        testScore: outcome.test_score,
        scores: { test: outcome.test_scores, train: outcome.train_scores },
        fitSeconds: outcome.fit_time,
        scoreSeconds: outcome.score_time,
        error: null,
        computedAt: new Date(outcome.finishedAt),
      };
    } catch (error) {
      result = { testScore: null, scores: null, fitSeconds: (performance.now() - started) / 1000, scoreSeconds: 0, error: errorMessage(error), computedAt: new Date() };
      this.logger.warn(`sweep ${key.sweepId} candidate ${key.candidate} fold ${key.fold}: fit failed: ${result.error}`);
    }
    await this.record(key, result);
    return { status: result.testScore === null ? 'failed' : 'succeeded' };
  }

  /** Out of retries (Postgres or Redis stayed down): the trial fails rather than hold its sweep forever. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<RunTrialJob> | undefined, error: Error): Promise<void> {
    if (!job || !isFinalAttempt(job, error)) return;
    try {
      const key = parseRunTrialJob(job.data);
      await this.record(key, { testScore: null, scores: null, fitSeconds: 0, scoreSeconds: 0, error: error.message, computedAt: new Date() });
    } catch (recordError) {
      this.logger.error(`trial job ${job.id}: could not record failure: ${errorMessage(recordError)}`);
    }
  }

  private async record(key: TrialKey, result: TrialResult): Promise<void> {
    const { sweepDone, round } = await this.sweeps.recordTrial(key, result);
    if (sweepDone) await this.jobs.enqueueFinalize(key.sweepId, round);
  }
}
