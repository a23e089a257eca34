import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { Sweep } from '../../api/types';
import { useAccess } from '../../auth/access-context';
import { ActionButton, DeleteButton } from '../../components/ActionButton';
import { Card, Stat } from '../../components/Card';
import { ErrorAlert, Loading } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { ProgressBar } from '../../components/ProgressBar';
import { StatusBadge } from '../../components/StatusBadge';
import { SubmittedBy } from '../../components/SubmittedBy';
import { useSweepLive } from '../../hooks/useSweepLive';
import { isFinished } from '../../lib/catalog';
import { formatModelType, formatPercent, formatScore, formatSeconds, shortId } from '../../lib/format';
import { Leaderboard, ParamChips } from './Leaderboard';
import { ParallelCoordinatesChart } from './ParallelCoordinatesChart';

/** One sweep, live: progress, the leaderboard, parameters against score, the refit run. */
export function SweepDetailPage() {
  const { id = '' } = useParams();
  const { sweep, error, live, refresh } = useSweepLive(id);
  return (
    <div className="page">
      {error && <ErrorAlert error={error} what={`sweep ${id}`} />}
      {!sweep && !error && <Loading what="the sweep" />}
      {sweep && <SweepDetail sweep={sweep} live={live} onCancelled={refresh} />}
    </div>
  );
}

/** Trials are still to run: the sweep can be cancelled and has a time left. Refitting is one run past that point. */
export const isQueuedOrRunning = (status: Sweep['status']): boolean => status === 'queued' || status === 'running';

/** Cancel while trials are still to run, Delete once finished; nothing while the refit runs, nor for a viewer of the sweep's project. */
export function SweepActions({ sweep, onCancelled }: { sweep: Pick<Sweep, 'id' | 'status' | 'project'>; onCancelled: () => Promise<void> }) {
  const mayWrite = useAccess().can('write', sweep.project);
  if (!mayWrite) return null;
  if (isFinished(sweep.status)) {
    return (
      <DeleteButton
        what="sweep"
        confirm="Delete this sweep with its trials, refit run and model?"
        remove={() => api.sweeps.delete(sweep.id)}
        listPath="/sweeps"
      />
    );
  }
  if (!isQueuedOrRunning(sweep.status)) return null;
  return (
    <ActionButton
      label="Cancel sweep"
      busyLabel="Cancelling…"
      onAction={async () => {
        await api.sweeps.cancel(sweep.id);
        await onCancelled();
      }}
    />
  );
}

export function SweepDetail({ sweep, live, onCancelled }: { sweep: Sweep; live: boolean; onCancelled: () => Promise<void> }) {
  const { progress } = sweep;
  const failedTrials = sweep.trials.filter((trial) => trial.status === 'failed');
  return (
    <>
      <PageHeader
        title={`Sweep ${shortId(sweep.id)}`}
        breadcrumb={<Link to="/sweeps">Sweeps</Link>}
        description={
          <>
            RandomizedSearchCV over {formatModelType(sweep.model_type)}: {sweep.candidates.length} candidates × {sweep.spec.cv} folds ·{' '}
            <StatusBadge status={sweep.status} /> {live && <span className="chip">live</span>} · submitted by <SubmittedBy createdBy={sweep.created_by} /> in{' '}
            {sweep.project}
          </>
        }
        actions={<SweepActions sweep={sweep} onCancelled={onCancelled} />}
      />
      {sweep.error && (
        <div className="alert alert-error" role="alert">
          {sweep.error}
        </div>
      )}

      <Card title="Progress">
        <div className="stack">
          <ProgressBar
            total={progress.total}
            succeeded={progress.done - progress.failed}
            failed={progress.failed}
            running={progress.running}
            label="Trials done"
          />
          <p className="muted" aria-live="polite">
            {progress.done} of {progress.total} trials done · {progress.running} running · {progress.queued} queued
            {progress.failed > 0 && ` · ${progress.failed} failed`}
            {progress.cancelled > 0 && ` · ${progress.cancelled} cancelled`}
          </p>
          <div className="grid-stats">
            <Stat
              label="Best CV score"
              value={formatScore(sweep.best?.score)}
              hint={sweep.best ? `candidate #${sweep.best.index}` : 'no candidate complete yet'}
            />
            <Stat label="Trials done" value={`${progress.done} / ${progress.total}`} />
            {isQueuedOrRunning(sweep.status) && (
              <Stat label="Time left" value={sweep.eta_seconds === null ? '—' : formatSeconds(sweep.eta_seconds)} hint="at the pace so far" />
            )}
          </div>
        </div>
      </Card>

      <div className="grid">
        <Card title="Best candidate" description="Highest mean accuracy across the folds so far.">
          {sweep.best ? <ParamChips params={sweep.best.params} /> : <p className="muted">No candidate has all its folds scored yet.</p>}
        </Card>
        <Card title="Refit run" description="The best candidate trained on the whole training set and tested on the held-out set.">
          {sweep.refit_run ? (
            <dl className="definitions">
              <dt>Run</dt>
              <dd>
                <Link className="mono" to={`/runs/${sweep.refit_run.id}`}>
                  {shortId(sweep.refit_run.id)}
                </Link>{' '}
                <StatusBadge status={sweep.refit_run.status} />
              </dd>
              <dt>Test accuracy</dt>
              <dd>{formatPercent(sweep.refit_run.test_accuracy)}</dd>
              <dt>Train accuracy</dt>
              <dd>{formatPercent(sweep.refit_run.train_accuracy)}</dd>
            </dl>
          ) : (
            <p className="muted">{isFinished(sweep.status) ? 'No refit for this sweep.' : 'Starts when every trial is done.'}</p>
          )}
        </Card>
      </div>

      <Card title="Parameters against score" description="Each line is a candidate; colour and the last axis show its mean CV accuracy.">
        <ParallelCoordinatesChart candidates={sweep.candidates} />
      </Card>

      <Card title="Leaderboard" description="Fold scores as they arrive; rank by mean test score, as cv_results_." flush>
        <Leaderboard candidates={sweep.candidates} trials={sweep.trials} folds={sweep.spec.cv} bestIndex={sweep.best?.index ?? null} />
      </Card>

      {failedTrials.length > 0 && (
        <Card title="Failed trials">
          <ul>
            {failedTrials.map((trial) => (
              <li key={`${trial.candidate}-${trial.fold}`}>
                Candidate #{trial.candidate}, fold {trial.fold + 1}: {trial.error}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
