import type { Json, SweepCandidate } from '../../api/types';
import { StatusBadge } from '../../components/StatusBadge';
import { formatParam, formatScore } from '../../lib/format';

/** Candidates ranked by mean cross-validation score (cv_results_'s rank_test_score); unscored ones last. */
export function Leaderboard({ candidates, folds, bestIndex }: { candidates: SweepCandidate[]; folds: number; bestIndex: number | null }) {
  const ranked = [...candidates].sort((a, b) => (a.rank_test_score ?? Infinity) - (b.rank_test_score ?? Infinity) || a.index - b.index);
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">Candidates ranked by mean cross-validation score</caption>
        <thead>
          <tr>
            <th scope="col" aria-sort="ascending">
              Rank
            </th>
            <th scope="col">Candidate</th>
            <th scope="col" className="numeric">
              Mean score
            </th>
            <th scope="col" className="numeric">
              Std
            </th>
            {Array.from({ length: folds }, (_, fold) => (
              <th key={fold} scope="col" className="numeric">
                Fold {fold + 1}
              </th>
            ))}
            <th scope="col">Parameters</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {ranked.map((candidate) => (
            <tr key={candidate.index} className={candidate.index === bestIndex ? 'best' : undefined}>
              <td>{candidate.rank_test_score ?? '—'}</td>
              <th scope="row">
                #{candidate.index}
                {candidate.index === bestIndex && <span className="visually-hidden"> (best)</span>}
              </th>
              <td className="numeric">{formatScore(candidate.mean_test_score)}</td>
              <td className="numeric">{formatScore(candidate.std_test_score)}</td>
              {Array.from({ length: folds }, (_, fold) => (
                <td key={fold} className="numeric">
                  {formatScore(candidate.fold_scores[fold])}
                </td>
              ))}
              <td className="wrap">
                <ParamChips params={candidate.params} />
              </td>
              <td>
                <StatusBadge status={candidate.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ParamChips({ params }: { params: { [name: string]: Json } }) {
  return (
    <>
      {Object.entries(params).map(([name, value]) => (
        <span key={name} className="chip">
          {name}={formatParam(value)}
        </span>
      ))}
    </>
  );
}
