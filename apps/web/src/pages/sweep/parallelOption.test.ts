import { describe, expect, it } from 'vitest';
import type { Json, SweepCandidate } from '../../api/types';
import { parallelOption, SCORE_AXIS_NAME, sideMargin } from './parallelOption';

const candidate = (index: number, params: { [name: string]: Json }, score: number): SweepCandidate => ({
  index,
  params,
  status: 'succeeded',
  fold_scores: [score],
  mean_test_score: score,
  std_test_score: 0,
  rank_test_score: 1,
});

interface Axis {
  name: string;
  type: string;
  data?: string[];
}

const axes = (candidates: SweepCandidate[]) => (parallelOption(candidates) as { parallelAxis: Axis[] }).parallelAxis;
const rows = (candidates: SweepCandidate[]) => (parallelOption(candidates) as { series: { data: unknown[][] }[] }).series[0].data;

describe('parallelOption', () => {
  const sweep = [
    candidate(0, { model__max_depth: 10, model__criterion: 'gini' }, 0.8),
    candidate(1, { model__max_depth: null, model__criterion: 'entropy' }, 0.9),
    candidate(2, { model__max_depth: 3, model__criterion: 'gini' }, 0.7),
  ];

  it('leaves room beside the grid for the whole of the first and the last axis name', () => {
    const { parallel } = parallelOption(sweep) as { parallel: { left: number; right: number } };
    // Names are centred over the axis: half of an 11 px name (at most ~7 px a character) lies outside the grid.
    expect(parallel.left).toBeGreaterThanOrEqual(('model__max_depth'.length * 7) / 2);
    expect(parallel.right).toBeGreaterThanOrEqual((SCORE_AXIS_NAME.length * 7) / 2);
    expect(parallel.left).toBe(sideMargin('model__max_depth'));
    expect(sideMargin('C')).toBe(48);
  });

  it('draws None as its own category, first, never as a number', () => {
    const [depth, criterion, score] = axes(sweep);
    expect(depth).toMatchObject({ name: 'model__max_depth', type: 'category', data: ['None', '3', '10'] });
    expect(criterion).toMatchObject({ type: 'category', data: ['entropy', 'gini'] });
    expect(score).toMatchObject({ name: SCORE_AXIS_NAME, type: 'value' });
    expect(rows(sweep).map((row) => row[0])).toEqual(['10', 'None', '3']);
  });

  it('keeps a value axis (logarithmic over two orders of magnitude) for a parameter that is always a number', () => {
    const numeric = [candidate(0, { C: 0.01 }, 0.6), candidate(1, { C: 10 }, 0.9)];
    expect(axes(numeric)[0]).toMatchObject({ name: 'C', type: 'log' });
    expect(rows(numeric)).toEqual([
      [0.01, 0.6],
      [10, 0.9],
    ]);
  });
});
