import { sweepScoring } from '@mnist-lab/contracts';
import { ownership, sweepCvResults, type StoredSweep, type StoredTrial, type SweepWithTrials } from '@mnist-lab/infra';
import type { CvResults, HalvingSchedule } from '@mnist-lab/ml';

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

export function presentSweepSummary(sweep: StoredSweep, counts: Record<string, number>) {
  return {
    id: sweep.id,
    name: sweep.name,
    tags: sweep.tags,
    status: sweep.status,
    dataset: sweep.dataset,
    model_type: sweep.modelType,
    n_candidates: sweep.nCandidates,
    n_splits: sweep.nSplits,
    total_trials: sweep.totalTrials,
    done_trials: (counts['succeeded'] ?? 0) + (counts['failed'] ?? 0),
    failed_trials: counts['failed'] ?? 0,
    best_score: sweep.bestScore,
    best_params: sweep.bestParams,
    refit_run_id: sweep.refitRunId,
    created_at: sweep.createdAt.toISOString(),
    finished_at: sweep.finishedAt?.toISOString() ?? null,
    error: sweep.error,
    ...ownership(sweep),
  };
}

/** A halving search's planned iterations, under scikit-learn's attribute names. */
export function halvingAttributes(halving: HalvingSchedule) {
  return {
    n_resources_: halving.n_resources_,
    n_candidates_: halving.n_candidates_,
    n_iterations_: halving.n_iterations_,
    n_required_iterations_: halving.n_required_iterations_,
    n_possible_iterations_: halving.n_possible_iterations_,
    n_remaining_candidates_: halving.n_remaining_candidates_,
    min_resources_: halving.min_resources_,
    max_resources_: halving.max_resources_,
  };
}

/** A sweep with its trials as they arrive, `cv_results_` so far, the best complete candidate and an ETA. */
export function presentSweep(sweep: SweepWithTrials) {
  const cv: CvResults = sweep.cvResults ?? sweepCvResults(sweep, sweep.trials).results;
  const progress = countByStatus(sweep.trials);
  const scoring = sweepScoring(sweep.spec);
  // cv_results_'s mean columns of each scorer, by scorer name: `mean_test_score` alone for a single scorer.
  const meansBy = (set: 'test' | 'train', index: number) =>
    Object.fromEntries(scoring.scorers.map((name) => [name, cv[`mean_${set}_${scoring.multimetric ? name : 'score'}`]?.[index] ?? null]));
  const done = progress.succeeded + progress.failed;
  return {
    id: sweep.id,
    name: sweep.name,
    tags: sweep.tags,
    notes: sweep.notes,
    status: sweep.status,
    dataset: sweep.dataset,
    model_type: sweep.modelType,
    spec: sweep.spec,
    progress: { done, total: sweep.totalTrials, ...progress },
    eta_seconds: estimateRemainingSeconds(sweep, done),
    candidates: sweep.candidates.map((params, index) => {
      const trials = sweep.trials.filter((trial) => trial.candidateIndex === index);
      return {
        index,
        params,
        ...(cv.iter && { iter: cv.iter[index], n_resources: cv.n_resources?.[index] }),
        status: candidateStatus(trials),
        fold_scores: trials.map((trial) => trial.testScore),
        mean_test_score: cv.mean_test_score[index],
        std_test_score: cv.std_test_score[index],
        rank_test_score: cv.rank_test_score[index],
        mean_test_scores: meansBy('test', index),
        mean_train_scores: scoring.returnTrainScore ? meansBy('train', index) : null,
        mean_fit_time: cv.mean_fit_time[index],
      };
    }),
    best: cv.best_index === null ? null : { index: cv.best_index, params: cv.best_params, score: cv.best_score },
    ...(sweep.halving && halvingAttributes(sweep.halving)),
    cv_results: cv,
    refit_run: sweep.refitRun
      ? {
          id: sweep.refitRun.id,
          status: sweep.refitRun.status,
          test_accuracy: sweep.refitRun.testAccuracy,
          train_accuracy: sweep.refitRun.trainAccuracy,
          fit_seconds: sweep.refitRun.fitSeconds,
        }
      : null,
    trials: sweep.trials.map(presentTrial),
    error: sweep.error,
    created_at: sweep.createdAt.toISOString(),
    started_at: sweep.startedAt?.toISOString() ?? null,
    finished_at: sweep.finishedAt?.toISOString() ?? null,
    ...ownership(sweep),
  };
}

/** A (candidate, fold) of a sweep, as GET /sweeps/:id and GET /sweeps/:id/trials show it. */
export function presentTrial(trial: StoredTrial) {
  return {
    id: trial.id,
    candidate: trial.candidateIndex,
    fold: trial.fold,
    params: trial.params,
    status: trial.status,
    test_score: trial.testScore,
    scores: trial.scores,
    fit_seconds: trial.fitSeconds,
    score_seconds: trial.scoreSeconds,
    attempts: trial.attempts,
    worker_id: trial.workerId,
    error: trial.error,
    enqueued_at: trial.enqueuedAt.toISOString(),
    started_at: trial.startedAt?.toISOString() ?? null,
    computed_at: trial.computedAt?.toISOString() ?? null,
    recorded_at: trial.recordedAt?.toISOString() ?? null,
  };
}

export const isTerminal = (status: string) => FINISHED.has(status);

function countByStatus(trials: readonly StoredTrial[]) {
  const counts = { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
  for (const trial of trials) counts[trial.status]++;
  return counts;
}

function candidateStatus(trials: readonly StoredTrial[]): string {
  if (trials.every((trial) => trial.status === 'queued')) return 'queued';
  if (trials.some((trial) => trial.status === 'failed')) return 'failed';
  if (trials.every((trial) => trial.status === 'succeeded')) return 'succeeded';
  if (trials.some((trial) => trial.status === 'cancelled')) return 'cancelled';
  return 'running';
}

/** Remaining trials at the throughput observed so far (all workers together); the refit is not included. */
function estimateRemainingSeconds(sweep: SweepWithTrials, done: number): number | null {
  if (sweep.status !== 'running' || !sweep.startedAt || done === 0) return null;
  const elapsed = (Date.now() - sweep.startedAt.getTime()) / 1000;
  return Math.round(((sweep.totalTrials - done) * elapsed) / done);
}
