import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { QUEUES } from '@mnist-lab/contracts';
import { WorkerDirectory } from '@mnist-lab/infra';
import type { Queue } from 'bullmq';
import { QUEUE_STATES, type QueueDepthsDto, type WorkersOverviewDto } from './workers-overview.dto';

type QueueName = keyof typeof QUEUES;

/** Throughput is averaged over this window, so that a burst of short trials does not read as a spike. */
const THROUGHPUT_WINDOW_MINUTES = 5;

/** Completed jobs are read in pages of this many, newest first, until one is older than the window. */
const COMPLETED_PAGE = 200;

/**
 * The live worker processes (each one's own record: build, backends, current jobs, CPU and memory)
 * and how much work is waiting, read from Redis.
 */
@Injectable()
export class WorkersService {
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    private readonly directory: WorkerDirectory,
    @InjectQueue(QUEUES.runs) runs: Queue,
    @InjectQueue(QUEUES.trials) trials: Queue,
    @InjectQueue(QUEUES.sweeps) sweeps: Queue,
  ) {
    this.queues = { runs, trials, sweeps };
  }

  async overview(): Promise<WorkersOverviewDto> {
    const names = Object.keys(this.queues) as QueueName[];
    const [workers, queues, throughput] = await Promise.all([
      this.directory.list(),
      this.depths(),
      Promise.all(names.map((name) => this.completedPerMinute(name))),
    ]);
    return {
      workers,
      queues,
      jobs_per_minute: Object.fromEntries(names.map((name, i) => [name, throughput[i]])) as Record<QueueName, number>,
      throughput_window_minutes: THROUGHPUT_WINDOW_MINUTES,
    };
  }

  /** Jobs per queue and state, from BullMQ (also the metrics' queue gauges). */
  async depths(): Promise<Record<QueueName, QueueDepthsDto>> {
    const names = Object.keys(this.queues) as QueueName[];
    const counts = await Promise.all(names.map((name) => this.queues[name].getJobCounts(...QUEUE_STATES)));
    const depths = (byState: Record<string, number> | undefined): QueueDepthsDto =>
      Object.fromEntries(QUEUE_STATES.map((state) => [state, byState?.[state] ?? 0])) as Record<(typeof QUEUE_STATES)[number], number>;
    return Object.fromEntries(names.map((name, i) => [name, depths(counts[i])])) as Record<QueueName, QueueDepthsDto>;
  }

  /**
   * Jobs completed per minute over the last few minutes. BullMQ's own metrics (`getMetrics`) are
   * only collected by workers started with the `metrics` option, which ours are not, so this reads
   * the completed jobs newest first and counts those whose `finishedOn` falls in the window.
   */
  private async completedPerMinute(queue: QueueName): Promise<number> {
    const since = Date.now() - THROUGHPUT_WINDOW_MINUTES * 60_000;
    let completed = 0;
    for (let start = 0; ; start += COMPLETED_PAGE) {
      const jobs = await this.queues[queue].getJobs(['completed'], start, start + COMPLETED_PAGE - 1, false);
      const recent = jobs.filter((job) => (job.finishedOn ?? 0) >= since).length;
      completed += recent;
      if (jobs.length < COMPLETED_PAGE || recent < jobs.length) break;
    }
    return completed / THROUGHPUT_WINDOW_MINUTES;
  }
}
