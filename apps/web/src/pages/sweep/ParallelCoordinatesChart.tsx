import { useMemo } from 'react';
import type { SweepCandidate } from '../../api/types';
import { Chart } from '../../charts/Chart';
import { parallelOption } from './parallelOption';

/** Each scored candidate as a line through its parameter values to its mean CV score. */
export function ParallelCoordinatesChart({ candidates }: { candidates: SweepCandidate[] }) {
  const scored = useMemo(() => candidates.filter((candidate) => candidate.mean_test_score !== null), [candidates]);
  const option = useMemo(() => parallelOption(scored), [scored]);
  if (scored.length === 0) return <p className="muted">The chart appears once a candidate has all its folds scored.</p>;
  const label = `Parallel coordinates of ${scored.length} candidates: parameters against mean cross-validation score`;
  return <Chart option={option} height={360} label={label} />;
}
