import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { logistic, scaledPipeline, scaledRun } from './requests';
import { api, freePort, useStack, waitFor } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const API_FAMILIES = ['mnist_lab_http_request_duration_seconds', 'mnist_lab_queue_jobs', 'mnist_lab_queue_depth', 'process_cpu_user_seconds_total', 'nodejs_eventloop_lag_seconds'];
const WORKER_FAMILIES = [
  'mnist_lab_jobs_active',
  'mnist_lab_jobs_completed_total',
  'mnist_lab_jobs_failed_total',
  'mnist_lab_jobs_retried_total',
  'mnist_lab_run_fit_seconds',
  'mnist_lab_trial_fit_seconds',
  'mnist_lab_dataset_cache_hits_total',
  'mnist_lab_dataset_cache_misses_total',
  'process_resident_memory_bytes',
];

/**
 * A scrape: the text, and each sample's value by name and labels (`app` included: the api's and
 * the workers' series are labelled with their app), whatever order prom-client prints them in.
 */
async function scrape(url: string): Promise<{ text: string; value: (name: string, labels: Record<string, string>) => number | undefined }> {
  const response = await fetch(url);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain;.*version=0\.0\.4/);
  const text = await response.text();
  const key = (name: string, labels: Record<string, string>) => `${name}{${Object.keys(labels).sort().map((label) => `${label}=${labels[label]}`).join(',')}}`;
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const sample = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) continue;
    const labels = Object.fromEntries([...(sample[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1]!, match[2]!]));
    samples.set(key(sample[1]!, labels), Number(sample[3]));
  }
  return { text, value: (name, labels) => samples.get(key(name, labels)) };
}

const families = (text: string) => new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]));

describe('GET /metrics on the api and on a worker (WORKER_METRICS_PORT)', () => {
  let metricsPort = 0;
  // No worker at first: what is submitted waits in its queue, so the depth gauges can be read.
  const context = useStack(0, async () => {
    metricsPort = await freePort();
    return { WORKER_METRICS_PORT: String(metricsPort), DATASET_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'metrics-e2e-cache-')) };
  });
  const apiMetrics = () => scrape(`${context.stack.baseUrl}/metrics`);
  const workerMetrics = () => scrape(`http://127.0.0.1:${metricsPort}/metrics`);
  const finished = (url: string) =>
    waitFor(async () => (await api<Json>(context.stack.baseUrl, 'GET', url)).body, (body) => ['succeeded', 'failed', 'cancelled'].includes(body['status']), 180_000, url);

  it('exposes the named families, and they move as a run and a sweep go through', async () => {
    const before = await apiMetrics();
    for (const family of API_FAMILIES) assert.ok(families(before.text).has(family), `api: ${family}`);

    const run = await api<Json>(context.stack.baseUrl, 'POST', '/runs', scaledRun(logistic({ max_iter: 10, random_state: 0 }), 2000));
    assert.equal(run.status, 202);
    const sweep = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', {
      dataset: 'mnist_784',
      n_samples: 1000,
      split: { test_size: 0.2, random_state: 42 },
      estimator: scaledPipeline(logistic({ max_iter: 5, random_state: 0 })),
      param_distributions: { model__C: [0.1] },
      n_iter: 1,
      cv: 2,
      random_state: 0,
      refit: false,
    });
    assert.equal(sweep.status, 202, JSON.stringify(sweep.body));
    const queued = await apiMetrics();
    assert.equal(queued.value('mnist_lab_queue_depth', { queue: 'runs', app: 'api' }), 1);
    // Fair scheduling across projects orders every job by a priority: none sits in plain 'waiting'.
    assert.equal(queued.value('mnist_lab_queue_jobs', { queue: 'runs', state: 'prioritized', app: 'api' }), 1, 'runs wait with their priority');
    assert.equal(queued.value('mnist_lab_queue_depth', { queue: 'trials', app: 'api' }), 2);
    assert.equal(queued.value('mnist_lab_queue_jobs', { queue: 'trials', state: 'prioritized', app: 'api' }), 2, 'trials wait with their priority');
    assert.equal(queued.value('mnist_lab_http_request_duration_seconds_count', { method: 'POST', route: '/runs', status: '202', app: 'api' }), 1);
    assert.equal(queued.value('mnist_lab_http_request_duration_seconds_count', { method: 'POST', route: '/sweeps', status: '202', app: 'api' }), 1);

    context.stack.addWorker();
    assert.equal((await finished(`/runs/${run.body['id']}`))['status'], 'succeeded');
    assert.equal((await finished(`/sweeps/${sweep.body['id']}`))['status'], 'succeeded');

    const worker = await waitFor(workerMetrics, (scraped) => scraped.value('mnist_lab_jobs_completed_total', { queue: 'sweeps', result: 'succeeded', app: 'worker' }) === 1, 30_000, 'the finalisation counted');
    for (const family of WORKER_FAMILIES) assert.ok(families(worker.text).has(family), `worker: ${family}`);
    assert.equal(worker.value('mnist_lab_jobs_completed_total', { queue: 'runs', result: 'succeeded', app: 'worker' }), 1);
    assert.equal(worker.value('mnist_lab_jobs_completed_total', { queue: 'trials', result: 'succeeded', app: 'worker' }), 2);
    assert.equal(worker.value('mnist_lab_jobs_failed_total', { queue: 'runs', app: 'worker' }), 0);
    assert.equal(worker.value('mnist_lab_jobs_retried_total', { queue: 'trials', app: 'worker' }), 0);
    assert.equal(worker.value('mnist_lab_jobs_active', { queue: 'runs', app: 'worker' }), 0);
    assert.equal(worker.value('mnist_lab_run_fit_seconds_count', { model_type: 'logistic_regression', app: 'worker' }), 1);
    assert.ok((worker.value('mnist_lab_run_fit_seconds_sum', { model_type: 'logistic_regression', app: 'worker' }) ?? 0) > 0);
    assert.equal(worker.value('mnist_lab_trial_fit_seconds_count', { model_type: 'logistic_regression', app: 'worker' }), 2);
    // One fit process, a fresh DATASET_CACHE_DIR: fetched once from Postgres, then kept in the process.
    assert.equal(worker.value('mnist_lab_dataset_cache_misses_total', { dataset: 'mnist_784', reason: 'absent', app: 'worker' }), 1);
    assert.equal(worker.value('mnist_lab_dataset_cache_hits_total', { dataset: 'mnist_784', app: 'worker' }), undefined, 'no hit counted');

    const after = await apiMetrics();
    assert.equal(after.value('mnist_lab_queue_depth', { queue: 'runs', app: 'api' }), 0);
    assert.equal(after.value('mnist_lab_queue_depth', { queue: 'trials', app: 'api' }), 0);
    assert.ok((after.value('mnist_lab_http_request_duration_seconds_count', { method: 'GET', route: '/runs/:id', status: '200', app: 'api' }) ?? 0) >= 1);
    assert.doesNotMatch(after.text, new RegExp(run.body['id']), 'no series per run id');
    assert.equal((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status, 404, 'the worker port serves GET /metrics only');
  });
});
