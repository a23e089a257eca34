import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { Run, RunProgress } from '../../api/types';
import { useAccess } from '../../auth/access-context';
import { ActionButton, DeleteButton, DownloadModelButton } from '../../components/ActionButton';
import { Card, Stat } from '../../components/Card';
import { ErrorAlert, Loading } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { SubmittedBy } from '../../components/SubmittedBy';
import { useApi } from '../../hooks/useApi';
import { isFinished } from '../../lib/catalog';
import { formatBytes, formatDateTime, formatModelType, formatPercent, formatSeconds, shortId } from '../../lib/format';
import { ClassificationReportTable } from './ClassificationReportTable';
import { ConfusionMatrixCard } from './ConfusionMatrixCard';
import { MisclassifiedGallery } from './MisclassifiedGallery';
import { SpecSummary } from './SpecSummary';
import { TrainTestTable } from './TrainTestTable';

type Subset = 'test' | 'train';

/** One run: what was trained, how long it took, and every view of its evaluation. */
export function RunDetailPage() {
  const { id = '' } = useParams();
  const run = useApi(id, (signal) => api.runs.get(id, signal), { refreshMs: 2000, keepRefreshing: (data) => !isFinished(data.status) });
  return (
    <div className="page">
      {run.error && <ErrorAlert error={run.error} what={`run ${id}`} />}
      {!run.data && !run.error && <Loading what="the run" />}
      {run.data && <RunDetail run={run.data} />}
    </div>
  );
}

function RunDetail({ run }: { run: Run }) {
  const [subset, setSubset] = useState<Subset>('test');
  const metrics = run.metrics?.[subset];
  const mayWrite = useAccess().can('write', run.project);
  return (
    <>
      <PageHeader
        title={`Run ${shortId(run.id)}`}
        breadcrumb={<Link to="/runs">Runs</Link>}
        description={
          <>
            {formatModelType(run.model_type)} on {run.dataset}
            {run.sweep_id && (
              <>
                , refit of <Link to={`/sweeps/${run.sweep_id}`}>sweep {shortId(run.sweep_id)}</Link>
              </>
            )}{' '}
            · <StatusBadge status={run.status} /> · submitted by <SubmittedBy createdBy={run.created_by} /> in {run.project}
          </>
        }
        actions={
          <>
            {run.model && (
              <>
                <DownloadModelButton modelId={run.model.id} label={`Download model (${formatBytes(run.model.size_bytes)})`} />
                {mayWrite && (
                  <Link className="btn btn-primary" to={`/playground?model=${run.model.id}`}>
                    Draw a digit
                  </Link>
                )}
              </>
            )}
            {mayWrite &&
              (isFinished(run.status) ? (
                <DeleteButton what="run" confirm="Delete this run with its results and model?" remove={() => api.runs.delete(run.id)} listPath="/runs" />
              ) : (
                <ActionButton label="Cancel run" busyLabel="Cancelling…" onAction={async () => void (await api.runs.cancel(run.id))} />
              ))}
          </>
        }
      />
      {run.status === 'failed' && (
        <div className="alert alert-error" role="alert">
          The run failed: {run.error}
        </div>
      )}
      {!isFinished(run.status) && (
        <div className="alert alert-info" role="status">
          This run is {run.status}
          {run.progress && <ProgressLine progress={run.progress} />}; the page updates when it finishes.
        </div>
      )}

      <div className="grid-stats">
        <Stat label="Test accuracy" value={formatPercent(run.metrics?.test.accuracy)} />
        <Stat label="Train accuracy" value={formatPercent(run.metrics?.train.accuracy)} />
        <Stat label="Fit time" value={formatSeconds(run.timings.fit_seconds)} />
        <Stat label="Predict time" value={formatSeconds(run.timings.predict_seconds)} />
        <Stat label="Tensor backend" value={run.tensor_backend ?? '—'} />
      </div>

      <div className="grid">
        <Card title="Specification">
          <SpecSummary spec={run.spec} />
        </Card>
        <Card title="Timings">
          <dl className="definitions">
            <dt>Queued</dt>
            <dd>{formatDateTime(run.timings.queued_at)}</dd>
            <dt>Started</dt>
            <dd>{formatDateTime(run.timings.started_at)}</dd>
            <dt>Finished</dt>
            <dd>{formatDateTime(run.timings.finished_at)}</dd>
            <dt>Queue wait</dt>
            <dd>{formatSeconds(run.timings.queue_wait_seconds)}</dd>
            <dt>Data load</dt>
            <dd>{formatSeconds(run.timings.load_seconds)}</dd>
            <dt>Fit</dt>
            <dd>{formatSeconds(run.timings.fit_seconds)}</dd>
            <dt>Evaluation</dt>
            <dd>
              {formatSeconds(run.timings.evaluate_seconds)} (predict {formatSeconds(run.timings.predict_seconds)})
            </dd>
            <dt>Save</dt>
            <dd>{formatSeconds(run.timings.save_seconds)}</dd>
            <dt>Attempts</dt>
            <dd>{run.attempts}</dd>
            <dt>Worker</dt>
            <dd className="mono">{run.worker_id ?? '—'}</dd>
            <dt>Model</dt>
            <dd className="mono">{run.model ? `sha256 ${run.model.sha256.slice(0, 16)}…` : '—'}</dd>
          </dl>
        </Card>
      </div>

      {run.metrics && (
        <>
          <Card title="Train vs test" description="The overfitting check: the same metrics on the data the model saw and on held-out data.">
            <TrainTestTable train={run.metrics.train} test={run.metrics.test} />
          </Card>
          <div className="row" role="group" aria-label="Evaluated subset">
            <span className="muted">Evaluation on</span>
            <div className="tabs">
              {(['test', 'train'] as const).map((option) => (
                <button key={option} type="button" className="btn" aria-pressed={subset === option} onClick={() => setSubset(option)}>
                  {option === 'test' ? 'Test set' : 'Training set'}
                </button>
              ))}
            </div>
          </div>
          {metrics && (
            <>
              <div className="grid">
                <ConfusionMatrixCard confusion={metrics.confusion_matrix} subset={subset} />
                <Card title="Classification report" description={`${subset} set, ${metrics.n_samples} digits`}>
                  <ClassificationReportTable report={metrics.classification_report} caption={`Classification report, ${subset} set`} />
                </Card>
              </div>
              {metrics.misclassified && <MisclassifiedGallery dataset={run.dataset} misclassified={metrics.misclassified} subset={subset} />}
            </>
          )}
        </>
      )}
    </>
  );
}

const STAGES: Record<NonNullable<RunProgress['stage']>, string> = { load: 'loading data', fit: 'fitting', evaluate: 'evaluating', save: 'saving the model' };

/** ": fitting, 120 of 300 trees, loss 0.31, 1 min 5 s elapsed, about 40 s left" */
function ProgressLine({ progress }: { progress: RunProgress }) {
  const parts = [
    progress.stage && STAGES[progress.stage],
    progress.done !== null && progress.total !== null && `${progress.done} of ${progress.total} ${progress.unit ?? ''}`.trim(),
    progress.loss !== null && `loss ${progress.loss.toPrecision(4)}`,
    `${formatSeconds(progress.elapsed_seconds)} elapsed`,
    progress.eta_seconds !== null && `about ${formatSeconds(progress.eta_seconds)} left`,
  ].filter(Boolean);
  return <span aria-label="progress">: {parts.join(', ')}</span>;
}
