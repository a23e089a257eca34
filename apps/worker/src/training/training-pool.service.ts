import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { finalEstimatorType } from '@mnist-lab/contracts';
import { describeCacheEvent, WorkerMetrics, type Env, type WorkerFacts } from '@mnist-lab/infra';
import type { FitEvent, FitOutcomes, FitTask } from './fit-protocol';
import { FitProcess, type FitRunOptions } from './fit-process';

/**
 * One fit process per concurrent job (WORKER_CONCURRENCY), each limited to
 * WORKER_FIT_MAX_MEMORY_MB. Started at boot; stopped at application shutdown, after the BullMQ
 * worker has let its current jobs finish.
 */
@Injectable()
export class TrainingPool implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TrainingPool.name);
  private readonly processes: FitProcess[];
  private readonly idle: FitProcess[];
  private readonly waiting: ((fitProcess: FitProcess) => void)[] = [];
  private reportBackends!: (backends: FitBackends) => void;
  /** What the first fit process to start reported: every one of them runs the same code in the same environment. */
  private readonly reportedBackends = new Promise<FitBackends>((resolve) => (this.reportBackends = resolve));

  constructor(
    config: ConfigService<Env, true>,
    private readonly metrics: WorkerMetrics,
  ) {
    const maxMemoryMb = config.get('WORKER_FIT_MAX_MEMORY_MB', { infer: true });
    const onEvent = (event: FitEvent) => this.onFitEvent(event);
    this.processes = Array.from({ length: config.get('WORKER_CONCURRENCY', { infer: true }) }, () => new FitProcess(maxMemoryMb, undefined, onEvent));
    this.idle = [...this.processes];
  }

  /**
   * The tensor backend and kernels this worker's fits use, as its fit processes found them at start;
   * `error` says why a tensor backend could not be chosen, or that none reported in time.
   */
  backends(timeoutMs = BACKENDS_TIMEOUT_MS): Promise<FitBackends> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<FitBackends>((resolve) => {
      timer = setTimeout(() => resolve({ tensorBackend: null, nativeKernels: false, error: `no fit process reported its backends within ${timeoutMs / 1000} s` }), timeoutMs);
    });
    return Promise.race([this.reportedBackends, late]).finally(() => clearTimeout(timer));
  }

  onApplicationBootstrap(): void {
    for (const fitProcess of this.processes) fitProcess.start();
  }

  /** A run's experiment; `options.signal` cancels it (its fit process is replaced), `onProgress` hears how far it got. */
  async experiment(input: Extract<FitTask, { kind: 'experiment' }>['input'], options: FitRunOptions = {}): Promise<FitOutcomes['experiment']> {
    const outcome = await this.run({ kind: 'experiment', input }, options);
    this.metrics.runFitSeconds.observe({ model_type: finalEstimatorType(input.estimator) }, outcome.fitSeconds);
    return outcome;
  }

  async cvFold(input: Extract<FitTask, { kind: 'cvFold' }>['input']): Promise<FitOutcomes['cvFold']> {
    const outcome = await this.run({ kind: 'cvFold', input });
    this.metrics.trialFitSeconds.observe({ model_type: finalEstimatorType(input.estimator) }, outcome.fit_time);
    return outcome;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.processes.map((fitProcess) => fitProcess.stop()));
  }

  private async run<K extends FitTask['kind']>(task: Extract<FitTask, { kind: K }>, options: FitRunOptions = {}): Promise<FitOutcomes[K]> {
    const fitProcess = this.idle.pop() ?? (await new Promise<FitProcess>((resolve) => this.waiting.push(resolve)));
    try {
      return await fitProcess.run(task, options);
    } finally {
      const next = this.waiting.shift();
      if (next) next(fitProcess);
      else this.idle.push(fitProcess);
    }
  }

  private onFitEvent(event: FitEvent): void {
    if (event.event === 'started') {
      const { tensorBackend, nativeKernels, error } = event;
      this.reportBackends({ tensorBackend, nativeKernels, error });
    } else {
      this.metrics.datasetCache(event.cache);
      this.logger.log(describeCacheEvent(event.cache));
    }
  }
}

export interface FitBackends extends WorkerFacts {
  readonly error: string | null;
}

/** Loading TensorFlow takes a few seconds; a fit process that says nothing for this long is not coming. */
const BACKENDS_TIMEOUT_MS = 60_000;
