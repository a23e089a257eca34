import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { ListSweepsQuery, SweepSummary } from '../api/types';
import { DataTable } from '../components/DataTable';
import { FilterSelect } from '../components/FilterSelect';
import { ListPage } from '../components/ListPage';
import { ProgressBar } from '../components/ProgressBar';
import { StatusBadge } from '../components/StatusBadge';
import { SubmittedBy } from '../components/SubmittedBy';
import { useAccess } from '../auth/access-context';
import { useListPage } from '../hooks/useListPage';
import { SWEEP_STATUSES, isFinished } from '../lib/catalog';
import { formatAge, formatModelType, formatParam, formatScore, shortId } from '../lib/format';
import type { ListQuerySpec } from '../lib/list-query';

type SweepSort = NonNullable<ListSweepsQuery['sort']>;
const SWEEP_SORTS: readonly SweepSort[] = ['created_at', 'best_score'];
const SWEEPS_QUERY: ListQuerySpec = { filters: { status: SWEEP_STATUSES }, sorts: SWEEP_SORTS, limit: 20 };

/** Tuning sweeps (RandomizedSearchCV), newest or best first. */
export function SweepsPage() {
  const { query, setFilter, list: sweeps, pages } = useListPage(SWEEPS_QUERY, api.sweeps.list, (sweep) => !isFinished(sweep.status));
  const mayWrite = useAccess().can('write');
  return (
    <ListPage
      title="Sweeps"
      description="Hyper-parameter searches: every candidate is cross-validated, one job per fold, shared by all workers."
      primaryLink={mayWrite ? { to: '/submit?kind=sweep', label: 'New sweep' } : undefined}
      filters={<FilterSelect label="Status" value={query.status ?? ''} options={SWEEP_STATUSES} onChange={(value) => setFilter('status', value)} />}
      list={sweeps}
      pages={pages}
      what="sweeps"
    >
      {(items) => (
        <SweepsTable
          sweeps={items}
          sort={query.sort ?? 'created_at'}
          onSort={(sort) => setFilter('sort', sort === 'created_at' ? '' : sort)}
          mayWrite={mayWrite}
        />
      )}
    </ListPage>
  );
}

interface SweepsTableProps {
  sweeps: SweepSummary[];
  sort: SweepSort;
  onSort: (sort: SweepSort) => void;
  /** Whether the caller may start a sweep here (a viewer may not). */
  mayWrite: boolean;
}

function SweepsTable({ sweeps, sort, onSort, mayWrite }: SweepsTableProps) {
  if (sweeps.length === 0) {
    return (
      <p className="empty">
        No sweeps yet.{mayWrite && <> <Link to="/submit?kind=sweep">Start the notebook's search</Link>.</>}
      </p>
    );
  }
  return (
    <DataTable
      caption="Sweeps"
      columns={[
        { label: 'Sweep' },
        { label: 'Status' },
        { label: 'Model' },
        { label: 'Progress' },
        { label: 'Best CV score', numeric: true, sort: { active: sort === 'best_score', onSort: () => onSort('best_score') } },
        { label: 'Best parameters' },
        { label: 'Submitted by' },
        { label: 'Age', sort: { active: sort === 'created_at', onSort: () => onSort('created_at') } },
      ]}
    >
      {sweeps.map((sweep) => (
        <tr key={sweep.id}>
          <td>
            <Link className="mono" to={`/sweeps/${sweep.id}`}>
              {shortId(sweep.id)}
            </Link>
          </td>
          <td>
            <StatusBadge status={sweep.status} />
          </td>
          <td>
            {formatModelType(sweep.model_type)}
            <div className="muted">
              {sweep.n_candidates} candidates × {sweep.n_splits} folds
            </div>
          </td>
          <td className="progress-cell">
            <ProgressBar
              total={sweep.total_trials}
              succeeded={sweep.done_trials - sweep.failed_trials}
              failed={sweep.failed_trials}
              label={`Sweep ${shortId(sweep.id)} progress`}
            />
            <div className="muted">
              {sweep.done_trials} / {sweep.total_trials} trials
            </div>
          </td>
          <td className="numeric">{formatScore(sweep.best_score)}</td>
          <td className="wrap">
            {Object.entries(sweep.best_params ?? {}).map(([name, value]) => (
              <span key={name} className="chip">
                {name}={formatParam(value)}
              </span>
            ))}
          </td>
          <td>
            <SubmittedBy createdBy={sweep.created_by} />
          </td>
          <td>{formatAge(sweep.created_at)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
