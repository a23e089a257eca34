import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { JOBS, QUEUES, runJobId, type RunRequest, type TrainRunJob } from '@mnist-lab/contracts';
import { RunsRepository, type RunListQuery } from '@mnist-lab/infra';
import type { Queue } from 'bullmq';
import { presentRun, presentRunSummary } from './run.presenter';

@Injectable()
export class RunsService {
  private readonly logger = new Logger(RunsService.name);

  constructor(
    private readonly runs: RunsRepository,
    @InjectQueue(QUEUES.runs) private readonly queue: Queue<TrainRunJob>,
  ) {}

  /** Stores the run, then enqueues it; a run that cannot be enqueued is not kept. */
  async submit(request: RunRequest): Promise<{ id: string; status: 'queued' }> {
    const run = await this.runs.create(request);
    try {
      await this.queue.add(JOBS.trainRun, { runId: run.id }, { jobId: runJobId(run.id) });
    } catch (error) {
      this.logger.error(`could not enqueue run ${run.id}: ${String(error)}`);
      await this.runs.delete(run.id);
      throw new ServiceUnavailableException('the job queue is unavailable; nothing was stored, try again');
    }
    return { id: run.id, status: 'queued' };
  }

  async get(id: string) {
    const run = await this.runs.findById(id);
    if (!run) throw new NotFoundException(`run ${id} does not exist`);
    return presentRun(run);
  }

  async list(query: RunListQuery) {
    const page = await this.runs.list(query);
    return { items: page.items.map(presentRunSummary), next_cursor: page.nextCursor };
  }
}
