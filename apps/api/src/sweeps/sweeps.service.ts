import { Injectable } from '@nestjs/common';
import { ConflictError, found, type ValidatedSweep } from '@mnist-lab/contracts';
import { JobQueue, SweepsRepository, type SweepListQuery } from '@mnist-lab/infra';
import { distinctUntilChanged, from, interval, startWith, switchMap, takeWhile, type Observable } from 'rxjs';
import { enqueueOrDiscard } from '../common/enqueue-or-discard';
import { finishedRemoval } from '../common/finished-removal';
import { isTerminal, presentSweep, presentSweepSummary } from './sweep.presenter';

@Injectable()
export class SweepsService {
  constructor(
    private readonly sweeps: SweepsRepository,
    private readonly jobs: JobQueue,
  ) {}

  /** Stores the sweep with one row per (candidate, fold), then enqueues one job per row. */
  async submit({ request, candidates }: ValidatedSweep) {
    const settings = candidates.map((candidate) => candidate.params);
    const sweep = await this.sweeps.create(request, settings);
    await enqueueOrDiscard(
      `sweep ${sweep.id}`,
      () => this.jobs.enqueueTrials({ id: sweep.id, estimator: request.estimator, candidates: settings, cv: request.cv }),
      () => this.sweeps.delete(sweep.id),
    );
    return { id: sweep.id, status: sweep.status, n_candidates: candidates.length, total_trials: candidates.length * request.cv };
  }

  async get(id: string) {
    return presentSweep(found(await this.sweeps.findById(id), 'sweep', id));
  }

  /** Deletes a finished sweep with its trials, refit run and model; an unfinished one must be cancelled first (409). */
  async delete(id: string): Promise<void> {
    finishedRemoval('sweep', id, await this.sweeps.remove(id));
  }

  async list(query: SweepListQuery) {
    const page = await this.sweeps.list(query);
    const progress = await this.sweeps.progress(page.items.map((sweep) => sweep.id));
    return {
      items: page.items.map((sweep) => presentSweepSummary(sweep, progress.get(sweep.id) ?? {})),
      next_cursor: page.nextCursor,
    };
  }

  /** The sweep as `get` shows it, each time it changes, until it ends. */
  events(id: string, everyMs = 1000): Observable<ReturnType<typeof presentSweep>> {
    return interval(everyMs).pipe(
      startWith(0),
      switchMap(() => from(this.get(id))),
      distinctUntilChanged((a, b) => JSON.stringify(withoutEta(a)) === JSON.stringify(withoutEta(b))),
      takeWhile((sweep) => !isTerminal(sweep.status), true),
    );
  }

  /** Stops pending trials (and a pending refit); trials already running finish but no longer count. */
  async cancel(id: string) {
    const { cancelled, pendingTrials } = await this.sweeps.cancel(id);
    if (!cancelled) {
      const sweep = found(await this.sweeps.findSweep(id), 'sweep', id);
      throw new ConflictError(`sweep ${id} is already ${sweep.status}`);
    }
    const sweep = await this.sweeps.findSweep(id);
    await this.jobs.withdraw(id, pendingTrials, sweep?.refitRunId ?? null);
    return { id, status: 'cancelled', cancelled_trials: pendingTrials.length };
  }
}

function withoutEta<T extends { eta_seconds: unknown }>(sweep: T): Omit<T, 'eta_seconds'> {
  const { eta_seconds, ...rest } = sweep;
  return rest;
}
