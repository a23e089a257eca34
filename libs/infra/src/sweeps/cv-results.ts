import { sweepScoring } from '@mnist-lab/contracts';
import { aggregateCvResults, searchCandidate, withHalvingColumns, type CvResults, type SearchCandidate } from '@mnist-lab/ml';
import type { StoredSweep, StoredTrial } from './sweep-documents';

/**
 * A stored sweep's candidates and its `cv_results_` from the trials recorded so far (failed trials
 * count as nan scores; unfinished ones are missing folds), scored as the sweep's `scoring`,
 * `refit` and `return_train_score` say. A halving search's rows are its candidates of every
 * iteration so far, with `iter` and `n_resources`, and its best is the latest iteration's.
 */
export function sweepCvResults(
  sweep: Pick<StoredSweep, 'spec' | 'candidates' | 'nSplits' | 'halving'>,
  trials: readonly Pick<StoredTrial, 'status' | 'candidateIndex' | 'fold' | 'testScore' | 'scores' | 'fitSeconds' | 'scoreSeconds'>[],
): { candidates: SearchCandidate[]; results: CvResults } {
  const candidates = sweep.candidates.map((params, index) => searchCandidate(sweep.spec.estimator, params, index));
  const scored = trials.filter((trial) => trial.status === 'succeeded' || trial.status === 'failed');
  const results = aggregateCvResults(
    candidates,
    scored.map((trial) => ({
      candidate: trial.candidateIndex,
      fold: trial.fold,
      test_score: trial.testScore,
      test_scores: trial.scores?.test ?? null,
      train_scores: trial.scores?.train ?? null,
      fit_time: trial.fitSeconds ?? 0,
      score_time: trial.scoreSeconds ?? 0,
    })),
    sweep.nSplits,
    sweepScoring(sweep.spec),
  );
  return { candidates, results: sweep.halving ? withHalvingColumns(results, sweep.halving) : results };
}
