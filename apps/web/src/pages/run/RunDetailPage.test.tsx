import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role, Run } from '../../api/types';
import { AsRole } from '../../test/access';
import { RunDetailPage } from './RunDetailPage';

const RUNNING: Run = {
  id: '6f1c2d0b-0000-4000-8000-000000000001',
  name: null,
  tags: {},
  notes: null,
  status: 'running',
  dataset: 'mnist_784',
  model_type: 'random_forest',
  sweep_id: null,
  project: 'default',
  created_by: { key_id: 'key-2', name: 'bob' },
  spec: { dataset: 'mnist_784', n_samples: null, split: { test_size: 0.2, random_state: 42, stratify: false }, estimator: { type: 'random_forest', params: {} } },
  tensor_backend: null,
  seeds: { split_random_state: 42, estimator_random_state: 0 },
  timings: {
    queued_at: '2026-12-03T14:00:00.000Z',
    started_at: '2026-12-03T14:00:02.000Z',
    finished_at: null,
    queue_wait_seconds: 2,
    load_seconds: null,
    fit_seconds: null,
    evaluate_seconds: null,
    predict_seconds: null,
    save_seconds: null,
  },
  progress: { stage: 'fit', unit: 'trees', done: 120, total: 300, loss: null, updated_at: '2026-12-03T14:01:00.000Z', elapsed_seconds: 65, eta_seconds: 40 },
  attempts: 1,
  worker_id: 'host:1',
  fit_info: null,
  error: null,
  metrics: null,
  model: null,
};

function renderRun(run: Run, role: Role = 'member') {
  const fetch = vi.fn(async (_url: string, init?: RequestInit) =>
    init?.method === 'POST' ? new Response(JSON.stringify({ id: run.id, status: 'cancelled' })) : new Response(JSON.stringify(run)),
  );
  vi.stubGlobal('fetch', fetch);
  render(
    <AsRole role={role}>
      <MemoryRouter initialEntries={[`/runs/${run.id}`]}>
        <Routes>
          <Route path="/runs/:id" element={<RunDetailPage />} />
          <Route path="/runs" element={<p>run list</p>} />
        </Routes>
      </MemoryRouter>
    </AsRole>,
  );
  return fetch;
}

describe('RunDetailPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows a running run's stage, trees built, elapsed time and ETA, and cancels it", async () => {
    const fetch = renderRun(RUNNING);
    expect((await screen.findByLabelText('progress')).textContent).toBe(': fitting, 120 of 300 trees, 1 min 5 s elapsed, about 40.0 s left');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel run' }));
    await waitFor(() => expect(fetch).toHaveBeenCalledWith(`/runs/${RUNNING.id}/cancel`, expect.objectContaining({ method: 'POST' })));
    expect(screen.queryByRole('button', { name: 'Delete run' })).toBeNull();
  });

  it('deletes a finished run after asking, and goes back to the list', async () => {
    vi.stubGlobal('confirm', () => true);
    const fetch = renderRun({ ...RUNNING, status: 'cancelled', progress: null });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete run' }));
    await screen.findByText('run list');
    expect(fetch).toHaveBeenCalledWith(`/runs/${RUNNING.id}`, expect.objectContaining({ method: 'DELETE' }));
  });

  it('shows who submitted the run, and offers a viewer neither Cancel, Delete nor the playground, but the download', async () => {
    const model = { id: 'model-1', sha256: 'ab'.repeat(32), size_bytes: 2048 } as Run['model'];
    for (const run of [RUNNING, { ...RUNNING, status: 'succeeded' as const, progress: null, model }]) {
      renderRun(run, 'viewer');
      expect((await screen.findByText('bob')).getAttribute('title')).toBe('key key-2');
      expect(screen.queryByRole('button', { name: /Cancel run|Delete run/ })).toBeNull();
      expect(screen.queryByRole('link', { name: 'Draw a digit' })).toBeNull();
      cleanup();
    }
    renderRun({ ...RUNNING, status: 'succeeded', progress: null, model }, 'viewer');
    expect(await screen.findByRole('button', { name: 'Download model (2.0 KB)' })).toBeTruthy();
  });
});
