import { useMemo, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import type { Json, Run } from '../api/types';
import { Chart } from '../charts/Chart';
import type { ChartOption } from '../charts/echarts';
import { Card } from '../components/Card';
import { ErrorAlert, Loading } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { StatusBadge } from '../components/StatusBadge';
import { useApi } from '../hooks/useApi';
import { formatModelType, formatParam, formatPercent, formatSeconds, shortId } from '../lib/format';
import { classRows } from '../lib/report';
import { flattenParams } from '../lib/spec';

/** Two to four runs side by side: what differs in their specs, and how they score. */
export function ComparePage() {
  const [search, setSearch] = useSearchParams();
  const ids = (search.get('runs') ?? '').split(',').filter(Boolean).slice(0, 4);
  const runs = useApi(ids.join(','), (signal) => Promise.all(ids.map((id) => api.runs.get(id, signal))));
  const remove = (id: string) => setSearch({ runs: ids.filter((other) => other !== id).join(',') });

  return (
    <div className="page">
      <PageHeader title="Compare runs" description="Parameters that differ are highlighted; metrics are on each run's test set." />
      {ids.length < 2 ? (
        <div className="alert alert-info">
          Select two to four runs on the <Link to="/runs">Runs</Link> page, then choose “Compare selected”.
        </div>
      ) : (
        <>
          {runs.error && <ErrorAlert error={runs.error} what="the runs" />}
          {!runs.data && !runs.error && <Loading what="the runs" />}
          {runs.data && <Comparison runs={runs.data} onRemove={remove} />}
        </>
      )}
    </div>
  );
}

function Comparison({ runs, onRemove }: { runs: Run[]; onRemove: (id: string) => void }) {
  return (
    <>
      <ParameterTable runs={runs} onRemove={onRemove} />
      <Card title="Metrics" flush>
        <MetricsTable runs={runs} />
      </Card>
      <Card title="F1-score per class" description="Test set. Where the bars differ, one model tells that digit apart better.">
        <PerClassF1Chart runs={runs} />
      </Card>
    </>
  );
}

function RunHeaders({ runs, onRemove }: { runs: Run[]; onRemove?: (id: string) => void }) {
  return (
    <>
      {runs.map((run) => (
        <th key={run.id} scope="col">
          <Link className="mono" to={`/runs/${run.id}`}>
            {shortId(run.id)}
          </Link>{' '}
          {onRemove && runs.length > 2 && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => onRemove(run.id)}
              aria-label={`Remove run ${shortId(run.id)} from the comparison`}
            >
              ×
            </button>
          )}
        </th>
      ))}
    </>
  );
}

/** Dataset, split and every estimator parameter (scikit-learn's `step__param` names), one row each. */
function comparedParams(run: Run): Record<string, Json> {
  return {
    dataset: run.spec.dataset,
    n_samples: run.spec.n_samples,
    'split.test_size': run.spec.split.test_size,
    'split.random_state': run.spec.split.random_state,
    'split.stratify': run.spec.split.stratify,
    estimator: run.spec.estimator.type,
    ...flattenParams(run.spec.estimator),
  };
}

function ParameterTable({ runs, onRemove }: { runs: Run[]; onRemove: (id: string) => void }) {
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const params = useMemo(() => runs.map(comparedParams), [runs]);
  const names = [...new Set(params.flatMap((values) => Object.keys(values)))];
  const rows = names.map((name) => {
    const values = params.map((values) => (name in values ? formatParam(values[name]) : '—'));
    return { name, values, differs: new Set(values).size > 1 };
  });
  const shown = onlyDifferences ? rows.filter((row) => row.differs) : rows;
  return (
    <Card
      title="Parameters"
      description={`${rows.filter((row) => row.differs).length} of ${rows.length} differ`}
      actions={
        <label className="checkbox">
          <input type="checkbox" checked={onlyDifferences} onChange={(event) => setOnlyDifferences(event.target.checked)} />
          Only differences
        </label>
      }
      flush
    >
      <div className="table-scroll">
        <table className="table">
          <caption className="visually-hidden">Parameters of the compared runs; differing rows are highlighted</caption>
          <thead>
            <tr>
              <th scope="col">Parameter</th>
              <RunHeaders runs={runs} onRemove={onRemove} />
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.name} className={row.differs ? 'differs' : undefined}>
                <th scope="row" className="mono">
                  {row.name}
                  {row.differs && <span className="visually-hidden"> (differs)</span>}
                </th>
                {row.values.map((value, i) => (
                  <td key={runs[i]?.id} className="mono">
                    {value}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

const METRICS: { label: string; render: (run: Run) => ReactNode }[] = [
  { label: 'Status', render: (run) => <StatusBadge status={run.status} /> },
  { label: 'Model', render: (run) => formatModelType(run.model_type) },
  { label: 'Test accuracy', render: (run) => formatPercent(run.metrics?.test.accuracy) },
  { label: 'Train accuracy', render: (run) => formatPercent(run.metrics?.train.accuracy) },
  {
    label: 'Train − test',
    render: (run) => (run.metrics ? `${((run.metrics.train.accuracy - run.metrics.test.accuracy) * 100).toFixed(2)} pt` : '—'),
  },
  { label: 'Fit time', render: (run) => formatSeconds(run.timings.fit_seconds) },
  { label: 'Predict time', render: (run) => formatSeconds(run.timings.predict_seconds) },
  { label: 'Tensor backend', render: (run) => run.tensor_backend ?? '—' },
];

function MetricsTable({ runs }: { runs: Run[] }) {
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">Metrics of the compared runs</caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <RunHeaders runs={runs} />
          </tr>
        </thead>
        <tbody>
          {METRICS.map((metric) => (
            <tr key={metric.label}>
              <th scope="row">{metric.label}</th>
              {runs.map((run) => (
                <td key={run.id}>{metric.render(run)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PerClassF1Chart({ runs }: { runs: Run[] }) {
  const option = useMemo<ChartOption>(() => {
    const labelsOf = (run: Run) => (run.metrics ? classRows(run.metrics.test.classification_report).map(([label]) => label) : []);
    const labels = [...new Set(runs.flatMap(labelsOf))];
    return {
      legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (value) => (typeof value === 'number' ? value.toFixed(3) : String(value)) },
      grid: { left: 48, right: 12, top: 36, bottom: 32 },
      xAxis: { type: 'category', data: labels, name: 'digit', nameLocation: 'middle', nameGap: 24 },
      yAxis: { type: 'value', min: (extent) => Math.max(0, Math.floor(extent.min * 10) / 10), max: 1 },
      series: runs.map((run) => {
        const rows = new Map(run.metrics ? classRows(run.metrics.test.classification_report) : []);
        return { type: 'bar', name: shortId(run.id), data: labels.map((label) => rows.get(label)?.['f1-score'] ?? null) };
      }),
    };
  }, [runs]);
  if (runs.every((run) => !run.metrics)) return <p className="muted">None of these runs has metrics yet.</p>;
  return <Chart option={option} height={320} label={`Per-class F1-score of runs ${runs.map((run) => shortId(run.id)).join(', ')}`} />;
}
