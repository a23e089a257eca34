import { Logger } from '@nestjs/common';
import type { RunProgress, RunsRepository } from '@mnist-lab/infra';
import type { ExperimentProgress } from '@mnist-lab/ml';
import { errorMessage } from '../common/job-errors';

export interface RunMonitorTiming {
  /** How often the run's row is read (or written): a cancel stops the fit within about this long. */
  readonly watchMs: number;
  /** Progress is written at most this often; the reads in between only check the status. */
  readonly writeMs: number;
}

export const RUN_MONITOR_TIMING: RunMonitorTiming = { watchMs: 1000, writeMs: 2000 };

type RunRow = Pick<RunsRepository, 'status' | 'recordProgress'>;

/**
 * Watches a run while its worker fits it. Every `watchMs` it writes the latest progress to the
 * run's row (at most every `writeMs`) or, with nothing new to write, reads the row's status; once
 * the row is no longer running (cancelled through the api), `signal` aborts, which stops the fit.
 */
export class RunMonitor {
  private readonly logger = new Logger(RunMonitor.name);
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private latest: RunProgress | null = null;
  private written: RunProgress | null = null;
  private writtenAt = Number.NEGATIVE_INFINITY;
  private checking = false;

  constructor(
    private readonly runs: RunRow,
    private readonly runId: string,
    private readonly timing: RunMonitorTiming = RUN_MONITOR_TIMING,
  ) {
    this.timer = setInterval(() => void this.check(), timing.watchMs);
  }

  /** Aborts once the run is no longer running. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  report({ stage, fit }: ExperimentProgress): void {
    const now = new Date().toISOString();
    const stageStartedAt = stage === this.latest?.stage ? this.latest.stage_started_at : now;
    this.latest = {
      stage,
      unit: fit?.unit ?? null,
      done: fit?.done ?? null,
      total: fit?.total ?? null,
      loss: fit?.loss ?? null,
      stage_started_at: stageStartedAt,
      updated_at: now,
    };
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async check(): Promise<void> {
    if (this.checking || this.signal.aborted) return;
    this.checking = true;
    try {
      const progress = this.latest;
      const write = progress !== null && progress !== this.written && performance.now() - this.writtenAt >= this.timing.writeMs;
      let running: boolean;
      if (write) {
        running = await this.runs.recordProgress(this.runId, progress);
        this.written = progress;
        this.writtenAt = performance.now();
      } else {
        running = (await this.runs.status(this.runId)) === 'running';
      }
      if (!running) this.controller.abort();
    } catch (error) {
      // Postgres unreachable for a moment: the fit goes on, and the next check tries again.
      this.logger.warn(`run ${this.runId}: cannot read or write its row: ${errorMessage(error)}`);
    } finally {
      this.checking = false;
    }
  }
}
