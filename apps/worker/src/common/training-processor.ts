import { Inject, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '@mnist-lab/infra';
import { TrainingPool } from '../training/training-pool.service';
import { JobProcessor } from './job-processor';

/**
 * A processor whose jobs train in the TrainingPool: it takes WORKER_CONCURRENCY jobs at a time,
 * and on SIGTERM stops taking jobs and lets the current ones finish while Postgres and the
 * training threads are still up (they close at application shutdown, which comes after this hook).
 */
export abstract class TrainingProcessor<T> extends JobProcessor<T> implements OnApplicationBootstrap, OnModuleDestroy {
  @Inject(ConfigService) private readonly settings!: ConfigService<Env, true>;

  @Inject(TrainingPool) protected readonly training!: TrainingPool;

  /**
   * A claim counts every time a worker took the job; more than WORKER_MAX_FIT_ATTEMPTS means the
   * earlier ones never finished: their worker died, most likely of this very fit. Fitting again
   * would kill the next worker too.
   */
  protected outOfAttempts(claims: number): boolean {
    return claims > this.settings.get('WORKER_MAX_FIT_ATTEMPTS', { infer: true });
  }

  protected get outOfAttemptsMessage(): string {
    const attempts = this.settings.get('WORKER_MAX_FIT_ATTEMPTS', { infer: true });
    return `the worker process died ${attempts} ${attempts === 1 ? 'time' : 'times'} while fitting it; not fitted again (WORKER_MAX_FIT_ATTEMPTS=${attempts})`;
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.settings.get('WORKER_CONCURRENCY', { infer: true });
  }

  async onModuleDestroy(): Promise<void> {
    this.logger.log('shutting down: finishing the jobs in progress');
    await this.worker.close();
  }
}
