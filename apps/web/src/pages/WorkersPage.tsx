import { api } from '../api/client';
import type { QueueName, WorkersOverview } from '../api/types';
import { Card, Stat } from '../components/Card';
import { DataTable } from '../components/DataTable';
import { ErrorAlert, Loading } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { useApi } from '../hooks/useApi';
import { formatSeconds } from '../lib/format';

const REFRESH_MS = 5000;
const QUEUE_NAMES: readonly QueueName[] = ['runs', 'trials', 'sweeps'];
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
const QUEUE_DESCRIPTIONS: Record<QueueName, string> = {
  runs: 'training runs',
  trials: 'one (candidate, fold) of a sweep',
  sweeps: 'finishing a sweep',
};

/** Which workers are connected and how much work is waiting, refreshed every few seconds. */
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
  const hosts = new Set(overview.workers.map((worker) => worker.addr.slice(0, worker.addr.lastIndexOf(':')))).size;
  return (
    <>
      <div className="grid-stats">
        <Stat label="Worker connections" value={overview.workers.length} hint={`from ${hosts} ${hosts === 1 ? 'address' : 'addresses'}`} />
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
      <Card title="Connected workers" description="One row per worker connection: a process that serves several queues appears once for each." flush>
        {overview.workers.length === 0 ? (
          <p className="empty">No worker is connected: queued jobs wait until one starts (npm run start:worker).</p>
        ) : (
          <DataTable
            caption="Connected workers"
            columns={[{ label: 'Connection' }, { label: 'Queue' }, { label: 'Address' }, { label: 'Connected for', numeric: true }, { label: 'Idle for', numeric: true }]}
          >
            {overview.workers.map((worker) => (
              <tr key={`${worker.queue}-${worker.id}`}>
                <td className="mono">{worker.name ?? `client ${worker.id}`}</td>
                <td>{worker.queue}</td>
                <td className="mono">{worker.addr}</td>
                <td className="numeric">{formatSeconds(worker.age_seconds)}</td>
                <td className="numeric">{formatSeconds(worker.idle_seconds)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </>
  );
}
