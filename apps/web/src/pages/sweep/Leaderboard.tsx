import { useState } from 'react';
import type { Json, SweepCandidate, SweepTrial } from '../../api/types';
import { DataTable, type Column } from '../../components/DataTable';
import { StatusBadge } from '../../components/StatusBadge';
import { formatParam, formatScore, formatSeconds } from '../../lib/format';

type Direction = 'ascending' | 'descending';
type SortValue = number | string | null;

interface LeaderboardRow {
  candidate: SweepCandidate;
  rank: number | null;
  fitSeconds: number | null;
  workers: string[];
}

interface SortColumn {
  label: string;
  numeric?: boolean;
  /** The order of a first click: best first for scores, lowest first otherwise. */
  initial: Direction;
  value: (row: LeaderboardRow) => SortValue;
}

/**
 * A candidate's rank by mean CV score, or null while it has none: `rank_test_score` follows
 * scikit-learn, which ties every unscored candidate after the scored ones (all at 1 when none is
 * scored), so a cancelled, failed or unfinished candidate's rank says nothing about it.
 */
export function displayedRank(candidate: SweepCandidate): number | null {
  if (candidate.mean_test_score === null || candidate.status === 'cancelled') return null;
  return candidate.rank_test_score;
}

/**
 * Candidates ranked by mean cross-validation score (cv_results_'s rank_test_score), unscored ones
 * last without a rank; every column but the fold scores and the status sorts when clicked.
 */
export function Leaderboard({ candidates, trials, folds, bestIndex }: { candidates: SweepCandidate[]; trials: SweepTrial[]; folds: number; bestIndex: number | null }) {
  const [sort, setSort] = useState<{ key: string; direction: Direction }>({ key: 'rank', direction: 'ascending' });
  // The refit scorer ranks (mean_test_score); a multi-metric sweep's other scorers get a column each.
  const [refitScorer, ...otherScorers] = Object.keys(candidates[0]?.mean_test_scores ?? {});
  const paramNames = [...new Set(candidates.flatMap((candidate) => Object.keys(candidate.params)))];
  const columns = new Map<string, SortColumn>([
    ['rank', { label: 'Rank', initial: 'ascending', value: (row) => row.rank }],
    ['mean', { label: refitScorer ? `Mean ${refitScorer}` : 'Mean score', numeric: true, initial: 'descending', value: (row) => row.candidate.mean_test_score }],
    ['std', { label: 'Std', numeric: true, initial: 'ascending', value: (row) => row.candidate.std_test_score }],
    ...otherScorers.map((scorer): [string, SortColumn] => [
      `scorer:${scorer}`,
      { label: `Mean ${scorer}`, numeric: true, initial: 'descending', value: (row) => row.candidate.mean_test_scores?.[scorer] ?? null },
    ]),
    ['fit', { label: 'Fit time', numeric: true, initial: 'ascending', value: (row) => row.fitSeconds }],
    ['workers', { label: 'Workers', initial: 'ascending', value: (row) => row.workers.join(', ') || null }],
    ...paramNames.map((name): [string, SortColumn] => [`param:${name}`, { label: name, initial: 'ascending', value: (row) => paramSortValue(row.candidate.params[name]) }]),
  ]);
  const header = (key: string): Column => {
    const column = columns.get(key) as SortColumn;
    const active = sort.key === key;
    const onSort = () => setSort({ key, direction: active ? (sort.direction === 'ascending' ? 'descending' : 'ascending') : column.initial });
    return { label: column.label, numeric: column.numeric, sort: { active, onSort, direction: sort.direction } };
  };
  const sortBy = columns.get(sort.key) ?? (columns.get('rank') as SortColumn);
  const rows = candidates
    .map((candidate) => leaderboardRow(candidate, trials))
    .sort((a, b) => compareSortValues(sortBy.value(a), sortBy.value(b), sort.direction) || a.candidate.index - b.candidate.index);
  return (
    <DataTable
      caption="Candidates ranked by mean cross-validation score"
      columns={[
        header('rank'),
        { label: 'Candidate' },
        header('mean'),
        header('std'),
        ...otherScorers.map((scorer) => header(`scorer:${scorer}`)),
        ...Array.from({ length: folds }, (_, fold) => ({ label: `Fold ${fold + 1}`, numeric: true })),
        header('fit'),
        header('workers'),
        ...paramNames.map((name) => header(`param:${name}`)),
        { label: 'Status' },
      ]}
    >
      {rows.map(({ candidate, rank, fitSeconds, workers }) => (
        <tr key={candidate.index} className={candidate.index === bestIndex ? 'best' : undefined}>
          <td>{rank ?? '—'}</td>
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
          <td className="numeric">{formatSeconds(fitSeconds)}</td>
          <td className="mono">{workers.join(', ') || '—'}</td>
          {paramNames.map((name) => (
            <td key={name} className="mono">
              {name in candidate.params ? formatParam(candidate.params[name]) : '—'}
            </td>
          ))}
          <td>
            <StatusBadge status={candidate.status} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** A candidate with its shown rank, the mean fit time of its timed trials and the workers that ran them. */
function leaderboardRow(candidate: SweepCandidate, trials: SweepTrial[]): LeaderboardRow {
  const own = trials.filter((trial) => trial.candidate === candidate.index);
  const fitTimes = own.flatMap((trial) => (trial.fit_seconds === null ? [] : [trial.fit_seconds]));
  return {
    candidate,
    rank: displayedRank(candidate),
    fitSeconds: fitTimes.length === 0 ? null : fitTimes.reduce((sum, seconds) => sum + seconds, 0) / fitTimes.length,
    workers: [...new Set(own.flatMap((trial) => (trial.worker_id === null ? [] : [trial.worker_id])))].sort(),
  };
}

/** Numbers and text sort as themselves, other values by their label; None sorts with the missing values. */
function paramSortValue(value: Json | undefined): SortValue {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' || typeof value === 'string' ? value : formatParam(value);
}

/** Missing values last in either direction; numbers before text. */
function compareSortValues(a: SortValue, b: SortValue, direction: Direction): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : typeof a === typeof b ? String(a).localeCompare(String(b)) : typeof a === 'number' ? -1 : 1;
  return direction === 'ascending' ? order : -order;
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
