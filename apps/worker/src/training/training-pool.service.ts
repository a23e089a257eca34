import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '@mnist-lab/infra';
import type { FitOutcomes, FitTask } from './fit-protocol';
import { FitProcess } from './fit-process';

/**
 * One fit process per concurrent job (WORKER_CONCURRENCY), each limited to
 * WORKER_FIT_MAX_MEMORY_MB. Started at boot; stopped at application shutdown, after the BullMQ
 * worker has let its current jobs finish.
 */
@Injectable()
export class TrainingPool implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly processes: FitProcess[];
  private readonly idle: FitProcess[];
  private readonly waiting: ((fitProcess: FitProcess) => void)[] = [];

  constructor(config: ConfigService<Env, true>) {
    const maxMemoryMb = config.get('WORKER_FIT_MAX_MEMORY_MB', { infer: true });
    this.processes = Array.from({ length: config.get('WORKER_CONCURRENCY', { infer: true }) }, () => new FitProcess(maxMemoryMb));
    this.idle = [...this.processes];
  }

  onApplicationBootstrap(): void {
    for (const fitProcess of this.processes) fitProcess.start();
  }

  experiment(input: Extract<FitTask, { kind: 'experiment' }>['input']): Promise<FitOutcomes['experiment']> {
    return this.run({ kind: 'experiment', input });
  }

  cvFold(input: Extract<FitTask, { kind: 'cvFold' }>['input']): Promise<FitOutcomes['cvFold']> {
    return this.run({ kind: 'cvFold', input });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.processes.map((fitProcess) => fitProcess.stop()));
  }

  private async run<K extends FitTask['kind']>(task: Extract<FitTask, { kind: K }>): Promise<FitOutcomes[K]> {
    const fitProcess = this.idle.pop() ?? (await new Promise<FitProcess>((resolve) => this.waiting.push(resolve)));
    try {
      return await fitProcess.run(task);
    } finally {
      const next = this.waiting.shift();
      if (next) next(fitProcess);
      else this.idle.push(fitProcess);
    }
  }
}
