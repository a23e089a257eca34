import { aggregateCvResults, searchCandidate, type CvResults, type SearchCandidate } from '@mnist-lab/ml';
import type { SweepTrial } from '../generated/prisma/client';
import type { StoredSweep } from './sweep-documents';

/**
 * A stored sweep's candidates and its `cv_results_` from the trials recorded so far (failed trials
 * count as nan scores; unfinished ones are missing folds).
 */
export function sweepCvResults(
  sweep: Pick<StoredSweep, 'spec' | 'candidates' | 'nSplits'>,
  trials: readonly Pick<SweepTrial, 'status' | 'candidateIndex' | 'fold' | 'testScore' | 'fitSeconds' | 'scoreSeconds'>[],
): { candidates: SearchCandidate[]; results: CvResults } {
  const candidates = sweep.candidates.map((params, index) => searchCandidate(sweep.spec.estimator, params, index));
  const scored = trials.filter((trial) => trial.status === 'succeeded' || trial.status === 'failed');
  const results = aggregateCvResults(
    candidates,
    scored.map((trial) => ({
      candidate: trial.candidateIndex,
      fold: trial.fold,
      test_score: trial.testScore,
      fit_time: trial.fitSeconds ?? 0,
      score_time: trial.scoreSeconds ?? 0,
    })),
    sweep.nSplits,
  );
  return { candidates, results };
}
