import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { finalEstimatorType, NO_METADATA, type Metadata, type MetadataPatch, type RunRequest, type SweepRequest } from '@mnist-lab/contracts';
import { metadataColumns, updateMetadata } from '../history/metadata';
import type { CvResults, HalvingSchedule, Params } from '@mnist-lab/ml';
import { Prisma, type Sweep, type SweepStatus, type SweepTrial, type TrialStatus } from '../generated/prisma/client';
import { HistorySearch, inIdOrder, SWEEP_HISTORY, TRIAL_HISTORY, type HistoryPage, type HistoryRequest } from '../history/history-search';
import { PrismaService } from '../prisma/prisma.service';
import { decodeRun, tagsCodec, type StoredRun } from '../runs/run-documents';
import { runCreateData } from '../runs/runs.repository';
import { ownerColumns, ownerOf, UNOWNED, type Owner } from '../scope/project-scope';
import type { QuotaGate } from '../quotas/project-quotas';
import { SWEEPS, SWEEP_TRIALS, decodeSweep, decodeTrial, type StoredHalving, type StoredSweep, type StoredTrial, type TrialScores } from './sweep-documents';

export interface TrialKey {
  readonly sweepId: string;
  readonly candidate: number;
  readonly fold: number;
}

export interface TrialResult {
  /** The first scorer's score; null for a failed fit (scikit-learn's error_score=nan). */
  readonly testScore: number | null;
  /** Every scorer's scores; null for a failed fit. */
  readonly scores: TrialScores | null;
  readonly fitSeconds: number;
  readonly scoreSeconds: number;
  readonly error: string | null;
  readonly computedAt: Date;
}

export type SweepWithTrials = StoredSweep & { trials: StoredTrial[]; refitRun: StoredRun | null };

const UNFINISHED_TRIAL: { in: TrialStatus[] } = { in: ['queued', 'running'] };
const FINISHED_SWEEP: SweepStatus[] = ['succeeded', 'failed', 'cancelled'];
const RESUMABLE_SWEEP: SweepStatus[] = ['failed', 'cancelled'];

/**
 * Sweeps and their trials. Postgres is the source of truth: every (candidate, fold) is a row with
 * a unique key, every write is conditional on the row's status, so a job that runs twice (a
 * worker killed mid-trial, Redis losing its data) is recorded once.
 */
@Injectable()
export class SweepsRepository {
  private readonly history: HistorySearch;

  constructor(private readonly prisma: PrismaService) {
    this.history = new HistorySearch(prisma);
  }

  /**
   * The sweep and all its trials, in one transaction; the trials (and later the refit run) belong
   * to the sweep's owner. With a quota gate, only if the project stays within its quotas. A halving
   * search (`halving`, its schedule) gets its first iteration's trials now and the others as
   * `advanceHalving` decides them, but counts every iteration's among its candidates and trials.
   */
  async create(
    request: SweepRequest,
    candidates: readonly Params[],
    owner: Owner = UNOWNED,
    gate?: QuotaGate,
    metadata: Metadata = NO_METADATA,
    halving: HalvingSchedule | null = null,
  ): Promise<Sweep> {
    const rows = halving ? halving.n_candidates_.reduce((sum, count) => sum + count, 0) : candidates.length;
    return this.prisma.$transaction(async (tx) => {
      await gate?.(tx, owner.project, { pendingTrials: rows * request.cv, sweeps: 1 });
      const sweep = await tx.sweep.create({
        data: {
          spec: request as unknown as Prisma.InputJsonValue,
          candidates: candidates as unknown as Prisma.InputJsonValue,
          dataset: request.dataset,
          modelType: finalEstimatorType(request.estimator),
          nCandidates: rows,
          nSplits: request.cv,
          totalTrials: rows * request.cv,
          // random_state null subsamples differently each sweep, but the same for every candidate of an iteration.
          halving: halving ? ({ ...halving, subsample_seed: 'random_state' in request && request.random_state !== null ? request.random_state : randomInt(2 ** 32) } satisfies StoredHalving) : Prisma.DbNull,
          schemaVersion: SWEEPS.version,
          ...ownerColumns(owner),
          ...metadataColumns(metadata),
        },
      });
      await tx.sweepTrial.createMany({ data: trialRows(sweep.id, candidates, 0, request.cv) });
      return sweep;
    });
  }

  /**
   * A halving search's next iteration: its candidates (`params`, rows from `start` on) appended to
   * the sweep's, and their trials, once. A second call for the same iteration (a finalisation job
   * retried after its enqueue was lost) finds the trial rows there and changes nothing. Returns
   * the iteration's trials, to enqueue (job ids make that idempotent too); null when the sweep has
   * been cancelled or deleted meanwhile.
   */
  async advanceHalving(sweepId: string, start: number, params: readonly Params[]): Promise<TrialKey[] | null> {
    return this.prisma.$transaction(async (tx) => {
      const sweep = await tx.sweep.findUnique({ where: { id: sweepId } });
      if (!sweep || (sweep.status !== 'queued' && sweep.status !== 'running')) return null;
      // A concurrent second call waits here on the unique key until the first commits, then inserts nothing.
      const inserted = await tx.sweepTrial.createMany({ data: trialRows(sweepId, params, start, sweep.nSplits), skipDuplicates: true });
      if (inserted.count > 0) {
        const { candidates } = await decodeSweep(sweep);
        if (candidates.length !== start) throw new Error(`sweep ${sweepId} has ${candidates.length} candidates; its next iteration starts at ${start}`);
        await tx.sweep.update({ where: { id: sweepId }, data: { candidates: [...candidates, ...params] as unknown as Prisma.InputJsonValue } });
      }
      return params.flatMap((_, i) => Array.from({ length: sweep.nSplits }, (__, fold) => ({ sweepId, candidate: start + i, fold })));
    });
  }

  async delete(id: string): Promise<void> {
    await this.prisma.sweep.delete({ where: { id } });
  }

  /** Changes a sweep's name, tags or notes (tags merged; its trials have its tags, whatever they are); false when there is no such sweep. */
  updateMetadata(id: string, patch: MetadataPatch): Promise<boolean> {
    return updateMetadata(this.prisma, 'sweeps', id, patch);
  }

  /**
   * Deletes a finished sweep with its trials and its runs (the refit) with their results and model
   * artifacts. An unfinished sweep is left alone: `deleted` is false and `status` says why; null
   * when there is no such sweep.
   */
  async remove(id: string): Promise<{ deleted: boolean; status: SweepStatus } | null> {
    return this.prisma.$transaction(async (tx) => {
      const sweep = await tx.sweep.findUnique({ where: { id }, select: { status: true, runs: { select: { id: true } } } });
      if (!sweep) return null;
      const deleted = await tx.sweep.deleteMany({ where: { id, status: { in: FINISHED_SWEEP } } });
      if (deleted.count === 0) return { deleted: false, status: sweep.status };
      const runIds = sweep.runs.map((run) => run.id);
      await tx.modelArtifact.deleteMany({ where: { runId: { in: runIds } } });
      await tx.run.deleteMany({ where: { id: { in: runIds } } });
      return { deleted: true, status: sweep.status };
    });
  }

  async findById(id: string): Promise<SweepWithTrials | null> {
    const sweep = await this.prisma.sweep.findUnique({
      where: { id },
      include: { trials: { orderBy: [{ candidateIndex: 'asc' }, { fold: 'asc' }] } },
    });
    if (!sweep) return null;
    const { trials, ...row } = sweep;
    const refitRun = row.refitRunId ? await this.prisma.run.findUnique({ where: { id: row.refitRunId } }) : null;
    return {
      ...(await decodeSweep(row)),
      trials: await Promise.all(trials.map(decodeTrial)),
      refitRun: refitRun && (await decodeRun(refitRun)),
    };
  }

  /** `GET /sweeps`: a page of sweeps as the filter language asks for them. */
  async search(request: HistoryRequest): Promise<HistoryPage<StoredSweep>> {
    const page = await this.history.search(SWEEP_HISTORY, request);
    const rows = await this.prisma.sweep.findMany({ where: { id: { in: page.items } } });
    return { ...page, items: await inIdOrder(page.items, rows, decodeSweep) };
  }

  /** `GET /sweeps/:id/trials`: a page of one sweep's trials as the filter language asks for them. */
  async searchTrials(sweepId: string, request: Omit<HistoryRequest, 'scope'>): Promise<HistoryPage<StoredTrial>> {
    const page = await this.history.search(TRIAL_HISTORY, { ...request, scope: { sweepId } });
    const rows = await this.prisma.sweepTrial.findMany({ where: { id: { in: page.items } } });
    return { ...page, items: await inIdOrder(page.items, rows, decodeTrial) };
  }

  /** Trial counts by status for a page of sweeps, in one grouped query. */
  async progress(sweepIds: readonly string[]): Promise<Map<string, Record<string, number>>> {
    const groups = await this.prisma.sweepTrial.groupBy({
      by: ['sweepId', 'status'],
      where: { sweepId: { in: [...sweepIds] } },
      _count: { _all: true },
    });
    const bySweep = new Map<string, Record<string, number>>();
    for (const group of groups) {
      const counts = bySweep.get(group.sweepId) ?? {};
      counts[group.status] = group._count._all;
      bySweep.set(group.sweepId, counts);
    }
    return bySweep;
  }

  /**
   * Claims a trial for a worker: only while the trial is unfinished and its sweep is not
   * cancelled. A `running` trial may be claimed again: its previous worker died. `times` are when
   * its job was added to the queue and when the queue handed it to the worker.
   */
  async claimTrial(key: TrialKey, workerId: string, times: { enqueuedAt: Date; startedAt: Date }): Promise<{ trial: SweepTrial; sweep: Sweep } | null> {
    return this.prisma.$transaction(async (tx) => {
      // Sweep row before trial rows, the order `cancel` locks them in: the other order deadlocks.
      await tx.sweep.updateMany({ where: { id: key.sweepId, status: 'queued' }, data: { status: 'running', startedAt: new Date() } });
      const claimed = await tx.sweepTrial.updateMany({
        where: { ...trialWhere(key), status: UNFINISHED_TRIAL, sweep: { status: { in: ['queued', 'running'] } } },
        data: { status: 'running', ...times, workerId, attempts: { increment: 1 } },
      });
      if (claimed.count === 0) return null;
      const trial = await tx.sweepTrial.findUniqueOrThrow({ where: { sweepId_candidateIndex_fold: uniqueKey(key) } });
      const sweep = await tx.sweep.findUniqueOrThrow({ where: { id: key.sweepId } });
      return { trial, sweep };
    });
  }

  /**
   * Records a trial's result once; returns whether every trial of the sweep has now finished
   * (the caller then enqueues the sweep's finalisation) and, then, the round: how many trial rows
   * the sweep has (a halving search's grow with each iteration).
   */
  async recordTrial(key: TrialKey, result: TrialResult): Promise<{ recorded: boolean; sweepDone: boolean; round: number }> {
    const updated = await this.prisma.sweepTrial.updateMany({
      where: { ...trialWhere(key), status: UNFINISHED_TRIAL },
      data: {
        status: result.testScore === null ? 'failed' : 'succeeded',
        testScore: result.testScore,
        scores: result.scores === null ? Prisma.DbNull : (result.scores as Prisma.InputJsonValue),
        fitSeconds: result.fitSeconds,
        scoreSeconds: result.scoreSeconds,
        error: result.error,
        computedAt: result.computedAt,
      },
    });
    if (updated.count === 1) {
      // Stamped once the result is committed: computed_at -> recorded_at is the write's whole cost.
      await this.prisma.sweepTrial.update({ where: { sweepId_candidateIndex_fold: uniqueKey(key) }, data: { recordedAt: new Date() } });
    }
    const sweepDone = await this.allTrialsFinished(key.sweepId);
    return { recorded: updated.count === 1, sweepDone, round: sweepDone ? await this.prisma.sweepTrial.count({ where: { sweepId: key.sweepId } }) : 0 };
  }

  async allTrialsFinished(sweepId: string): Promise<boolean> {
    const unfinished = await this.prisma.sweepTrial.count({ where: { sweepId, status: UNFINISHED_TRIAL } });
    return unfinished === 0;
  }

  /**
   * Stores cv_results_ and, with refit, creates the refit run in the same transaction; returns
   * the refit run's id to enqueue. Only a sweep still queued or running is finalised, once.
   */
  async finishCrossValidation(sweepId: string, results: CvResults, refit: RunRequest | null): Promise<{ finalized: boolean; refitRunId: string | null }> {
    return this.prisma.$transaction(async (tx) => {
      const sweep = await tx.sweep.findUnique({ where: { id: sweepId } });
      if (!sweep || (sweep.status !== 'queued' && sweep.status !== 'running')) {
        return { finalized: false, refitRunId: sweep?.status === 'refitting' ? sweep.refitRunId : null };
      }
      const inherited = { ...NO_METADATA, tags: tagsCodec.decode(sweep.tags) };
      const run = refit && results.best_index !== null ? await tx.run.create({ data: runCreateData(refit, ownerOf(sweep), inherited, sweepId) }) : null;
      const nothingToRefit = refit !== null && results.best_index === null;
      await tx.sweep.update({
        where: { id: sweepId },
        data: {
          cvResults: results as unknown as Prisma.InputJsonValue,
          bestIndex: results.best_index,
          bestScore: results.best_score,
          bestParams: (results.best_params ?? Prisma.DbNull) as Prisma.InputJsonValue,
          refitRunId: run?.id ?? null,
          status: run ? 'refitting' : nothingToRefit ? 'failed' : 'succeeded',
          error: nothingToRefit ? 'every candidate failed: nothing to refit' : null,
          finishedAt: run ? null : new Date(),
        },
      });
      return { finalized: true, refitRunId: run?.id ?? null };
    });
  }

  /** The refit run ended: so does the sweep. */
  async finishRefit(sweepId: string, runSucceeded: boolean, error: string | null): Promise<void> {
    await this.prisma.sweep.updateMany({
      where: { id: sweepId, status: 'refitting' },
      data: { status: runSucceeded ? 'succeeded' : 'failed', error: runSucceeded ? null : `refit failed: ${error ?? 'unknown error'}`, finishedAt: new Date() },
    });
  }

  /** Cancels a sweep that has not finished; its pending trials are cancelled with it. */
  async cancel(sweepId: string): Promise<{ cancelled: boolean; pendingTrials: TrialKey[] }> {
    return this.prisma.$transaction(async (tx) => {
      const updated = await tx.sweep.updateMany({
        where: { id: sweepId, status: { in: ['queued', 'running', 'refitting'] } },
        data: { status: 'cancelled', finishedAt: new Date() },
      });
      if (updated.count === 0) return { cancelled: false, pendingTrials: [] };
      const pending = await tx.sweepTrial.findMany({ where: { sweepId, status: UNFINISHED_TRIAL }, select: { candidateIndex: true, fold: true } });
      await tx.sweepTrial.updateMany({ where: { sweepId, status: UNFINISHED_TRIAL }, data: { status: 'cancelled' } });
      await tx.run.updateMany({ where: { sweepId, status: { in: ['queued', 'running'] } }, data: { status: 'cancelled', finishedAt: new Date() } });
      return { cancelled: true, pendingTrials: pending.map((trial) => ({ sweepId, candidate: trial.candidateIndex, fold: trial.fold })) };
    });
  }

  /**
   * Puts a failed or cancelled sweep back in the queue: its trials that never finished (cancelled
   * ones; succeeded and failed ones are results, scikit-learn's `error_score=nan` included) are
   * queued again with fresh attempts, and its results and refit are cleared to be computed again.
   * Returns the trials to enqueue and the sweep's round (its trial rows); `resumed` false, with the
   * status, for a sweep in any other state; null when there is no such sweep.
   */
  async resume(sweepId: string): Promise<{ resumed: boolean; status: SweepStatus; trials: TrialKey[]; round: number } | null> {
    return this.prisma.$transaction(async (tx) => {
      const sweep = await tx.sweep.findUnique({ where: { id: sweepId }, select: { status: true } });
      if (!sweep) return null;
      // Conditional on the status, so that two resumes at once resume once.
      const updated = await tx.sweep.updateMany({
        where: { id: sweepId, status: { in: RESUMABLE_SWEEP } },
        data: { status: 'queued', error: null, finishedAt: null, cvResults: Prisma.DbNull, bestIndex: null, bestScore: null, bestParams: Prisma.DbNull, refitRunId: null },
      });
      if (updated.count === 0) return { resumed: false, status: sweep.status, trials: [], round: 0 };
      const rerun = await tx.sweepTrial.findMany({ where: { sweepId, status: 'cancelled' }, select: { candidateIndex: true, fold: true } });
      await tx.sweepTrial.updateMany({
        where: { sweepId, status: 'cancelled' },
        data: { status: 'queued', attempts: 0, workerId: null, startedAt: null, computedAt: null, recordedAt: null, testScore: null, scores: Prisma.DbNull, fitSeconds: null, scoreSeconds: null, error: null },
      });
      const round = await tx.sweepTrial.count({ where: { sweepId } });
      return { resumed: true, status: 'queued' as const, trials: rerun.map((trial) => ({ sweepId, candidate: trial.candidateIndex, fold: trial.fold })), round };
    });
  }

  /** Every trial that should have a job in Redis, for re-enqueuing after Redis lost its data. */
  async unfinishedTrials(): Promise<TrialKey[]> {
    const trials = await this.prisma.sweepTrial.findMany({
      where: { status: UNFINISHED_TRIAL, sweep: { status: { in: ['queued', 'running'] } } },
      select: { sweepId: true, candidateIndex: true, fold: true },
      orderBy: [{ enqueuedAt: 'asc' }, { candidateIndex: 'asc' }, { fold: 'asc' }],
    });
    return trials.map((trial) => ({ sweepId: trial.sweepId, candidate: trial.candidateIndex, fold: trial.fold }));
  }

  /** Sweeps whose trials have all finished but that were never finalised (a lost finalisation job), with their round (trial rows). */
  async awaitingFinalization(): Promise<{ sweepId: string; round: number }[]> {
    const sweeps = await this.prisma.sweep.findMany({
      where: { status: { in: ['queued', 'running'] }, trials: { none: { status: UNFINISHED_TRIAL } } },
      select: { id: true, _count: { select: { trials: true } } },
    });
    return sweeps.map((sweep) => ({ sweepId: sweep.id, round: sweep._count.trials }));
  }

  async findSweep(id: string): Promise<StoredSweep | null> {
    const sweep = await this.prisma.sweep.findUnique({ where: { id } });
    return sweep && decodeSweep(sweep);
  }

  async finishedTrials(sweepId: string): Promise<StoredTrial[]> {
    const trials = await this.prisma.sweepTrial.findMany({ where: { sweepId, status: { in: ['succeeded', 'failed'] } } });
    return Promise.all(trials.map(decodeTrial));
  }
}

/** One trial row per (candidate, fold) of `candidates`, numbered from `start` in cv_results_ order. */
function trialRows(sweepId: string, candidates: readonly Params[], start: number, nSplits: number): Prisma.SweepTrialCreateManyInput[] {
  return candidates.flatMap((params, i) =>
    Array.from({ length: nSplits }, (_, fold) => ({ sweepId, candidateIndex: start + i, fold, params: params as Prisma.InputJsonValue, schemaVersion: SWEEP_TRIALS.version })),
  );
}

function uniqueKey(key: TrialKey) {
  return { sweepId: key.sweepId, candidateIndex: key.candidate, fold: key.fold };
}

function trialWhere(key: TrialKey): Prisma.SweepTrialWhereInput {
  return uniqueKey(key);
}
