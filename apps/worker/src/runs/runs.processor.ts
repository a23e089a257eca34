import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { parseTrainRunJob, QUEUES, validateRunRequest, type TrainRunJob } from '@mnist-lab/contracts';
import { workerOptions, RunsRepository, SweepsRepository } from '@mnist-lab/infra';
import { UnrecoverableError, type Job } from 'bullmq';
import type { JobResult } from '../common/job-processor';
import { TrainingProcessor } from '../common/training-processor';
import { errorMessage, isFinalAttempt, WORKER_ID } from '../common/job-errors';
import { FitCancelledError } from '../training/fit-process';
import { RunMonitor } from './run-monitor';

/**
 * Takes train-run jobs: claims the run in Postgres, trains in a thread, records the outcome.
 * A fit that throws is deterministic (same spec, same data), so it fails the run at once; errors
 * around it (Postgres, Redis) are left to BullMQ's retries with backoff. A sweep's refit run
 * also ends its sweep.
 */
@Processor(QUEUES.runs, workerOptions())
export class RunsProcessor extends TrainingProcessor<TrainRunJob> {
  constructor(
    private readonly runs: RunsRepository,
    private readonly sweeps: SweepsRepository,
  ) {
    super(parseTrainRunJob);
  }

  protected async handle({ runId }: TrainRunJob): Promise<JobResult> {
    const run = await this.runs.markRunning(runId, WORKER_ID);
    if (!run) return { status: 'skipped', reason: 'run is already finished or no longer exists' };
    if (this.outOfAttempts(run.attempts)) {
      await this.fail(runId, this.outOfAttemptsMessage);
      return { status: 'failed' };
    }
    const request = validateRunRequest(run.spec);
    this.logger.log(`run ${runId}: fitting ${run.modelType} (claim ${run.attempts})`);
    // Writes the fit's progress to the row, and stops the fit when the run is cancelled.
    const monitor = new RunMonitor(this.runs, runId);
    let outcome;
    try {
      outcome = await this.training.experiment(
        { datasetName: request.dataset, nSamples: request.n_samples, split: request.split, estimator: request.estimator },
        { signal: monitor.signal, onProgress: (progress) => monitor.report(progress) },
      );
    } catch (error) {
      if (error instanceof FitCancelledError) {
        this.logger.log(`run ${runId}: cancelled; its fit was stopped`);
        return { status: 'skipped', reason: 'run was cancelled' };
      }
      await this.fail(runId, errorMessage(error));
      throw new UnrecoverableError(errorMessage(error));
    } finally {
      monitor.stop();
    }
    if (!(await this.runs.recordSuccess(runId, outcome))) {
      return { status: 'skipped', reason: 'run was cancelled before its results were recorded' };
    }
    if (run.sweepId) await this.sweeps.finishRefit(run.sweepId, true, null);
    this.logger.log(`run ${runId}: succeeded, test accuracy ${outcome.evaluation.test.accuracy.toFixed(4)}`);
    return { status: 'succeeded' };
  }

  /** The last retry failed (e.g. Postgres stayed down): record it so the run does not stay running. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<TrainRunJob> | undefined, error: Error): Promise<void> {
    if (!job || !isFinalAttempt(job, error)) return;
    const runId = (job.data as { runId?: unknown }).runId;
    if (typeof runId !== 'string') return;
    await this.fail(runId, error.message).catch((recordError: unknown) => {
      this.logger.error(`run ${runId}: could not record failure: ${errorMessage(recordError)}`);
    });
  }

  private async fail(runId: string, message: string): Promise<void> {
    await this.runs.recordFailure(runId, message);
    const run = await this.runs.findById(runId);
    if (run?.sweepId) await this.sweeps.finishRefit(run.sweepId, false, message);
  }
}
