import type { Json, SweepCandidate } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { StatusBadge } from '../../components/StatusBadge';
import { formatParam, formatScore } from '../../lib/format';

/** Candidates ranked by mean cross-validation score (cv_results_'s rank_test_score); unscored ones last. */
export function Leaderboard({ candidates, folds, bestIndex }: { candidates: SweepCandidate[]; folds: number; bestIndex: number | null }) {
  const ranked = [...candidates].sort((a, b) => (a.rank_test_score ?? Infinity) - (b.rank_test_score ?? Infinity) || a.index - b.index);
  // The refit scorer ranks (mean_test_score); a multi-metric sweep's other scorers get a column each.
  const [refitScorer, ...otherScorers] = Object.keys(candidates[0]?.mean_test_scores ?? {});
  return (
    <DataTable
      caption="Candidates ranked by mean cross-validation score"
      columns={[
        { label: 'Rank', sorted: 'ascending' },
        { label: 'Candidate' },
        { label: refitScorer ? `Mean ${refitScorer}` : 'Mean score', numeric: true },
        { label: 'Std', numeric: true },
        ...otherScorers.map((scorer) => ({ label: `Mean ${scorer}`, numeric: true })),
        ...Array.from({ length: folds }, (_, fold) => ({ label: `Fold ${fold + 1}`, numeric: true })),
        { label: 'Parameters' },
        { label: 'Status' },
      ]}
    >
      {ranked.map((candidate) => (
        <tr key={candidate.index} className={candidate.index === bestIndex ? 'best' : undefined}>
          <td>{candidate.rank_test_score ?? '—'}</td>
          <th scope="row">
            #{candidate.index}
            {candidate.index === bestIndex && <span className="visually-hidden"> (best)</span>}
          </th>
          <td className="numeric">{formatScore(candidate.mean_test_score)}</td>
          <td className="numeric">{formatScore(candidate.std_test_score)}</td>
          {otherScorers.map((scorer) => (
            <td key={scorer} className="numeric">
              {formatScore(candidate.mean_test_scores?.[scorer] ?? null)}
            </td>
          ))}
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
    </DataTable>
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
