import { Injectable } from '@nestjs/common';
import { describeJob, LogContext, WorkerMetrics, WorkerPresenceService } from '@mnist-lab/infra';
import type { Job } from 'bullmq';
import { isFinalAttempt } from '../common/job-errors';

/**
 * Each job as the outside sees it: listed as one of this worker's current jobs in GET /workers,
 * counted in the worker's metrics, and every log line written while it runs carries its ids
 * (`job_id`, `queue`, and `run_id`, `sweep_id`, `trial_id` where they apply).
 */
@Injectable()
export class JobTelemetry {
  constructor(
    private readonly presence: WorkerPresenceService,
    private readonly metrics: WorkerMetrics,
    private readonly logs: LogContext,
  ) {}

  async process<T extends { status: string }>(queue: string, job: Job, work: () => Promise<T>): Promise<T> {
    const untrack = this.presence.track(queue, job);
    this.metrics.jobsActive.inc({ queue });
    // attemptsStarted counts this start: more than one means an earlier attempt threw or its worker died.
    if (job.attemptsStarted > 1) this.metrics.jobsRetried.inc({ queue });
    try {
      const result = await this.logs.run(jobLogFields(queue, job), work);
      this.metrics.jobsCompleted.inc({ queue, result: result.status });
      return result;
    } catch (error) {
      // BullMQ counts this attempt only once the error reaches it.
      if (isFinalAttempt({ attemptsMade: job.attemptsMade + 1, opts: job.opts }, error as Error)) this.metrics.jobsFailed.inc({ queue });
      throw error;
    } finally {
      this.metrics.jobsActive.dec({ queue });
      untrack();
    }
  }
}

/** A trial is named `<sweep id>:<candidate>:<fold>`, as its row's unique key. */
export function jobLogFields(queue: string, job: Pick<Job, 'id' | 'data'>): Record<string, string> {
  const { job_id, run_id, sweep_id, candidate, fold } = describeJob(queue, job);
  return {
    queue,
    job_id,
    ...(run_id === null ? {} : { run_id }),
    ...(sweep_id === null ? {} : { sweep_id }),
    ...(sweep_id === null || candidate === null || fold === null ? {} : { trial_id: `${sweep_id}:${candidate}:${fold}` }),
  };
}
