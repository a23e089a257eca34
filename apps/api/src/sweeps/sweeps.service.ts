import { Injectable } from '@nestjs/common';
import { changedFields, ConflictError, createdBy, found, NotFoundError, validateMetadataPatch, type Caller, type ValidatedSweep } from '@mnist-lab/contracts';
import { authorized, JobQueue, ProjectQuotas, SweepsRepository, type HistoryRequest } from '@mnist-lab/infra';
import { distinctUntilChanged, from, interval, startWith, switchMap, takeWhile, type Observable } from 'rxjs';
import { AuditService } from '../audit/audit.service';
import { enqueueOrDiscard } from '../common/enqueue-or-discard';
import { finishedRemoval } from '../common/finished-removal';
import type { Admitted } from '../datasets/request-admission';
import { halvingAttributes, isTerminal, presentSweep, presentSweepSummary, presentTrial } from './sweep.presenter';
import { presentPage } from '../common/history-page';

@Injectable()
export class SweepsService {
  constructor(
    private readonly sweeps: SweepsRepository,
    private readonly jobs: JobQueue,
    private readonly quotas: ProjectQuotas,
    private readonly audit: AuditService,
  ) {}

  /**
   * Stores the sweep in its project with one row per (candidate, fold), within the project's
   * quotas (a 429 stores nothing), then enqueues one job per row.
   */
  async submit(caller: Caller, { request: { request, candidates, halving }, project, metadata }: Admitted<ValidatedSweep>) {
    const settings = candidates.map((candidate) => candidate.params);
    const sweep = await this.sweeps.create(request, settings, { project, createdBy: createdBy(caller) }, this.quotas.gate, metadata, halving);
    await enqueueOrDiscard(
      `sweep ${sweep.id}`,
      () => this.jobs.enqueueTrials({ id: sweep.id, project: sweep.project, estimator: request.estimator, candidates: settings, cv: request.cv }),
      () => this.sweeps.delete(sweep.id),
    );
    await this.audit.record(caller, { action: 'sweep.create', resource: 'sweep', resource_id: sweep.id, project, details: { total_trials: sweep.totalTrials } });
    return { id: sweep.id, status: sweep.status, project, n_candidates: sweep.nCandidates, total_trials: sweep.totalTrials, ...(halving && halvingAttributes(halving)) };
  }

  async get(caller: Caller, id: string) {
    return presentSweep(authorized(caller, await this.sweeps.findById(id), 'sweep', id, 'read'));
  }

  /** Changes a sweep's name, tags or notes (a member of its project), audited; the sweep as `get` shows it. */
  async update(caller: Caller, id: string, body: unknown) {
    const { project } = authorized(caller, await this.sweeps.findSweep(id), 'sweep', id, 'write');
    const patch = validateMetadataPatch(body);
    if (!(await this.sweeps.updateMetadata(id, patch))) throw new NotFoundError('sweep', id);
    await this.audit.record(caller, { action: 'sweep.update', resource: 'sweep', resource_id: id, project, details: { fields: changedFields(patch) } });
    return this.get(caller, id);
  }

  /** Deletes a finished sweep with its trials, refit run and model; an unfinished one must be cancelled first (409). */
  async delete(caller: Caller, id: string): Promise<void> {
    const { project } = authorized(caller, await this.sweeps.findSweep(id), 'sweep', id, 'write');
    finishedRemoval('sweep', id, await this.sweeps.remove(id));
    await this.audit.record(caller, { action: 'sweep.delete', resource: 'sweep', resource_id: id, project });
  }

  async list(request: HistoryRequest) {
    const page = await this.sweeps.search(request);
    const progress = await this.sweeps.progress(page.items.map((sweep) => sweep.id));
    return presentPage(page, (sweep) => presentSweepSummary(sweep, progress.get(sweep.id) ?? {}));
  }

  /** A page of the sweep's trials, found by the filter language (the sweep's project authorizes them). */
  async trials(caller: Caller, id: string, request: Omit<HistoryRequest, 'scope'>) {
    authorized(caller, await this.sweeps.findSweep(id), 'sweep', id, 'read');
    return presentPage(await this.sweeps.searchTrials(id, request), presentTrial);
  }

  /** The sweep as `get` shows it, each time it changes, until it ends. */
  events(caller: Caller, id: string, everyMs = 1000): Observable<ReturnType<typeof presentSweep>> {
    return interval(everyMs).pipe(
      startWith(0),
      switchMap(() => from(this.get(caller, id))),
      distinctUntilChanged((a, b) => JSON.stringify(withoutEta(a)) === JSON.stringify(withoutEta(b))),
      takeWhile((sweep) => !isTerminal(sweep.status), true),
    );
  }

  /**
   * Reruns only what a failed or cancelled sweep did not finish: its cancelled trials (none of the
   * recorded ones), then, as after any last trial, its finalisation and refit; a halving search
   * goes on from the iteration it stopped in.
   */
  async resume(caller: Caller, id: string) {
    const { project, candidates, spec } = authorized(caller, await this.sweeps.findSweep(id), 'sweep', id, 'write');
    const resumed = found(await this.sweeps.resume(id), 'sweep', id);
    if (!resumed.resumed) throw notResumable(id, resumed.status);
    const { trials, round } = resumed;
    await this.jobs.clearForResume(id, trials, round);
    if (trials.length > 0) await this.jobs.enqueueTrials({ id, project, estimator: spec.estimator, candidates, cv: spec.cv }, trials);
    else await this.jobs.enqueueFinalize(id, round);
    await this.audit.record(caller, { action: 'sweep.resume', resource: 'sweep', resource_id: id, project, details: { rerun_trials: trials.length } });
    return { id, status: 'queued' as const, rerun_trials: trials.length };
  }

  /** Stops pending trials (and a pending refit); trials already running finish but no longer count. */
  async cancel(caller: Caller, id: string) {
    const { project } = authorized(caller, await this.sweeps.findSweep(id), 'sweep', id, 'write');
    const { cancelled, pendingTrials } = await this.sweeps.cancel(id);
    const sweep = await this.sweeps.findSweep(id);
    if (!cancelled) throw new ConflictError(`sweep ${id} is already ${sweep?.status ?? 'deleted'}`);
    await this.jobs.withdraw(id, pendingTrials, sweep?.refitRunId ?? null);
    await this.audit.record(caller, { action: 'sweep.cancel', resource: 'sweep', resource_id: id, project, details: { cancelled_trials: pendingTrials.length } });
    return { id, status: 'cancelled', cancelled_trials: pendingTrials.length };
  }
}

/** The 409 of `resume`: which states can be resumed, and this sweep's. */
const notResumable = (id: string, status: string) => new ConflictError(`sweep ${id} is ${status}: only a failed or cancelled sweep can be resumed`);

function withoutEta<T extends { eta_seconds: unknown }>(sweep: T): Omit<T, 'eta_seconds'> {
  const { eta_seconds, ...rest } = sweep;
  return rest;
}
