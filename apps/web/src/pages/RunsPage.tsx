import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, type ListRunsQuery } from '../api/client';
import type { RunStatus, RunSummary } from '../api/types';
import { Card } from '../components/Card';
import { ErrorAlert, Loading } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { SortableHeader } from '../components/SortableHeader';
import { StatusBadge } from '../components/StatusBadge';
import { useApi } from '../hooks/useApi';
import { useCursorPages } from '../hooks/useCursorPages';
import { useFilterParams } from '../hooks/useFilterParams';
import { DATASETS, MODEL_TYPES, RUN_STATUSES, isFinished } from '../lib/catalog';
import { formatAge, formatModelType, formatParam, formatPercent, formatSeconds, shortId } from '../lib/format';
import { KEY_PARAMS } from '../lib/spec';

const PAGE_SIZE = 20;
const MAX_COMPARED = 4;
type RunSort = NonNullable<ListRunsQuery['sort']>;

/** Run history: filtered, sorted and paged by the api; select two to four runs to compare. */
export function RunsPage() {
  const pages = useCursorPages();
  const [search, setFilter] = useFilterParams(pages.reset);
  const [selected, setSelected] = useState<string[]>([]);
  const navigate = useNavigate();
  const query: ListRunsQuery = {
    status: (search.get('status') ?? '') as RunStatus | '',
    model_type: search.get('model_type') ?? '',
    dataset: search.get('dataset') ?? '',
    sort: search.get('sort') === 'test_accuracy' ? 'test_accuracy' : 'created_at',
    limit: PAGE_SIZE,
    cursor: pages.cursor,
  };
  const runs = useApi(JSON.stringify(query), (signal) => api.runs.list(query, signal), {
    refreshMs: 3000,
    keepRefreshing: (page) => page.items.some((run) => !isFinished(run.status)),
    keepPreviousData: true,
  });

  const toggle = (id: string) =>
    setSelected((current) => (current.includes(id) ? current.filter((other) => other !== id) : [...current, id].slice(-MAX_COMPARED)));

  return (
    <div className="page">
      <PageHeader
        title="Runs"
        description="Every training run: its status, model, accuracy on the held-out test set and how long it took."
        actions={
          <>
            <button
              type="button"
              className="btn"
              disabled={selected.length < 2}
              onClick={() => navigate(`/compare?runs=${selected.join(',')}`)}
            >
              Compare selected ({selected.length})
            </button>
            <Link className="btn btn-primary" to="/submit">
              New run
            </Link>
          </>
        }
      />
      <Card flush>
        <div className="card-header">
          <form className="toolbar" aria-label="Filter runs" onSubmit={(event) => event.preventDefault()}>
            <FilterSelect label="Status" value={query.status ?? ''} options={RUN_STATUSES} onChange={(value) => setFilter('status', value)} />
            <FilterSelect
              label="Model"
              value={query.model_type ?? ''}
              options={MODEL_TYPES}
              format={formatModelType}
              onChange={(value) => setFilter('model_type', value)}
            />
            <FilterSelect label="Dataset" value={query.dataset ?? ''} options={DATASETS} onChange={(value) => setFilter('dataset', value)} />
          </form>
          <span className="muted" aria-live="polite">
            {runs.loading ? 'Updating…' : `${runs.data?.items.length ?? 0} runs on this page`}
          </span>
        </div>
        {runs.error && <ErrorAlert error={runs.error} what="runs" />}
        {!runs.data && !runs.error && <Loading what="runs" />}
        {runs.data && (
          <RunsTable
            runs={runs.data.items}
            sort={query.sort ?? 'created_at'}
            onSort={(sort) => setFilter('sort', sort === 'created_at' ? '' : sort)}
            selected={selected}
            onToggle={toggle}
          />
        )}
        <Pager
          page={pages.page}
          hasPrevious={pages.page > 1}
          hasNext={Boolean(runs.data?.next_cursor)}
          onPrevious={pages.previous}
          onNext={() => runs.data?.next_cursor && pages.next(runs.data.next_cursor)}
        />
      </Card>
    </div>
  );
}

interface FilterSelectProps {
  label: string;
  value: string;
  options: readonly string[];
  format?: (value: string) => string;
  onChange: (value: string) => void;
}

function FilterSelect({ label, value, options, format = (option) => option, onChange }: FilterSelectProps) {
  const id = `filter-${label.toLowerCase()}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="select" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">All</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {format(option)}
          </option>
        ))}
      </select>
    </div>
  );
}

interface RunsTableProps {
  runs: RunSummary[];
  sort: RunSort;
  onSort: (sort: RunSort) => void;
  selected: string[];
  onToggle: (id: string) => void;
}

function RunsTable({ runs, sort, onSort, selected, onToggle }: RunsTableProps) {
  if (runs.length === 0) {
    return (
      <p className="empty">
        No runs match. <Link to="/submit">Start a run</Link>.
      </p>
    );
  }
  const showParams = runs.some((run) => run.params);
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">Training runs</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Compare</span>
            </th>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col">Model</th>
            {showParams && <th scope="col">Key params</th>}
            <SortableHeader numeric active={sort === 'test_accuracy'} onSort={() => onSort('test_accuracy')}>
              Test accuracy
            </SortableHeader>
            <th scope="col" className="numeric">
              Train accuracy
            </th>
            <th scope="col" className="numeric">
              Duration
            </th>
            <SortableHeader active={sort === 'created_at'} onSort={() => onSort('created_at')}>
              Age
            </SortableHeader>
          </tr>
        </thead>
        <tbody>
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
              <td title={new Date(run.created_at).toLocaleString()}>{formatAge(run.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
