import { Injectable } from '@nestjs/common';
import { found, type RunRequest } from '@mnist-lab/contracts';
import { JobQueue, RunsRepository, type RunListQuery } from '@mnist-lab/infra';
import { enqueueOrDiscard } from '../common/enqueue-or-discard';
import { presentRun, presentRunSummary } from './run.presenter';

@Injectable()
export class RunsService {
  constructor(
    private readonly runs: RunsRepository,
    private readonly jobs: JobQueue,
  ) {}

  /** Stores the run, then enqueues it; a run that cannot be enqueued is not kept. */
  async submit(request: RunRequest): Promise<{ id: string; status: 'queued' }> {
    const run = await this.runs.create(request);
    await enqueueOrDiscard(
      `run ${run.id}`,
      () => this.jobs.enqueueRuns([run.id]),
      () => this.runs.delete(run.id),
    );
    return { id: run.id, status: 'queued' };
  }

  async get(id: string) {
    return presentRun(found(await this.runs.findById(id), 'run', id));
  }

  async list(query: RunListQuery) {
    const page = await this.runs.list(query);
    return { items: page.items.map(presentRunSummary), next_cursor: page.nextCursor };
  }
}
