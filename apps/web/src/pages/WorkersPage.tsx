import { api } from '../api/client';
import type { QueueName, QueueState, WorkerProcess, WorkersOverview } from '../api/types';
import { Card, Stat } from '../components/Card';
import { DataTable, type Column } from '../components/DataTable';
import { ErrorAlert, Loading } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { useApi } from '../hooks/useApi';
import { formatAge, formatBytes, shortId } from '../lib/format';

const REFRESH_MS = 5000;
const QUEUE_NAMES: readonly QueueName[] = ['runs', 'trials', 'sweeps'];
const QUEUE_STATES: readonly QueueState[] = ['waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed'];
const QUEUE_DESCRIPTIONS: Record<QueueName, string> = {
  runs: 'training runs',
  trials: 'one (candidate, fold) of a sweep',
  sweeps: 'finishing a sweep',
};
const WORKER_COLUMNS: readonly Column[] = [
  { label: 'Worker' },
  { label: 'Version' },
  { label: 'Tensor backend' },
  { label: 'Working on' },
  { label: 'CPU', numeric: true },
  { label: 'Memory', numeric: true },
  { label: 'Started' },
  { label: 'Last seen' },
];

/** Which worker processes are live and how much work is waiting, refreshed every few seconds. */
export function WorkersPage() {
  const overview = useApi('workers', (signal) => api.workers.overview(signal), { refreshMs: REFRESH_MS });
  return (
    <div className="page">
      <PageHeader
        title="Workers"
        description="Worker processes share the queues in Redis; start more on any machine to finish sooner."
        actions={<span className="muted">Refreshes every {REFRESH_MS / 1000} s</span>}
      />
      {overview.error && <ErrorAlert error={overview.error} what="the workers" />}
      {!overview.data && !overview.error && <Loading what="workers" />}
      {overview.data && <Overview overview={overview.data} />}
    </div>
  );
}

function Overview({ overview }: { overview: WorkersOverview }) {
  const hosts = new Set(overview.workers.map((worker) => worker.host)).size;
  return (
    <>
      <div className="grid-stats">
        <Stat label="Worker processes" value={overview.workers.length} hint={`on ${hosts} ${hosts === 1 ? 'host' : 'hosts'}`} />
        {QUEUE_NAMES.map((queue) => (
          <Stat
            key={queue}
            label={`${queue} per minute`}
            value={overview.jobs_per_minute[queue].toFixed(1)}
            hint={`completed, last ${overview.throughput_window_minutes} min`}
          />
        ))}
      </div>
      <Card title="Queues" flush>
        <DataTable caption="Jobs per queue and state" columns={[{ label: 'Queue' }, ...QUEUE_STATES.map((state) => ({ label: state, numeric: true }))]}>
          {QUEUE_NAMES.map((queue) => {
            const depth = overview.queues[queue];
            return (
              <tr key={queue}>
                <th scope="row">
                  {queue} <span className="muted">({QUEUE_DESCRIPTIONS[queue]})</span>
                </th>
                {QUEUE_STATES.map((state) => (
                  <td key={state} className="numeric">
                    {depth[state]}
                  </td>
                ))}
              </tr>
            );
          })}
        </DataTable>
      </Card>
      <Card title="Live workers" description="Each worker process reports itself every few seconds; one silent for 15 s is no longer listed." flush>
        {overview.workers.length === 0 ? (
          <p className="empty">No worker is running: queued jobs wait until one starts (npm run start:worker).</p>
        ) : (
          <DataTable caption="Live worker processes" columns={WORKER_COLUMNS}>
            {overview.workers.map((worker) => (
              <WorkerRow key={worker.id} worker={worker} />
            ))}
          </DataTable>
        )}
      </Card>
    </>
  );
}

function WorkerRow({ worker }: { worker: WorkerProcess }) {
  return (
    <tr>
      <td className="mono">{worker.id}</td>
      <td>
        {worker.version}
        {worker.commit && <span className="muted mono"> {worker.commit.slice(0, 8)}</span>}
      </td>
      <td>
        {worker.tensor_backend ?? 'none'}
        {worker.native_kernels && <span className="muted"> + native kernels</span>}
      </td>
      <td className="wrap">
        {worker.jobs.length === 0 ? (
          <span className="muted">idle ({worker.concurrency} at a time)</span>
        ) : (
          worker.jobs.map((job) => (
            <span key={job.job_id} className="chip" title={`since ${new Date(job.started_at).toLocaleTimeString()}`}>
              {job.queue} {shortId(job.run_id ?? job.sweep_id ?? job.job_id)}
              {job.candidate !== null && ` #${job.candidate}`}
              {job.fold !== null && ` fold ${job.fold + 1}`}
            </span>
          ))
        )}
      </td>
      <td className="numeric">{worker.cpu_percent.toFixed(0)}%</td>
      <td className="numeric">{formatBytes(worker.rss_bytes)}</td>
      <td title={new Date(worker.started_at).toLocaleString()}>{formatAge(worker.started_at)}</td>
      <td title={new Date(worker.last_seen_at).toLocaleString()}>{formatAge(worker.last_seen_at)}</td>
    </tr>
  );
}
