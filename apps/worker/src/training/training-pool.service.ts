import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { CvFoldInput, CvFoldOutcome, ExperimentInput, ExperimentOutcome } from '@mnist-lab/ml';
import type { Env } from '@mnist-lab/infra';
import path from 'node:path';
import { Piscina } from 'piscina';

/**
 * One training thread per concurrent job (WORKER_CONCURRENCY). Destroyed at application shutdown,
 * after the BullMQ worker has let its current jobs finish.
 */
@Injectable()
export class TrainingPool implements OnApplicationShutdown {
  private readonly pool: Piscina;

  constructor(config: ConfigService<Env, true>) {
    const threads = config.get('WORKER_CONCURRENCY', { infer: true });
    this.pool = new Piscina({
      filename: path.join(__dirname, 'training.thread.js'),
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
    });
  }

  experiment(input: ExperimentInput): Promise<ExperimentOutcome> {
    return this.pool.run(input, { name: 'experiment' });
  }

  cvFold(input: CvFoldInput): Promise<CvFoldOutcome & { finishedAt: number }> {
    return this.pool.run(input, { name: 'cvFold' });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.destroy();
  }
}
