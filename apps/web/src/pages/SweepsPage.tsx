import { Link } from 'react-router-dom';
import { api, type ListSweepsQuery } from '../api/client';
import type { SweepStatus, SweepSummary } from '../api/types';
import { Card } from '../components/Card';
import { ErrorAlert, Loading } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { ProgressBar } from '../components/ProgressBar';
import { SortableHeader } from '../components/SortableHeader';
import { StatusBadge } from '../components/StatusBadge';
import { useApi } from '../hooks/useApi';
import { useCursorPages } from '../hooks/useCursorPages';
import { useFilterParams } from '../hooks/useFilterParams';
import { SWEEP_STATUSES, isFinished } from '../lib/catalog';
import { formatAge, formatModelType, formatParam, formatScore, shortId } from '../lib/format';

const PAGE_SIZE = 20;
type SweepSort = NonNullable<ListSweepsQuery['sort']>;

/** Tuning sweeps (RandomizedSearchCV), newest or best first. */
export function SweepsPage() {
  const pages = useCursorPages();
  const [search, setFilter] = useFilterParams(pages.reset);
  const query: ListSweepsQuery = {
    status: (search.get('status') ?? '') as SweepStatus | '',
    sort: search.get('sort') === 'best_score' ? 'best_score' : 'created_at',
    limit: PAGE_SIZE,
    cursor: pages.cursor,
  };
  const sweeps = useApi(JSON.stringify(query), (signal) => api.sweeps.list(query, signal), {
    refreshMs: 3000,
    keepRefreshing: (page) => page.items.some((sweep) => !isFinished(sweep.status)),
    keepPreviousData: true,
  });

  return (
    <div className="page">
      <PageHeader
        title="Sweeps"
        description="Hyper-parameter searches: every candidate is cross-validated, one job per fold, shared by all workers."
        actions={
          <Link className="btn btn-primary" to="/submit?kind=sweep">
            New sweep
          </Link>
        }
      />
      <Card flush>
        <div className="card-header">
          <div className="field">
            <label htmlFor="sweep-status">Status</label>
            <select id="sweep-status" className="select" value={query.status} onChange={(event) => setFilter('status', event.target.value)}>
              <option value="">All</option>
              {SWEEP_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {status}
                </option>
              ))}
            </select>
          </div>
        </div>
        {sweeps.error && <ErrorAlert error={sweeps.error} what="sweeps" />}
        {!sweeps.data && !sweeps.error && <Loading what="sweeps" />}
        {sweeps.data && (
          <SweepsTable
            sweeps={sweeps.data.items}
            sort={query.sort ?? 'created_at'}
            onSort={(sort) => setFilter('sort', sort === 'created_at' ? '' : sort)}
          />
        )}
        <Pager
          page={pages.page}
          hasPrevious={pages.page > 1}
          hasNext={Boolean(sweeps.data?.next_cursor)}
          onPrevious={pages.previous}
          onNext={() => sweeps.data?.next_cursor && pages.next(sweeps.data.next_cursor)}
        />
      </Card>
    </div>
  );
}

function SweepsTable({ sweeps, sort, onSort }: { sweeps: SweepSummary[]; sort: SweepSort; onSort: (sort: SweepSort) => void }) {
  if (sweeps.length === 0) {
    return (
      <p className="empty">
        No sweeps yet. <Link to="/submit?kind=sweep">Start the notebook's search</Link>.
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">Sweeps</caption>
        <thead>
          <tr>
            <th scope="col">Sweep</th>
            <th scope="col">Status</th>
            <th scope="col">Model</th>
            <th scope="col">Progress</th>
            <SortableHeader numeric active={sort === 'best_score'} onSort={() => onSort('best_score')}>
              Best CV score
            </SortableHeader>
            <th scope="col">Best parameters</th>
            <SortableHeader active={sort === 'created_at'} onSort={() => onSort('created_at')}>
              Age
            </SortableHeader>
          </tr>
        </thead>
        <tbody>
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
              <td>{formatAge(sweep.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
