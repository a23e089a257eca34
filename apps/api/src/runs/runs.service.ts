import { Injectable } from '@nestjs/common';
import { changedFields, ConflictError, createdBy, found, NotFoundError, validateMetadataPatch, type Caller, type RunRequest } from '@mnist-lab/contracts';
import { authorized, JobQueue, ProjectQuotas, RunsRepository, type HistoryRequest } from '@mnist-lab/infra';
import { AuditService } from '../audit/audit.service';
import { enqueueOrDiscard } from '../common/enqueue-or-discard';
import { finishedRemoval } from '../common/finished-removal';
import { presentPage } from '../common/history-page';
import type { Admitted } from '../datasets/request-admission';
import { presentRun, presentRunSummary } from './run.presenter';

@Injectable()
export class RunsService {
  constructor(
    private readonly runs: RunsRepository,
    private readonly jobs: JobQueue,
    private readonly quotas: ProjectQuotas,
    private readonly audit: AuditService,
  ) {}

  /**
   * Stores the run in its project, within the project's quotas (a 429 stores nothing), then
   * enqueues it; a run that cannot be enqueued is not kept.
   */
  async submit(caller: Caller, { request, project, metadata }: Admitted<RunRequest>): Promise<{ id: string; status: 'queued'; project: string }> {
    const run = await this.runs.create(request, { project, createdBy: createdBy(caller) }, this.quotas.gate, metadata);
    await enqueueOrDiscard(
      `run ${run.id}`,
      () => this.jobs.enqueueRuns(project, [run.id]),
      () => this.runs.delete(run.id),
    );
    await this.audit.record(caller, { action: 'run.create', resource: 'run', resource_id: run.id, project, details: { dataset: run.dataset, model_type: run.modelType } });
    return { id: run.id, status: 'queued', project };
  }

  async get(caller: Caller, id: string) {
    return presentRun(authorized(caller, await this.runs.findById(id), 'run', id, 'read'));
  }

  /** Changes a run's name, tags or notes (a member of its project), audited; the run as `get` shows it. */
  async update(caller: Caller, id: string, body: unknown) {
    const { project } = authorized(caller, await this.runs.projectOf(id), 'run', id, 'write');
    const patch = validateMetadataPatch(body);
    if (!(await this.runs.updateMetadata(id, patch))) throw new NotFoundError('run', id);
    await this.audit.record(caller, { action: 'run.update', resource: 'run', resource_id: id, project, details: { fields: changedFields(patch) } });
    return this.get(caller, id);
  }

  /**
   * Cancels a queued or running run: a waiting job is withdrawn, a running fit is stopped by its
   * worker (which polls the run's status) and records nothing. A finished run is a 409.
   */
  async cancel(caller: Caller, id: string): Promise<{ id: string; status: 'cancelled' }> {
    const { project } = authorized(caller, await this.runs.projectOf(id), 'run', id, 'write');
    const outcome = found(await this.runs.cancel(id), 'run', id);
    if (!outcome.cancelled) throw new ConflictError(`run ${id} is already ${outcome.status}: only a queued or running run can be cancelled`);
    await this.jobs.withdrawRun(id);
    await this.audit.record(caller, { action: 'run.cancel', resource: 'run', resource_id: id, project });
    return { id, status: 'cancelled' };
  }

  /** Deletes a finished run with its results and model; an unfinished one must be cancelled first (409). */
  async delete(caller: Caller, id: string): Promise<void> {
    const { project } = authorized(caller, await this.runs.projectOf(id), 'run', id, 'write');
    finishedRemoval('run', id, await this.runs.remove(id));
    await this.audit.record(caller, { action: 'run.delete', resource: 'run', resource_id: id, project });
  }

  async list(request: HistoryRequest) {
    return presentPage(await this.runs.search(request), presentRunSummary);
  }
}
