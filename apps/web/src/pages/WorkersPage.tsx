import { api } from '../api/client';
import type { QueueName, WorkersOverview } from '../api/types';
import { Card, Stat } from '../components/Card';
import { ErrorAlert, Loading } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { useApi } from '../hooks/useApi';
import { formatSeconds } from '../lib/format';

const REFRESH_MS = 5000;
const QUEUE_NAMES: readonly QueueName[] = ['runs', 'trials', 'sweeps'];
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
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">Jobs per queue and state</caption>
            <thead>
              <tr>
                <th scope="col">Queue</th>
                {(['waiting', 'active', 'delayed', 'completed', 'failed'] as const).map((state) => (
                  <th key={state} scope="col" className="numeric">
                    {state}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {QUEUE_NAMES.map((queue) => {
                const depth = overview.queues[queue];
                return (
                  <tr key={queue}>
                    <th scope="row">
                      {queue} <span className="muted">({QUEUE_DESCRIPTIONS[queue]})</span>
                    </th>
                    <td className="numeric">{depth.waiting}</td>
                    <td className="numeric">{depth.active}</td>
                    <td className="numeric">{depth.delayed}</td>
                    <td className="numeric">{depth.completed}</td>
                    <td className="numeric">{depth.failed}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Card>
      <Card title="Connected workers" description="One row per worker connection: a process that serves several queues appears once for each." flush>
        {overview.workers.length === 0 ? (
          <p className="empty">No worker is connected: queued jobs wait until one starts (npm run start:worker).</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">Connected workers</caption>
              <thead>
                <tr>
                  <th scope="col">Connection</th>
                  <th scope="col">Queue</th>
                  <th scope="col">Address</th>
                  <th scope="col" className="numeric">
                    Connected for
                  </th>
                  <th scope="col" className="numeric">
                    Idle for
                  </th>
                </tr>
              </thead>
              <tbody>
                {overview.workers.map((worker) => (
                  <tr key={`${worker.queue}-${worker.id}`}>
                    <td className="mono">{worker.name ?? `client ${worker.id}`}</td>
                    <td>{worker.queue}</td>
                    <td className="mono">{worker.addr}</td>
                    <td className="numeric">{formatSeconds(worker.age_seconds)}</td>
                    <td className="numeric">{formatSeconds(worker.idle_seconds)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
