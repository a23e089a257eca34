import { render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { WorkersOverview } from '../api/types';
import { WorkersPage } from './WorkersPage';

const depths = (waiting: number) => ({ waiting, prioritized: 0, active: 1, delayed: 0, completed: 7, failed: 0 });
const OVERVIEW: WorkersOverview = {
  workers: [
    {
      id: 'build-host:4242',
      host: 'build-host',
      pid: 4242,
      version: '0.1.0',
      commit: '34083affabad',
      tensor_backend: 'tensorflow',
      native_kernels: true,
      concurrency: 1,
      jobs: [{ queue: 'trials', job_id: 'trial-s1-3-1', run_id: null, sweep_id: '0b6f1c2d-aaaa', candidate: 3, fold: 1, started_at: '2026-12-03T13:54:28.686Z' }],
      started_at: '2026-12-03T13:50:00.000Z',
      last_seen_at: '2026-12-03T13:54:35.486Z',
      cpu_percent: 52.8,
      rss_bytes: 193712128,
    },
  ],
  queues: { runs: depths(2), trials: depths(5), sweeps: depths(0) },
  jobs_per_minute: { runs: 0.5, trials: 12, sweeps: 0 },
  throughput_window_minutes: 5,
};

describe('WorkersPage', () => {
  it('shows each live worker process with what it works on, and the queue depths per state', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(OVERVIEW), { status: 200 })));
    render(<WorkersPage />);
    const workers = await screen.findByRole('table', { name: 'Live worker processes' });
    const row = within(workers).getAllByRole('row')[1];
    expect(row.textContent).toContain('build-host:4242');
    expect(row.textContent).toContain('tensorflow + native kernels');
    expect(row.textContent).toContain('trials 0b6f1c2d #3 fold 2');
    expect(row.textContent).toContain('53%');
    const queues = screen.getByRole('table', { name: 'Jobs per queue and state' });
    expect(within(queues).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['Queue', 'waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed']);
    expect(within(queues).getAllByRole('row')[2].textContent).toContain('5');
  });
});
