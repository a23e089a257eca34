import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Json, SweepCandidate, SweepTrial } from '../../api/types';
import { Leaderboard } from './Leaderboard';

const candidate = (index: number, f1: number | null, accuracy: number | null, rank: number, params: { [name: string]: Json } = { C: index }): SweepCandidate => ({
  index,
  params,
  status: f1 === null ? 'failed' : 'succeeded',
  fold_scores: [f1, f1],
  mean_test_score: f1,
  std_test_score: f1 === null ? null : 0,
  rank_test_score: rank,
  mean_test_scores: { f1_macro: f1, accuracy },
});

const trial = (candidateIndex: number, fold: number, fitSeconds: number | null, worker: string | null): SweepTrial => ({
  candidate: candidateIndex,
  fold,
  status: 'succeeded',
  test_score: 0.5,
  fit_seconds: fitSeconds,
  worker_id: worker,
  error: null,
});

const headerNames = () => screen.getAllByRole('columnheader').map((header) => header.textContent?.replace(/[↕↑↓].*$/, ''));
const column = (index: number) => screen.getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell')[index].textContent);
const candidateOrder = () => screen.getAllByRole('row').slice(1).map((row) => within(row).getByRole('rowheader').textContent);
const sortBy = (name: RegExp) => fireEvent.click(screen.getByRole('button', { name }));

describe('Leaderboard', () => {
  it("names the refit scorer's mean, gives each other scorer, fit time, workers and each parameter a column", () => {
    render(<Leaderboard candidates={[candidate(0, 0.5, 0.9, 2), candidate(1, 0.8, 0.7, 1)]} trials={[]} folds={2} bestIndex={1} />);
    expect(headerNames()).toEqual(['Rank', 'Candidate', 'Mean f1_macro', 'Std', 'Mean accuracy', 'Fold 1', 'Fold 2', 'Fit time', 'Workers', 'C', 'Status']);
    const [, first] = screen.getAllByRole('row');
    expect(within(first).getAllByRole('cell').map((cell) => cell.textContent).slice(0, 4)).toEqual(['1', '0.8000', '0.0000', '0.7000']);
  });

  it('shows no rank for unscored and cancelled candidates, and lists them last', () => {
    // scikit-learn ranks every unscored candidate level after the scored ones, and all of them 1 when none is scored.
    const cancelled: SweepCandidate = { ...candidate(2, null, null, 1), status: 'cancelled' };
    render(<Leaderboard candidates={[candidate(0, null, null, 1), candidate(1, 0.6, 0.6, 1), cancelled]} trials={[]} folds={2} bestIndex={1} />);
    expect(candidateOrder()).toEqual(['#1 (best)', '#0', '#2']);
    expect(column(0)).toEqual(['1', '—', '—']);
    sortBy(/^Rank/);
    expect(candidateOrder()).toEqual(['#1 (best)', '#0', '#2']);
  });

  it('sorts by mean fit time of its trials, by its workers and by a parameter, toggling the order on a second click', () => {
    const candidates = [candidate(0, 0.9, 0.9, 1, { max_depth: 10 }), candidate(1, 0.7, 0.7, 3, { max_depth: null }), candidate(2, 0.8, 0.8, 2, { max_depth: 3 })];
    const trials = [trial(0, 0, 4, 'w-b'), trial(0, 1, 6, 'w-a'), trial(1, 0, 1, 'w-c'), trial(1, 1, null, null), trial(2, 0, 2, 'w-a'), trial(2, 1, 2, 'w-a')];
    render(<Leaderboard candidates={candidates} trials={trials} folds={2} bestIndex={0} />);
    expect(column(6)).toEqual(['5.0 s', '2.0 s', '1.0 s']);
    expect(column(7)).toEqual(['w-a, w-b', 'w-a', 'w-c']);

    sortBy(/^Fit time/);
    expect(candidateOrder()).toEqual(['#1', '#2', '#0 (best)']);
    expect(screen.getByRole('columnheader', { name: /Fit time/ }).getAttribute('aria-sort')).toBe('ascending');
    sortBy(/^Fit time/);
    expect(candidateOrder()).toEqual(['#0 (best)', '#2', '#1']);
    expect(screen.getByRole('columnheader', { name: /Fit time/ }).getAttribute('aria-sort')).toBe('descending');

    sortBy(/^Workers/);
    expect(candidateOrder()).toEqual(['#2', '#0 (best)', '#1']);

    sortBy(/^max_depth/);
    expect(candidateOrder()).toEqual(['#2', '#0 (best)', '#1']);
    expect(column(8)).toEqual(['3', '10', 'None']);

    sortBy(/^Mean f1_macro/);
    expect(candidateOrder()).toEqual(['#0 (best)', '#2', '#1']);
    sortBy(/^Std/);
    sortBy(/^Rank/);
    expect(column(0)).toEqual(['1', '2', '3']);
  });
});
