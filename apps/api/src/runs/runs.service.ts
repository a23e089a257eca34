import { Injectable } from '@nestjs/common';
import { ConflictError, found, type RunRequest } from '@mnist-lab/contracts';
import { JobQueue, RunsRepository, type RunListQuery } from '@mnist-lab/infra';
import { enqueueOrDiscard } from '../common/enqueue-or-discard';
import { finishedRemoval } from '../common/finished-removal';
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

  /**
   * Cancels a queued or running run: a waiting job is withdrawn, a running fit is stopped by its
   * worker (which polls the run's status) and records nothing. A finished run is a 409.
   */
  async cancel(id: string): Promise<{ id: string; status: 'cancelled' }> {
    const outcome = found(await this.runs.cancel(id), 'run', id);
    if (!outcome.cancelled) throw new ConflictError(`run ${id} is already ${outcome.status}: only a queued or running run can be cancelled`);
    await this.jobs.withdrawRun(id);
    return { id, status: 'cancelled' };
  }

  /** Deletes a finished run with its results and model; an unfinished one must be cancelled first (409). */
  async delete(id: string): Promise<void> {
    finishedRemoval('run', id, await this.runs.remove(id));
  }

  async list(query: RunListQuery) {
    const page = await this.runs.list(query);
    return { items: page.items.map(presentRunSummary), next_cursor: page.nextCursor };
  }
}
