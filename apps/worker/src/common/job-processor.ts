import { WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobTelemetry } from '../telemetry/job-telemetry';
import { parseJobData } from './job-errors';

/** What a processor did with a job; the jobs-completed metric counts by its status. */
export type JobResult = { status: 'succeeded' | 'failed' } | { status: 'skipped'; reason: string };

/**
 * A queue's processor: every job it takes goes through JobTelemetry (listed in GET /workers,
 * counted in the metrics, its ids on every log line) and has its payload validated first (a
 * malformed one fails at once, without retries); its log lines carry the processor's name. What the base classes need is injected into properties, Nest's way for a base class, so
 * that each processor's constructor lists only what it uses itself.
 */
export abstract class JobProcessor<T> extends WorkerHost {
  protected readonly logger = new Logger(this.constructor.name);

  @Inject(JobTelemetry) private readonly telemetry!: JobTelemetry;

  protected constructor(private readonly parse: (data: unknown) => T) {
    super();
  }

  process(job: Job<T>): Promise<JobResult> {
    return this.telemetry.process(job.queueName, job, () => this.handle(parseJobData(this.parse, job.data), job));
  }

  /** The job's work on its validated payload, which `process` runs inside the telemetry. */
  protected abstract handle(data: T, job: Job<T>): Promise<JobResult>;
}
