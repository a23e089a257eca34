import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { parseTrainRunJob, QUEUES, validateRunRequest, type TrainRunJob } from '@mnist-lab/contracts';
import { RunsRepository, type Env } from '@mnist-lab/infra';
import { InvalidParameterError } from '@mnist-lab/ml';
import { UnrecoverableError, type Job } from 'bullmq';
import os from 'node:os';
import { DatasetCache } from '../training/dataset-cache.service';
import { TrainingPool } from '../training/training-pool.service';

export type TrainRunResult = { status: 'succeeded' } | { status: 'skipped'; reason: string };

/**
 * Takes train-run jobs: claims the run in Postgres, trains in a thread, records the outcome.
 * A fit that throws is deterministic (same spec, same data), so it fails the run at once; errors
 * around it (Postgres, Redis) are left to BullMQ's retries with backoff.
 */
@Processor(QUEUES.runs)
export class RunsProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RunsProcessor.name);
  private readonly workerId = `${os.hostname()}:${process.pid}`;

  constructor(
    private readonly runs: RunsRepository,
    private readonly datasets: DatasetCache,
    private readonly training: TrainingPool,
    private readonly config: ConfigService<Env, true>,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.get('WORKER_CONCURRENCY', { infer: true });
  }

  /**
   * SIGTERM: stop taking jobs and let the current ones finish while Postgres and the training
   * threads are still up (they close at application shutdown, which comes after this hook).
   */
  async onModuleDestroy(): Promise<void> {
    this.logger.log('shutting down: finishing the jobs in progress');
    await this.worker.close();
  }

  async process(job: Job<TrainRunJob>): Promise<TrainRunResult> {
    const { runId } = this.parse(job);
    const run = await this.runs.markRunning(runId, this.workerId);
    if (!run) return { status: 'skipped', reason: 'run is already finished or no longer exists' };
    const request = validateRunRequest(run.spec);
    const dataset = await this.datasets.get(request.dataset);
    this.logger.log(`run ${runId}: fitting ${run.modelType} (attempt ${job.attemptsMade + 1})`);
    let outcome;
    try {
      outcome = await this.training.run({
        datasetName: request.dataset,
        dataset,
        nSamples: request.n_samples,
        split: request.split,
        estimator: request.estimator,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.runs.recordFailure(runId, message);
      throw new UnrecoverableError(message);
    }
    await this.runs.recordSuccess(runId, outcome);
    this.logger.log(`run ${runId}: succeeded, test accuracy ${outcome.evaluation.test.accuracy.toFixed(4)}`);
    return { status: 'succeeded' };
  }

  /** The last retry failed (e.g. Postgres stayed down): record it so the run does not stay running. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<TrainRunJob> | undefined, error: Error): Promise<void> {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const runId = (job.data as { runId?: unknown }).runId;
    if (typeof runId !== 'string') return;
    await this.runs.recordFailure(runId, error.message).catch((recordError: unknown) => {
      this.logger.error(`run ${runId}: could not record failure: ${String(recordError)}`);
    });
  }

  private parse(job: Job): TrainRunJob {
    try {
      return parseTrainRunJob(job.data);
    } catch (error) {
      if (error instanceof InvalidParameterError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
