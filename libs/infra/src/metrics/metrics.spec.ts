import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiMetrics, WorkerMetrics, type QueueCounts } from './metrics';

const counts = (waiting: number, prioritized: number): QueueCounts => ({
  trials: { waiting, prioritized, delayed: 1, active: 2, failed: 3 },
});

describe('ApiMetrics', () => {
  it('reports each queue by state and its depth (waiting + prioritized + delayed), reading Redis once per scrape', async () => {
    const metrics = new ApiMetrics();
    let reads = 0;
    metrics.watchQueues(async () => counts(++reads, 10));
    const first = await metrics.registry.metrics();
    assert.equal(reads, 1);
    assert.match(first, /mnist_lab_queue_jobs\{queue="trials",state="prioritized",app="api"\} 10/);
    assert.match(first, /mnist_lab_queue_depth\{queue="trials",app="api"\} 12/);
    const second = await metrics.registry.metrics();
    assert.equal(reads, 2, 'the next scrape reads again');
    assert.match(second, /mnist_lab_queue_jobs\{queue="trials",state="waiting",app="api"\} 2/);
    assert.match(second, /process_cpu_user_seconds_total\{app="api"\}/);
  });
});

describe('WorkerMetrics', () => {
  it('counts dataset cache hits, and misses by reason', async () => {
    const metrics = new WorkerMetrics();
    metrics.datasetCache({ outcome: 'hit', name: 'mnist_784' });
    metrics.datasetCache({ outcome: 'hit', name: 'mnist_784' });
    metrics.datasetCache({ outcome: 'miss', name: 'digits' });
    metrics.datasetCache({ outcome: 'refetch', name: 'digits' });
    const text = await metrics.registry.metrics();
    assert.match(text, /mnist_lab_dataset_cache_hits_total\{dataset="mnist_784",app="worker"\} 2/);
    assert.match(text, /mnist_lab_dataset_cache_misses_total\{dataset="digits",reason="absent",app="worker"\} 1/);
    assert.match(text, /mnist_lab_dataset_cache_misses_total\{dataset="digits",reason="invalid",app="worker"\} 1/);
  });

  it('starts every queue at zero', async () => {
    const text = await new WorkerMetrics().registry.metrics();
    for (const queue of ['runs', 'trials', 'sweeps']) {
      assert.match(text, new RegExp(`mnist_lab_jobs_failed_total\\{queue="${queue}",app="worker"\\} 0`));
      assert.match(text, new RegExp(`mnist_lab_jobs_active\\{queue="${queue}",app="worker"\\} 0`));
    }
  });
});
