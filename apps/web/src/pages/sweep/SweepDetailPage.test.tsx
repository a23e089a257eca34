import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { Role, Sweep } from '../../api/types';
import { AsRole } from '../../test/access';
import { SweepDetail } from './SweepDetailPage';

// ECharts needs a real layout engine; the chart's option is tested on its own (parallelOption.test.ts).
vi.mock('../../charts/Chart', () => ({ Chart: () => null }));

const sweep = (status: Sweep['status'], eta: number | null): Sweep =>
  ({
    id: '6f1c2d0b-0000-4000-8000-0000000000a1',
    status,
    dataset: 'mnist_784',
    model_type: 'random_forest',
    project: 'default',
    created_by: { key_id: 'key-2', name: 'bob' },
    spec: { n_iter: 1, cv: 2, scoring: 'accuracy', param_distributions: {}, estimator: { type: 'random_forest', params: {} } },
    progress: { done: 1, total: 2, succeeded: 1, failed: 0, running: 1, queued: 0, cancelled: 0 },
    eta_seconds: eta,
    candidates: [],
    best: null,
    cv_results: {},
    refit_run: null,
    trials: [],
    error: null,
    created_at: '2026-12-03T14:00:00.000Z',
    started_at: '2026-12-03T14:00:01.000Z',
    finished_at: null,
  }) as unknown as Sweep;

function renderSweep(status: Sweep['status'], eta: number | null = null, role: Role = 'member') {
  render(
    <AsRole role={role}>
      <MemoryRouter>
        <SweepDetail sweep={sweep(status, eta)} live={false} onCancelled={async () => undefined} />
      </MemoryRouter>
    </AsRole>,
  );
  return {
    cancel: screen.queryByRole('button', { name: 'Cancel sweep' }),
    remove: screen.queryByRole('button', { name: 'Delete sweep' }),
    timeLeft: screen.queryByText('Time left'),
  };
}

describe('SweepDetail', () => {
  it.each(['queued', 'running'] as const)('offers Cancel and shows the time left while %s', (status) => {
    const { cancel, remove, timeLeft } = renderSweep(status, 90);
    expect(cancel).not.toBeNull();
    expect(remove).toBeNull();
    expect(timeLeft).not.toBeNull();
  });

  it('offers neither Cancel nor Delete and no time left while refitting', () => {
    expect(renderSweep('refitting')).toEqual({ cancel: null, remove: null, timeLeft: null });
  });

  it.each(['succeeded', 'failed', 'cancelled'] as const)('offers Delete and no time left once %s', (status) => {
    const { cancel, remove, timeLeft } = renderSweep(status);
    expect(cancel).toBeNull();
    expect(remove).not.toBeNull();
    expect(timeLeft).toBeNull();
  });

  it.each(['running', 'succeeded'] as const)('offers a viewer neither Cancel nor Delete while %s, and says who submitted it', (status) => {
    const { cancel, remove } = renderSweep(status, 90, 'viewer');
    expect({ cancel, remove }).toEqual({ cancel: null, remove: null });
    expect(screen.getByText('bob').getAttribute('title')).toBe('key key-2');
  });
});
