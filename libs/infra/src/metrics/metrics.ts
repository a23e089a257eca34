import { Injectable } from '@nestjs/common';
import { QUEUES } from '@mnist-lab/contracts';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DatasetCacheEvent } from '../datasets/dataset-store';

/** Every metric of ours starts with this; Node's process metrics keep prom-client's standard names. */
export const METRIC_PREFIX = 'mnist_lab_';

/** The states of a BullMQ queue that `mnist_lab_queue_jobs` reports; trials wait as `prioritized`. */
export const QUEUE_GAUGE_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed'] as const;
export type QueueGaugeState = (typeof QUEUE_GAUGE_STATES)[number];
/** Jobs that no worker has taken yet: what an autoscaler should scale workers on. */
const WAITING_STATES: readonly QueueGaugeState[] = ['waiting', 'prioritized', 'delayed'];

export type QueueCounts = Record<string, Record<QueueGaugeState, number>>;

/** Fits last from milliseconds (a trial on a few hundred rows) to hours (a forest refit on all of MNIST). */
const FIT_SECONDS_BUCKETS = [0.05, 0.25, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];
/** Requests: a health check in a millisecond to a predict of 14000 images in several seconds. */
const HTTP_SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** A registry with prom-client's default process metrics (CPU, memory, event loop lag, GC), labelled with the app. */
function processRegistry(app: 'api' | 'worker'): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** What the api exposes at `GET /metrics`: its requests and the queues' depths, read from Redis on each scrape. */
@Injectable()
export class ApiMetrics {
  readonly registry = processRegistry('api');

  readonly httpRequestDuration = new Histogram({
    name: `${METRIC_PREFIX}http_request_duration_seconds`,
    help: 'HTTP requests by method, route template (e.g. /runs/:id) and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_SECONDS_BUCKETS,
    registers: [this.registry],
  });

  /**
   * Registers the queue gauges, filled on each scrape from `read` (BullMQ's job counts).
   */
  watchQueues(read: () => Promise<QueueCounts>): void {
    let scrape: Promise<QueueCounts> | null = null;
    const counts = () => {
      // A scrape starts every collect at once (prom-client's Registry#metrics): one read serves both.
      scrape ??= read().finally(() => (scrape = null));
      return scrape;
    };
    new Gauge({
      name: `${METRIC_PREFIX}queue_jobs`,
      help: `Jobs in each queue by BullMQ state (${QUEUE_GAUGE_STATES.join(', ')}); trials wait as prioritized`,
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        for (const [queue, byState] of Object.entries(await counts())) {
          for (const state of QUEUE_GAUGE_STATES) this.set({ queue, state }, byState[state]);
        }
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}queue_depth`,
      help: 'Jobs no worker has taken yet (waiting + prioritized + delayed), per queue: the autoscaling signal',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        for (const [queue, byState] of Object.entries(await counts())) {
          this.set({ queue }, WAITING_STATES.reduce((sum, state) => sum + byState[state], 0));
        }
      },
    });
  }
}

/** What each worker exposes on WORKER_METRICS_PORT: its jobs, its fits and its dataset cache. */
@Injectable()
export class WorkerMetrics {
  readonly registry = processRegistry('worker');

  private readonly counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name: `${METRIC_PREFIX}${name}`, help, labelNames, registers: [this.registry] });
  private readonly fitSeconds = (name: string, help: string) =>
    new Histogram<'model_type'>({ name: `${METRIC_PREFIX}${name}`, help, labelNames: ['model_type'], buckets: FIT_SECONDS_BUCKETS, registers: [this.registry] });

  readonly jobsActive = new Gauge({
    name: `${METRIC_PREFIX}jobs_active`,
    help: 'Jobs this worker is processing now, per queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  readonly jobsCompleted = this.counter(
    'jobs_completed_total',
    'Jobs processed to the end, per queue and by what became of their run or trial (succeeded, failed, skipped)',
    ['queue', 'result'],
  );
  readonly jobsFailed = this.counter('jobs_failed_total', 'Jobs that threw with no attempt left (BullMQ marks them failed), per queue', ['queue']);
  readonly jobsRetried = this.counter('jobs_retried_total', 'Jobs started again after an earlier attempt threw or its worker died, per queue', ['queue']);
  readonly runFitSeconds = this.fitSeconds('run_fit_seconds', "Seconds fitting a run's estimator (sweep refits included), by final estimator type");
  readonly trialFitSeconds = this.fitSeconds('trial_fit_seconds', "Seconds fitting one sweep trial's estimator on its fold, by final estimator type");
  readonly datasetCacheHits = this.counter('dataset_cache_hits_total', "Datasets a fit process read from the worker's disk cache (DATASET_CACHE_DIR)", ['dataset']);
  readonly datasetCacheMisses = this.counter(
    'dataset_cache_misses_total',
    'Datasets fetched from Postgres into the cache: absent, or invalid (a partial or corrupt file)',
    ['dataset', 'reason'],
  );

  constructor() {
    // Zero series from the start, so that rate() over a fresh worker sees its first job.
    for (const queue of Object.values(QUEUES)) {
      this.jobsActive.set({ queue }, 0);
      this.jobsFailed.inc({ queue }, 0);
      this.jobsRetried.inc({ queue }, 0);
    }
  }

  datasetCache(event: Pick<DatasetCacheEvent, 'outcome' | 'name'>): void {
    if (event.outcome === 'hit') this.datasetCacheHits.inc({ dataset: event.name });
    else this.datasetCacheMisses.inc({ dataset: event.name, reason: event.outcome === 'miss' ? 'absent' : 'invalid' });
  }
}
