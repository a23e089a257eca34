import { finalEstimatorSpec } from '@mnist-lab/contracts';
import { ownership, type RunProgress, type RunWithResults, type StoredRun } from '@mnist-lab/infra';

/** Runs as the API shows them: snake_case, as scikit-learn's names and MLflow's REST API. */
export function presentRunSummary(run: StoredRun) {
  return {
    id: run.id,
    name: run.name,
    tags: run.tags,
    status: run.status,
    dataset: run.dataset,
    model_type: run.modelType,
    /** The final estimator's parameters, for the history table. */
    params: finalEstimatorSpec(run.spec.estimator).params ?? {},
    sweep_id: run.sweepId,
    test_accuracy: run.testAccuracy,
    train_accuracy: run.trainAccuracy,
    tensor_backend: run.tensorBackend,
    created_at: run.createdAt.toISOString(),
    finished_at: run.finishedAt?.toISOString() ?? null,
    duration_seconds: run.finishedAt && run.startedAt ? (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000 : null,
    error: run.error,
    ...ownership(run),
  };
}

export function presentRun(run: RunWithResults) {
  const metrics = Object.fromEntries(
    run.results.map((result) => [
      result.subset,
      { accuracy: result.accuracy, n_samples: result.nSamples, ...result.metrics },
    ]),
  );
  return {
    id: run.id,
    name: run.name,
    tags: run.tags,
    notes: run.notes,
    status: run.status,
    dataset: run.dataset,
    model_type: run.modelType,
    sweep_id: run.sweepId,
    spec: run.spec,
    tensor_backend: run.tensorBackend,
    seeds: { split_random_state: run.splitSeed, estimator_random_state: run.estimatorSeed },
    timings: {
      queued_at: run.createdAt.toISOString(),
      started_at: run.startedAt?.toISOString() ?? null,
      finished_at: run.finishedAt?.toISOString() ?? null,
      queue_wait_seconds: run.queueWaitSeconds,
      load_seconds: run.loadSeconds,
      fit_seconds: run.fitSeconds,
      evaluate_seconds: run.evaluateSeconds,
      predict_seconds: run.predictSeconds,
      save_seconds: run.saveSeconds,
    },
    progress: run.status === 'running' && run.startedAt ? presentProgress(run.startedAt, run.progress) : null,
    attempts: run.attempts,
    worker_id: run.workerId,
    fit_info: run.fitInfo,
    error: run.error,
    metrics: run.status === 'succeeded' ? metrics : null,
    model: run.artifact ? { id: run.artifact.id, size_bytes: run.artifact.sizeBytes, sha256: run.artifact.sha256 } : null,
    ...ownership(run),
  };
}

/**
 * A running run's progress: the stage its worker last reported, the fit's count (trees,
 * iterations) and loss, the time since it started, and the fit's remaining time at the pace of
 * its stage so far (null before the first count, and outside the fit).
 */
export function presentProgress(startedAt: Date, progress: RunProgress | null, now = new Date()) {
  const elapsed = (now.getTime() - startedAt.getTime()) / 1000;
  if (!progress) return { stage: null, unit: null, done: null, total: null, loss: null, updated_at: null, elapsed_seconds: elapsed, eta_seconds: null };
  const { stage, unit, done, total, loss, updated_at } = progress;
  let eta: number | null = null;
  if (stage === 'fit' && done !== null && total !== null && done > 0) {
    const stageSeconds = (Date.parse(updated_at) - Date.parse(progress.stage_started_at)) / 1000;
    const sinceReport = (now.getTime() - Date.parse(updated_at)) / 1000;
    eta = Math.max(0, (stageSeconds * (total - done)) / done - sinceReport);
  }
  return { stage, unit, done, total, loss, updated_at, elapsed_seconds: elapsed, eta_seconds: eta };
}
