import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import type { ListRunsQuery, RunSummary } from '../api/types';
import { DataTable } from '../components/DataTable';
import { FilterSelect, ModelTypeFilter } from '../components/FilterSelect';
import { ListPage } from '../components/ListPage';
import { StatusBadge } from '../components/StatusBadge';
import { SubmittedBy } from '../components/SubmittedBy';
import { useAccess } from '../auth/access-context';
import { useListPage } from '../hooks/useListPage';
import { useDatasetNames } from '../hooks/useDatasetNames';
import { RUN_STATUSES, isFinished } from '../lib/catalog';
import { formatAge, formatModelType, formatParam, formatPercent, formatSeconds, shortId } from '../lib/format';
import type { ListQuerySpec } from '../lib/list-query';
import { KEY_PARAMS } from '../lib/spec';

const MAX_COMPARED = 4;
type RunSort = NonNullable<ListRunsQuery['sort']>;
const RUN_SORTS: readonly RunSort[] = ['created_at', 'test_accuracy'];
const RUNS_QUERY: ListQuerySpec = { filters: { status: RUN_STATUSES, model_type: null, dataset: null }, sorts: RUN_SORTS, limit: 20 };

/** Run history: filtered, sorted and paged by the api; select two to four runs to compare. */
export function RunsPage() {
  const { query, setFilter, list: runs, pages } = useListPage(RUNS_QUERY, api.runs.list, (run) => !isFinished(run.status));
  const datasets = useDatasetNames();
  const [selected, setSelected] = useState<string[]>([]);
  const navigate = useNavigate();
  const mayWrite = useAccess().can('write');

  const toggle = (id: string) =>
    setSelected((current) => (current.includes(id) ? current.filter((other) => other !== id) : [...current, id].slice(-MAX_COMPARED)));

  return (
    <ListPage
      title="Runs"
      description="Every training run: its status, model, accuracy on the held-out test set and how long it took."
      actions={
        <button type="button" className="btn" disabled={selected.length < 2} onClick={() => navigate(`/compare?runs=${selected.join(',')}`)}>
          Compare selected ({selected.length})
        </button>
      }
      primaryLink={mayWrite ? { to: '/submit', label: 'New run' } : undefined}
      filters={
        <>
          <form className="toolbar" aria-label="Filter runs" onSubmit={(event) => event.preventDefault()}>
            <FilterSelect label="Status" value={query.status ?? ''} options={RUN_STATUSES} onChange={(value) => setFilter('status', value)} />
            <ModelTypeFilter value={query.model_type ?? ''} onChange={(value) => setFilter('model_type', value)} />
            <FilterSelect label="Dataset" value={query.dataset ?? ''} options={datasets} onChange={(value) => setFilter('dataset', value)} />
          </form>
          <span className="muted" aria-live="polite">
            {runs.loading ? 'Updating…' : `${runs.data?.items.length ?? 0} runs on this page`}
          </span>
        </>
      }
      list={runs}
      pages={pages}
      what="runs"
    >
      {(items) => (
        <RunsTable
          runs={items}
          sort={query.sort ?? 'created_at'}
          onSort={(sort) => setFilter('sort', sort === 'created_at' ? '' : sort)}
          selected={selected}
          onToggle={toggle}
          mayWrite={mayWrite}
        />
      )}
    </ListPage>
  );
}

interface RunsTableProps {
  runs: RunSummary[];
  sort: RunSort;
  onSort: (sort: RunSort) => void;
  selected: string[];
  onToggle: (id: string) => void;
  /** Whether the caller may start a run here (a viewer may not). */
  mayWrite: boolean;
}

function RunsTable({ runs, sort, onSort, selected, onToggle, mayWrite }: RunsTableProps) {
  if (runs.length === 0) {
    return (
      <p className="empty">
        No runs match.{mayWrite && <> <Link to="/submit">Start a run</Link>.</>}
      </p>
    );
  }
  const showParams = runs.some((run) => run.params);
  return (
    <DataTable
      caption="Training runs"
      columns={[
        { label: 'Compare', hiddenLabel: true },
        { label: 'Run' },
        { label: 'Status' },
        { label: 'Model' },
        showParams && { label: 'Key params' },
        { label: 'Test accuracy', numeric: true, sort: { active: sort === 'test_accuracy', onSort: () => onSort('test_accuracy') } },
        { label: 'Train accuracy', numeric: true },
        { label: 'Duration', numeric: true },
        { label: 'Submitted by' },
        { label: 'Age', sort: { active: sort === 'created_at', onSort: () => onSort('created_at') } },
      ]}
    >
      {runs.map((run) => (
        <tr key={run.id}>
          <td>
            <input
              type="checkbox"
              checked={selected.includes(run.id)}
              onChange={() => onToggle(run.id)}
              aria-label={`Select run ${shortId(run.id)} to compare`}
            />
          </td>
          <td>
            <Link className="mono" to={`/runs/${run.id}`}>
              {shortId(run.id)}
            </Link>
            {run.sweep_id && (
              <>
                {' '}
                <Link className="chip" to={`/sweeps/${run.sweep_id}`} title="Refit run of a sweep">
                  sweep
                </Link>
              </>
            )}
          </td>
          <td>
            <StatusBadge status={run.status} />
          </td>
          <td>{formatModelType(run.model_type)}</td>
          {showParams && <td className="wrap">{run.params && <KeyParams modelType={run.model_type} params={run.params} />}</td>}
          <td className="numeric">{formatPercent(run.test_accuracy)}</td>
          <td className="numeric">{formatPercent(run.train_accuracy)}</td>
          <td className="numeric">{formatSeconds(run.duration_seconds)}</td>
          <td>
            <SubmittedBy createdBy={run.created_by} />
          </td>
          <td title={new Date(run.created_at).toLocaleString()}>{formatAge(run.created_at)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function KeyParams({ modelType, params }: { modelType: string; params: NonNullable<RunSummary['params']> }) {
  const names = KEY_PARAMS[modelType] ?? Object.keys(params);
  return (
    <>
      {names
        .filter((name) => name in params)
        .map((name) => (
          <span key={name} className="chip">
            {name}={formatParam(params[name])}
          </span>
        ))}
    </>
  );
}
