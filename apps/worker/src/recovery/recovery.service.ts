import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JobQueue, requeueUnfinished, RunsRepository, SweepsRepository, type Env } from '@mnist-lab/infra';
import { errorMessage, WORKER_ID } from '../common/job-errors';

/** How often each worker checks that Redis still holds the work Postgres says is pending. */
export const RECOVERY_INTERVAL_MS = 5000;

/**
 * Postgres is the source of truth, Redis only the transport. Redis here keeps nothing on disk: if
 * it restarts, every pending job is gone. Each worker keeps a marker key in Redis; when the marker
 * is missing (first start, or Redis lost its data), it re-enqueues every unfinished run and trial
 * from Postgres. Deterministic job ids make this safe to do from several workers at once and for
 * work that is still queued. It also finalises sweeps whose last trial's finalisation job was lost.
 */
@Injectable()
export class RecoveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecoveryService.name);
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;

  constructor(
    private readonly runs: RunsRepository,
    private readonly sweeps: SweepsRepository,
    private readonly config: ConfigService<Env, true>,
    private readonly jobs: JobQueue,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), RECOVERY_INTERVAL_MS);
    void this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
  }

  private async tick(): Promise<void> {
    if (this.checking) return;
    this.checking = this.check()
      .catch((error: unknown) => this.logger.warn(`recovery check failed: ${errorMessage(error)}`))
      .finally(() => (this.checking = undefined));
  }

  async check(): Promise<void> {
    const redis = await this.jobs.redis();
    const marker = `${this.config.get('QUEUE_PREFIX', { infer: true })}:recovery-marker`;
    if ((await redis.get(marker)) === null) {
      const requeued = await requeueUnfinished(this.jobs, this.runs, this.sweeps);
      await redis.set(marker, WORKER_ID);
      if (requeued > 0) this.logger.warn(`Redis had no recovery marker: re-enqueued ${requeued} unfinished jobs from Postgres`);
    }
    for (const { sweepId, round } of await this.sweeps.awaitingFinalization()) {
      await this.jobs.enqueueFinalize(sweepId, round);
    }
  }
}
