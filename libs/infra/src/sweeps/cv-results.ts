import type { SweepRequest } from '@mnist-lab/contracts';
import { aggregateCvResults, searchCandidate, type CvResults, type Params, type SearchCandidate } from '@mnist-lab/ml';
import type { Sweep, SweepTrial } from '../generated/prisma/client';

/**
 * A stored sweep's candidates and its `cv_results_` from the trials recorded so far (failed trials
 * count as nan scores; unfinished ones are missing folds).
 */
export function sweepCvResults(sweep: Sweep, trials: readonly SweepTrial[]): { candidates: SearchCandidate[]; results: CvResults } {
  const request = sweep.spec as unknown as SweepRequest;
  const candidates = (sweep.candidates as unknown as Params[]).map((params, index) => searchCandidate(request.estimator, params, index));
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
