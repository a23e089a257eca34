import { InjectQueue } from '@nestjs/bullmq';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import {
  JOBS,
  QUEUES,
  runJobId,
  trialJobId,
  type RunTrialJob,
  type TrainRunJob,
  type ValidatedSweep,
} from '@mnist-lab/contracts';
import { SweepsRepository, type SweepListQuery } from '@mnist-lab/infra';
import { estimatedFitCost } from '@mnist-lab/ml';
import type { Queue } from 'bullmq';
import { distinctUntilChanged, from, interval, startWith, switchMap, takeWhile, type Observable } from 'rxjs';
import { enqueueOrDiscard } from '../common/enqueue-or-discard';
import { isTerminal, presentSweep, presentSweepSummary } from './sweep.presenter';

@Injectable()
export class SweepsService {
  constructor(
    private readonly sweeps: SweepsRepository,
    @InjectQueue(QUEUES.trials) private readonly trials: Queue<RunTrialJob>,
    @InjectQueue(QUEUES.runs) private readonly runs: Queue<TrainRunJob>,
  ) {}

  /** Stores the sweep with one row per (candidate, fold), then enqueues one job per row. */
  async submit({ request, candidates }: ValidatedSweep) {
    const sweep = await this.sweeps.create(
      request,
      candidates.map((candidate) => candidate.params),
    );
    // Costliest candidates first (BullMQ priority 1 is the highest), so the sweep does not end
    // with one worker fitting a 300-tree forest while the others wait.
    const byCost = [...candidates].sort((a, b) => estimatedFitCost(b.estimator) - estimatedFitCost(a.estimator));
    const jobs = byCost.flatMap((candidate, rank) =>
      Array.from({ length: request.cv }, (_, fold) => {
        const data = { sweepId: sweep.id, candidate: candidate.index, fold };
        return { name: JOBS.runTrial, data, opts: { jobId: trialJobId(data), priority: rank + 1 } };
      }),
    );
    await enqueueOrDiscard(
      `sweep ${sweep.id}`,
      () => this.trials.addBulk(jobs),
      () => this.sweeps.delete(sweep.id),
    );
    return { id: sweep.id, status: sweep.status, n_candidates: candidates.length, total_trials: jobs.length };
  }

  async get(id: string) {
    const sweep = await this.sweeps.findById(id);
    if (!sweep) throw new NotFoundException(`sweep ${id} does not exist`);
    return presentSweep(sweep);
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
      const sweep = await this.sweeps.findSweep(id);
      if (!sweep) throw new NotFoundException(`sweep ${id} does not exist`);
      throw new ConflictException(`sweep ${id} is already ${sweep.status}`);
    }
    const removals = pendingTrials.map((trial) => this.trials.remove(trialJobId(trial)));
    const sweep = await this.sweeps.findSweep(id);
    if (sweep?.refitRunId) removals.push(this.runs.remove(runJobId(sweep.refitRunId)));
    // A job that is running cannot be removed; its result is ignored because its row is cancelled.
    await Promise.allSettled(removals);
    return { id, status: 'cancelled', cancelled_trials: pendingTrials.length };
  }
}

function withoutEta<T extends { eta_seconds: unknown }>(sweep: T): Omit<T, 'eta_seconds'> {
  const { eta_seconds, ...rest } = sweep;
  return rest;
}
