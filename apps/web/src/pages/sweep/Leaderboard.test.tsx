import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SweepCandidate } from '../../api/types';
import { Leaderboard } from './Leaderboard';

const candidate = (index: number, f1: number, accuracy: number, rank: number): SweepCandidate => ({
  index,
  params: { C: index },
  status: 'succeeded',
  fold_scores: [f1, f1],
  mean_test_score: f1,
  std_test_score: 0,
  rank_test_score: rank,
  mean_test_scores: { f1_macro: f1, accuracy },
});

describe('Leaderboard', () => {
  it("names the refit scorer's mean and gives each other scorer a column", () => {
    render(<Leaderboard candidates={[candidate(0, 0.5, 0.9, 2), candidate(1, 0.8, 0.7, 1)]} folds={2} bestIndex={1} />);
    const headers = screen.getAllByRole('columnheader').map((header) => header.textContent);
    expect(headers.slice(0, 5)).toEqual(['Rank', 'Candidate', 'Mean f1_macro', 'Std', 'Mean accuracy']);
    const [, first] = screen.getAllByRole('row');
    expect(within(first).getAllByRole('cell').map((cell) => cell.textContent).slice(0, 4)).toEqual(['1', '0.8000', '0.0000', '0.7000']);
  });
});
