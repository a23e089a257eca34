import { Injectable } from '@nestjs/common';
import { estimatorSeed, finalEstimatorType, NO_METADATA, type Metadata, type MetadataPatch, type RunOutcome, type RunRequest } from '@mnist-lab/contracts';
import { metadataColumns, updateMetadata } from '../history/metadata';
import { Prisma, type Run, type RunStatus } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { MODEL_ARTIFACTS } from '../models/model-documents';
import { ownerColumns, ownerOf, UNOWNED, type Owner } from '../scope/project-scope';
import { HistorySearch, inIdOrder, RUN_HISTORY, type HistoryPage, type HistoryRequest } from '../history/history-search';
import type { QuotaGate } from '../quotas/project-quotas';
import { recordRunMetrics } from '../history/run-metrics';
import { RUNS, RUN_RESULTS, decodeRun, decodeRunResult, type RunProgress, type StoredRun, type StoredRunResult } from './run-documents';

export type RunWithResults = StoredRun & { results: StoredRunResult[]; artifact: { id: string; sizeBytes: number; sha256: string } | null };

const UNFINISHED: RunStatus[] = ['queued', 'running'];

const withResults = {
  results: { orderBy: { subset: 'asc' } },
  artifact: { select: { id: true, sizeBytes: true, sha256: true } },
} satisfies Prisma.RunInclude;

/** The columns of a new run; a sweep's refit run is created the same way, inside its transaction, with the sweep's owner and tags. */
export function runCreateData(request: RunRequest, owner: Owner, metadata: Metadata, sweepId?: string): Prisma.RunUncheckedCreateInput {
  return {
    ...metadataColumns(metadata),
    spec: request as unknown as Prisma.InputJsonValue,
    dataset: request.dataset,
    modelType: finalEstimatorType(request.estimator),
    splitSeed: request.split.random_state,
    estimatorSeed: estimatorSeed(request.estimator),
    sweepId,
    schemaVersion: RUNS.version,
    ...ownerColumns(owner),
  };
}

@Injectable()
export class RunsRepository {
  private readonly history: HistorySearch;

  constructor(private readonly prisma: PrismaService) {
    this.history = new HistorySearch(prisma);
  }

  /** Stores a queued run; with a quota gate, only if its project stays within its quotas (checked in the same transaction). */
  create(request: RunRequest, owner: Owner = UNOWNED, gate?: QuotaGate, metadata: Metadata = NO_METADATA): Promise<Run> {
    if (!gate) return this.prisma.run.create({ data: runCreateData(request, owner, metadata) });
    return this.prisma.$transaction(async (tx) => {
      await gate(tx, owner.project, { pendingTrials: 1, sweeps: 0 });
      return tx.run.create({ data: runCreateData(request, owner, metadata) });
    });
  }

  /** Changes a run's name, tags or notes (tags merged); false when there is no such run. */
  updateMetadata(id: string, patch: MetadataPatch): Promise<boolean> {
    return updateMetadata(this.prisma, 'runs', id, patch);
  }

  async delete(id: string): Promise<void> {
    await this.prisma.run.delete({ where: { id } });
  }

  /** The run's project alone: what authorizing a cancel or delete needs. */
  projectOf(id: string): Promise<{ project: string } | null> {
    return this.prisma.run.findUnique({ where: { id }, select: { project: true } });
  }

  /** The run's status alone: what a worker polls while it fits, to notice a cancel. */
  async status(id: string): Promise<RunStatus | null> {
    const run = await this.prisma.run.findUnique({ where: { id }, select: { status: true } });
    return run?.status ?? null;
  }

  /**
   * Cancels a queued or running run; a sweep refitting it is cancelled with it (its refit will
   * not come). Returns the status the run has now: `cancelled`, or the finished status that
   * could not be cancelled; null when there is no such run.
   */
  async cancel(id: string): Promise<{ cancelled: boolean; status: RunStatus } | null> {
    return this.prisma.$transaction(async (tx) => {
      const finishedAt = new Date();
      const updated = await tx.run.updateMany({ where: { id, status: { in: UNFINISHED } }, data: { status: 'cancelled', finishedAt } });
      if (updated.count === 1) {
        await tx.sweep.updateMany({ where: { refitRunId: id, status: 'refitting' }, data: { status: 'cancelled', finishedAt } });
        return { cancelled: true, status: 'cancelled' as const };
      }
      const run = await tx.run.findUnique({ where: { id }, select: { status: true } });
      return run && { cancelled: false, status: run.status };
    });
  }

  /**
   * Deletes a finished run with its results and model artifact. An unfinished run is left alone
   * (a worker may be writing it): `deleted` is false and `status` says why; null when there is no such run.
   */
  async remove(id: string): Promise<{ deleted: boolean; status: RunStatus } | null> {
    return this.prisma.$transaction(async (tx) => {
      const run = await tx.run.findUnique({ where: { id }, select: { status: true, artifact: { select: { id: true } } } });
      if (!run) return null;
      // Conditional, so that a run claimed again since it was read is not deleted under its worker.
      const deleted = await tx.run.deleteMany({ where: { id, status: { notIn: UNFINISHED } } });
      if (deleted.count === 0) return { deleted: false, status: run.status };
      if (run.artifact) await tx.modelArtifact.delete({ where: { id: run.artifact.id } });
      return { deleted: true, status: run.status };
    });
  }

  /** `GET /runs`: a page of runs as the filter language asks for them. */
  async search(request: HistoryRequest): Promise<HistoryPage<StoredRun>> {
    const page = await this.history.search(RUN_HISTORY, request);
    const rows = await this.prisma.run.findMany({ where: { id: { in: page.items } } });
    return { ...page, items: await inIdOrder(page.items, rows, decodeRun) };
  }

  async findById(id: string): Promise<RunWithResults | null> {
    const row = await this.prisma.run.findUnique({ where: { id }, include: withResults });
    if (!row) return null;
    const { results, artifact, ...run } = row;
    return { ...(await decodeRun(run)), results: await Promise.all(results.map(decodeRunResult)), artifact };
  }

  /**
   * Claims a run for a worker. Only a queued run, or a running one whose previous worker died
   * (the job came back as stalled or retried), can be claimed; a finished run stays finished.
   */
  async markRunning(id: string, workerId: string): Promise<Run | null> {
    const startedAt = new Date();
    const claimed = await this.prisma.run.updateMany({
      where: { id, status: { in: UNFINISHED } },
      data: { status: 'running', startedAt, workerId, attempts: { increment: 1 }, error: null, progress: Prisma.DbNull },
    });
    if (claimed.count === 0) return null;
    const run = await this.prisma.run.findUniqueOrThrow({ where: { id }, select: { createdAt: true } });
    const queueWaitSeconds = (startedAt.getTime() - run.createdAt.getTime()) / 1000;
    const updated = await this.prisma.run.updateMany({ where: { id, status: 'running' }, data: { queueWaitSeconds } });
    return updated.count === 1 ? this.prisma.run.findUnique({ where: { id } }) : null;
  }

  /**
   * Stores how far a running run is; false when the run is no longer running (cancelled, or
   * finished by another claim), which tells its worker to stop.
   */
  async recordProgress(id: string, progress: RunProgress): Promise<boolean> {
    const updated = await this.prisma.run.updateMany({ where: { id, status: 'running' }, data: { progress: progress as Prisma.InputJsonValue } });
    return updated.count === 1;
  }

  /**
   * Results, artifact and status in one transaction; upserts make a retried job a no-op. Only a
   * running run is finished this way: a run cancelled (or failed) meanwhile keeps its status and
   * gets no results; returns whether they were recorded.
   */
  async recordSuccess(id: string, outcome: RunOutcome): Promise<boolean> {
    const { test, train } = outcome.evaluation;
    const writeStarted = performance.now();
    return this.prisma.$transaction(async (tx) => {
      // First, so that the row stays locked until commit: a cancel waits for this write, or wins before it.
      const finished = await tx.run.updateMany({
        where: { id, status: 'running' },
        data: {
          status: 'succeeded',
          finishedAt: new Date(),
          error: null,
          tensorBackend: outcome.tensorBackend,
          loadSeconds: outcome.loadSeconds,
          fitSeconds: outcome.fitSeconds,
          predictSeconds: outcome.predictSeconds,
          evaluateSeconds: outcome.evaluateSeconds,
          testAccuracy: test.accuracy,
          trainAccuracy: train.accuracy,
          fitInfo: outcome.fitInfo as Prisma.InputJsonValue,
        },
      });
      if (finished.count === 0) return false;
      const run = await tx.run.findUniqueOrThrow({ where: { id }, select: { dataset: true, modelType: true, project: true, createdByKeyId: true, createdByName: true } });
      for (const [subset, evaluation] of [['test', test], ['train', train]] as const) {
        const data = {
          accuracy: evaluation.accuracy,
          nSamples: evaluation.n_samples,
          metrics: evaluation.metrics as Prisma.InputJsonValue,
          schemaVersion: RUN_RESULTS.version,
        };
        await tx.runResult.upsert({
          where: { runId_subset: { runId: id, subset } },
          create: { runId: id, subset, ...data },
          update: data,
        });
      }
      await recordRunMetrics(tx, id);
      const artifact = {
        formatVersion: outcome.artifact.formatVersion,
        modelType: run.modelType,
        dataset: run.dataset,
        testAccuracy: test.accuracy,
        sizeBytes: outcome.artifact.bytes.byteLength,
        sha256: outcome.artifact.sha256,
        header: outcome.artifact.header as Prisma.InputJsonValue,
        data: outcome.artifact.bytes,
        schemaVersion: MODEL_ARTIFACTS.version,
        // A run's model belongs to the run's project and creator.
        ...ownerColumns(ownerOf(run)),
      };
      await tx.modelArtifact.upsert({ where: { runId: id }, create: { runId: id, ...artifact }, update: artifact });
      // The write's cost up to here, its commit aside: the artifact is nearly all of it.
      const saveSeconds = outcome.serializeSeconds + (performance.now() - writeStarted) / 1000;
      // finished_at too: the run ends once its results are written, so its stages all fall before it.
      await tx.run.update({ where: { id }, data: { saveSeconds, finishedAt: new Date() } });
      return true;
    });
  }

  async recordFailure(id: string, message: string): Promise<void> {
    await this.prisma.run.updateMany({
      where: { id, status: { in: UNFINISHED } },
      data: { status: 'failed', error: message, finishedAt: new Date() },
    });
  }

  /** Runs that should have a job in Redis: used to re-enqueue after Redis lost its data. */
  /** Queued and running runs, oldest first (recovery queues each project's in submission order). */
  findUnfinished(): Promise<Pick<Run, 'id' | 'status' | 'project'>[]> {
    return this.prisma.run.findMany({
      where: { status: { in: ['queued', 'running'] } },
      select: { id: true, status: true, project: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }
}
