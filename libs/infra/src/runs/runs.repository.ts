import { Injectable } from '@nestjs/common';
import { estimatorSeed, finalEstimatorType, type RunOutcome, type RunRequest } from '@mnist-lab/contracts';
import { Prisma, type Run, type RunStatus } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { MODEL_ARTIFACTS } from '../models/model-documents';
import { keysetPage, type Page, type PageQuery } from '../pagination';
import { RUNS, RUN_RESULTS, decodeRun, decodeRunResult, type StoredRun, type StoredRunResult } from './run-documents';

export type RunWithResults = StoredRun & { results: StoredRunResult[]; artifact: { id: string; sizeBytes: number; sha256: string } | null };

export interface RunListQuery extends PageQuery {
  readonly status?: RunStatus;
  readonly dataset?: string;
  readonly modelType?: string;
  readonly sweepId?: string;
  readonly sort: 'created_at' | 'test_accuracy';
}

const withResults = {
  results: { orderBy: { subset: 'asc' } },
  artifact: { select: { id: true, sizeBytes: true, sha256: true } },
} satisfies Prisma.RunInclude;

/** The columns of a new run; a sweep's refit run is created the same way, inside its transaction. */
export function runCreateData(request: RunRequest, sweepId?: string): Prisma.RunUncheckedCreateInput {
  return {
    spec: request as unknown as Prisma.InputJsonValue,
    dataset: request.dataset,
    modelType: finalEstimatorType(request.estimator),
    splitSeed: request.split.random_state,
    estimatorSeed: estimatorSeed(request.estimator),
    sweepId,
    schemaVersion: RUNS.version,
  };
}

@Injectable()
export class RunsRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(request: RunRequest): Promise<Run> {
    return this.prisma.run.create({ data: runCreateData(request) });
  }

  async delete(id: string): Promise<void> {
    await this.prisma.run.delete({ where: { id } });
  }

  async findById(id: string): Promise<RunWithResults | null> {
    const row = await this.prisma.run.findUnique({ where: { id }, include: withResults });
    if (!row) return null;
    const { results, artifact, ...run } = row;
    return { ...(await decodeRun(run)), results: await Promise.all(results.map(decodeRunResult)), artifact };
  }

  /** Newest first, or best test accuracy first; keyset pagination on (sort key, id) in SQL. */
  async list(query: RunListQuery): Promise<Page<StoredRun>> {
    const where: Prisma.RunWhereInput = {
      status: query.status,
      dataset: query.dataset,
      modelType: query.modelType,
      sweepId: query.sweepId,
    };
    const orderBy: Prisma.RunOrderByWithRelationInput[] =
      query.sort === 'test_accuracy'
        ? [{ testAccuracy: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }]
        : [{ createdAt: 'desc' }, { id: 'desc' }];
    return keysetPage(query, (keyset) => this.prisma.run.findMany({ where, orderBy, ...keyset }), decodeRun);
  }

  /**
   * Claims a run for a worker. Only a queued run, or a running one whose previous worker died
   * (the job came back as stalled or retried), can be claimed; a finished run stays finished.
   */
  async markRunning(id: string, workerId: string): Promise<Run | null> {
    const claimed = await this.prisma.run.updateMany({
      where: { id, status: { in: ['queued', 'running'] } },
      data: { status: 'running', startedAt: new Date(), workerId, attempts: { increment: 1 }, error: null },
    });
    return claimed.count === 1 ? this.prisma.run.findUnique({ where: { id } }) : null;
  }

  /** Results, artifact and status in one transaction; upserts make a retried job a no-op. */
  async recordSuccess(id: string, outcome: RunOutcome): Promise<void> {
    const { test, train } = outcome.evaluation;
    await this.prisma.$transaction(async (tx) => {
      const run = await tx.run.findUniqueOrThrow({ where: { id }, select: { dataset: true, modelType: true } });
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
      };
      await tx.modelArtifact.upsert({ where: { runId: id }, create: { runId: id, ...artifact }, update: artifact });
      await tx.run.update({
        where: { id },
        data: {
          status: 'succeeded',
          finishedAt: new Date(),
          error: null,
          tensorBackend: outcome.tensorBackend,
          fitSeconds: outcome.fitSeconds,
          predictSeconds: outcome.predictSeconds,
          testAccuracy: test.accuracy,
          trainAccuracy: train.accuracy,
          fitInfo: outcome.fitInfo as Prisma.InputJsonValue,
        },
      });
    });
  }

  async recordFailure(id: string, message: string): Promise<void> {
    await this.prisma.run.updateMany({
      where: { id, status: { in: ['queued', 'running'] } },
      data: { status: 'failed', error: message, finishedAt: new Date() },
    });
  }

  /** Runs that should have a job in Redis: used to re-enqueue after Redis lost its data. */
  findUnfinished(): Promise<Pick<Run, 'id' | 'status'>[]> {
    return this.prisma.run.findMany({ where: { status: { in: ['queued', 'running'] } }, select: { id: true, status: true } });
  }
}
