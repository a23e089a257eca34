import { finalEstimatorSpec } from '@mnist-lab/contracts';
import type { RunWithResults, StoredRun } from '@mnist-lab/infra';

/** Runs as the API shows them: snake_case, as scikit-learn's names and MLflow's REST API. */
export function presentRunSummary(run: StoredRun) {
  return {
    id: run.id,
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
      fit_seconds: run.fitSeconds,
      predict_seconds: run.predictSeconds,
    },
    attempts: run.attempts,
    worker_id: run.workerId,
    fit_info: run.fitInfo,
    error: run.error,
    metrics: run.status === 'succeeded' ? metrics : null,
    model: run.artifact ? { id: run.artifact.id, size_bytes: run.artifact.sizeBytes, sha256: run.artifact.sha256 } : null,
  };
}
