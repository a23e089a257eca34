import { iterationOf, iterationRows, nextIterationParams, type CvResults, type Params } from '@mnist-lab/ml';
import type { StoredSweep } from './sweep-documents';

/**
 * What a halving search's trial fits on when its resource is `n_samples`: its iteration's number
 * of samples, drawn with the sweep's seed; undefined (the whole fold) for every other sweep.
 */
export function trialSubsample(sweep: Pick<StoredSweep, 'halving'>, candidate: number): { nResources: number; randomState: number } | undefined {
  const { halving } = sweep;
  if (!halving || halving.resource !== 'n_samples') return undefined;
  return { nResources: halving.n_resources_[iterationOf(halving, candidate)], randomState: halving.subsample_seed };
}

/**
 * Once every trial so far has finished (`results` are the sweep's cv_results_ then): a halving
 * search's next iteration, its rows from `start` on and their settings, or null when the search
 * has run its last iteration (or is not a halving search) and is to be finalised.
 */
export function nextHalvingIteration(sweep: Pick<StoredSweep, 'id' | 'halving' | 'candidates'>, results: CvResults): { start: number; params: Params[] } | null {
  const { halving, candidates } = sweep;
  if (!halving) return null;
  const rows = iterationRows(halving);
  const current = rows.findIndex(({ end }) => end === candidates.length);
  if (current < 0) throw new Error(`sweep ${sweep.id} has ${candidates.length} candidates, which ends none of its iterations (${halving.n_candidates_.join(', ')})`);
  if (current + 1 >= halving.n_iterations_) return null;
  const { start, end } = rows[current];
  return { start: end, params: nextIterationParams(halving, current, candidates.slice(start, end), results.mean_test_score.slice(start, end)) };
}
