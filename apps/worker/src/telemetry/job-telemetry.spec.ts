import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkerMetrics, type LogContext, type WorkerPresenceService } from '@mnist-lab/infra';
import { UnrecoverableError, type Job } from 'bullmq';
import { JobTelemetry, jobLogFields } from './job-telemetry';

const SWEEP = '0b6f3c1e-4a5d-4e2f-9c1b-2d3e4f5a6b7c';

function harness() {
  const tracked: string[] = [];
  const logFields: Record<string, unknown>[] = [];
  const presence = { track: (queue: string, job: Job) => (tracked.push(`${queue}:${job.id}`), () => tracked.splice(tracked.indexOf(`${queue}:${job.id}`), 1)) };
  const logs = { run: <T>(fields: Record<string, unknown>, work: () => T) => (logFields.push(fields), work()) };
  const metrics = new WorkerMetrics();
  const telemetry = new JobTelemetry(presence as unknown as WorkerPresenceService, metrics, logs as unknown as LogContext);
  const value = async (name: string, labels: Record<string, string>) =>
    (await metrics.registry.getSingleMetric(name)!.get()).values.find((sample) => Object.entries(labels).every(([key, v]) => sample.labels[key] === v))?.value;
  return { telemetry, tracked, logFields, value };
}

const job = (attemptsStarted: number, attemptsMade: number): Job =>
  ({ id: `trial:${SWEEP}:2:1`, data: { sweepId: SWEEP, candidate: 2, fold: 1 }, attemptsStarted, attemptsMade, opts: { attempts: 3 } }) as unknown as Job;

describe('JobTelemetry', () => {
  it('lists the job as current while it runs, logs with its ids, and counts it completed by result', async () => {
    const { telemetry, tracked, logFields, value } = harness();
    const result = await telemetry.process('trials', job(1, 0), async () => {
      assert.deepEqual(tracked, [`trials:trial:${SWEEP}:2:1`]);
      assert.equal(await value('mnist_lab_jobs_active', { queue: 'trials' }), 1);
      return { status: 'failed' as const };
    });
    assert.deepEqual(result, { status: 'failed' });
    assert.deepEqual(tracked, []);
    assert.deepEqual(logFields, [{ queue: 'trials', job_id: `trial:${SWEEP}:2:1`, sweep_id: SWEEP, trial_id: `${SWEEP}:2:1` }]);
    assert.equal(await value('mnist_lab_jobs_completed_total', { queue: 'trials', result: 'failed' }), 1);
    assert.equal(await value('mnist_lab_jobs_active', { queue: 'trials' }), 0);
    assert.equal(await value('mnist_lab_jobs_retried_total', { queue: 'trials' }), 0);
  });

  it('counts a second start as a retry, and a throw as failed only when no attempt is left', async () => {
    const { telemetry, tracked, value } = harness();
    await assert.rejects(telemetry.process('trials', job(2, 1), () => Promise.reject(new Error('postgres is down'))));
    assert.equal(await value('mnist_lab_jobs_retried_total', { queue: 'trials' }), 1);
    assert.equal(await value('mnist_lab_jobs_failed_total', { queue: 'trials' }), 0, 'BullMQ tries it a third time');
    await assert.rejects(telemetry.process('trials', job(3, 2), () => Promise.reject(new Error('postgres is down'))));
    assert.equal(await value('mnist_lab_jobs_failed_total', { queue: 'trials' }), 1, 'the last attempt');
    await assert.rejects(telemetry.process('trials', job(1, 0), () => Promise.reject(new UnrecoverableError('bad payload'))));
    assert.equal(await value('mnist_lab_jobs_failed_total', { queue: 'trials' }), 2, 'unrecoverable at once');
    assert.deepEqual(tracked, []);
  });
});

describe('jobLogFields', () => {
  it('names a run job by its run', () => {
    assert.deepEqual(jobLogFields('runs', { id: 'run:1', data: { runId: 'r1' } }), { queue: 'runs', job_id: 'run:1', run_id: 'r1' });
    assert.deepEqual(jobLogFields('sweeps', { id: 'finalize:s', data: { sweepId: SWEEP } }), { queue: 'sweeps', job_id: 'finalize:s', sweep_id: SWEEP });
  });
});
