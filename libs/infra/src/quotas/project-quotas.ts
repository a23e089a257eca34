import { Injectable, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { QuotaExceededError } from '@mnist-lab/contracts';
import type { Env } from '../config/env';
import type { Prisma } from '../generated/prisma/client';

/** The per-project quotas of issue #15 (PROJECT_MAX_PENDING_TRIALS, PROJECT_MAX_CONCURRENT_SWEEPS). */
export interface ProjectQuotaLimits {
  /** Queued plus running trials and runs of one project. */
  readonly maxPendingTrials: number;
  /** Sweeps of one project that are queued, running or refitting. */
  readonly maxConcurrentSweeps: number;
}

/** What a submission adds to its project's usage. */
export interface QuotaDemand {
  /** Trials and runs it queues: 1 for a run, every (candidate, fold) for a sweep. */
  readonly pendingTrials: number;
  readonly sweeps: number;
}

export interface ProjectUsage {
  readonly pendingTrials: number;
  readonly sweeps: number;
}

/**
 * Admits a submission inside the transaction that stores it: throws a QuotaExceededError (429)
 * when it would take `project` over a quota, so that nothing is stored and nothing enqueued.
 */
export type QuotaGate = (tx: Prisma.TransactionClient, project: string, demand: QuotaDemand) => Promise<void>;

/** First key of the advisory locks that serialise one project's submissions (the second is the project's hash). */
const QUOTA_LOCK_NAMESPACE = 15;

const UNFINISHED_WORK = { in: ['queued', 'running'] } satisfies Prisma.EnumTrialStatusFilter;
const UNFINISHED_SWEEP = { in: ['queued', 'running', 'refitting'] } satisfies Prisma.EnumSweepStatusFilter;

/** What `project` has queued or running now: trials of its sweeps plus its runs, and its unfinished sweeps. */
export async function projectUsage(db: Prisma.TransactionClient, project: string): Promise<ProjectUsage> {
  const trials = await db.sweepTrial.count({ where: { status: UNFINISHED_WORK, sweep: { project } } });
  const runs = await db.run.count({ where: { project, status: UNFINISHED_WORK } });
  const sweeps = await db.sweep.count({ where: { project, status: UNFINISHED_SWEEP } });
  return { pendingTrials: trials + runs, sweeps };
}

/**
 * The gate for `limits`. Count-then-insert is made race-free by a transaction-scoped advisory
 * lock per project: two submissions of one project wait for each other's commit, so both cannot
 * pass on the same count; other projects' submissions do not wait.
 */
export function quotaGate(limits: ProjectQuotaLimits): QuotaGate {
  return async (tx, project, demand) => {
    await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(${QUOTA_LOCK_NAMESPACE}::integer, hashtext(${project}))`;
    const usage = await projectUsage(tx, project);
    if (demand.sweeps > 0 && usage.sweeps + demand.sweeps > limits.maxConcurrentSweeps) {
      throw new QuotaExceededError(
        'PROJECT_MAX_CONCURRENT_SWEEPS',
        limits.maxConcurrentSweeps,
        usage.sweeps,
        `project ${project} has ${usage.sweeps} sweeps queued, running or refitting; PROJECT_MAX_CONCURRENT_SWEEPS allows ${limits.maxConcurrentSweeps}. Nothing was queued: wait for one to finish or cancel one`,
      );
    }
    if (usage.pendingTrials + demand.pendingTrials > limits.maxPendingTrials) {
      throw new QuotaExceededError(
        'PROJECT_MAX_PENDING_TRIALS',
        limits.maxPendingTrials,
        usage.pendingTrials,
        `project ${project} has ${usage.pendingTrials} trials and runs queued or running; this submission adds ${demand.pendingTrials}, ` +
          `over PROJECT_MAX_PENDING_TRIALS = ${limits.maxPendingTrials}. Nothing was queued`,
      );
    }
  };
}

/** The quota gate configured from the environment, for the api's submissions. */
@Injectable()
export class ProjectQuotas {
  readonly limits: ProjectQuotaLimits;
  readonly gate: QuotaGate;

  constructor(config: ConfigService<Env, true>) {
    this.limits = {
      maxPendingTrials: config.get('PROJECT_MAX_PENDING_TRIALS', { infer: true }),
      maxConcurrentSweeps: config.get('PROJECT_MAX_CONCURRENT_SWEEPS', { infer: true }),
    };
    this.gate = quotaGate(this.limits);
  }
}

@Module({ providers: [ProjectQuotas], exports: [ProjectQuotas] })
export class QuotasModule {}
