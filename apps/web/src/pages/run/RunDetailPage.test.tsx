import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Run } from '../../api/types';
import { RunDetailPage } from './RunDetailPage';

const RUNNING: Run = {
  id: '6f1c2d0b-0000-4000-8000-000000000001',
  status: 'running',
  dataset: 'mnist_784',
  model_type: 'random_forest',
  sweep_id: null,
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

function renderRun(run: Run) {
  const fetch = vi.fn(async (_url: string, init?: RequestInit) =>
    init?.method === 'POST' ? new Response(JSON.stringify({ id: run.id, status: 'cancelled' })) : new Response(JSON.stringify(run)),
  );
  vi.stubGlobal('fetch', fetch);
  render(
    <MemoryRouter initialEntries={[`/runs/${run.id}`]}>
      <Routes>
        <Route path="/runs/:id" element={<RunDetailPage />} />
        <Route path="/runs" element={<p>run list</p>} />
      </Routes>
    </MemoryRouter>,
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
});
