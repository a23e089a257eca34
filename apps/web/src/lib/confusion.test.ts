import { describe, expect, it } from 'vitest';
import { confusionView } from './confusion';

// Rows are true labels, columns predictions: 3 + 1 samples of class 0, 2 + 2 of class 1.
const COUNTS = [
  [3, 1],
  [2, 2],
];

describe('confusionView', () => {
  it('shows the raw counts', () => {
    expect(confusionView(COUNTS, 'none', false)).toEqual(COUNTS);
  });

  it("normalises as scikit-learn's normalize='true' | 'pred' | 'all'", () => {
    expect(confusionView(COUNTS, 'true', false)).toEqual([
      [0.75, 0.25],
      [0.5, 0.5],
    ]);
    expect(confusionView(COUNTS, 'pred', false)).toEqual([
      [0.6, 1 / 3],
      [0.4, 2 / 3],
    ]);
    expect(confusionView(COUNTS, 'all', false)).toEqual([
      [0.375, 0.125],
      [0.25, 0.25],
    ]);
  });

  it('zeroes the diagonal for the errors-only view before normalising, so rows show where errors go', () => {
    expect(confusionView(COUNTS, 'none', true)).toEqual([
      [0, 1],
      [2, 0],
    ]);
    expect(confusionView(COUNTS, 'true', true)).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('leaves an empty row or column at zero instead of dividing by zero', () => {
    expect(confusionView([[0, 0], [0, 5]], 'true', false)).toEqual([[0, 0], [0, 1]]);
    expect(confusionView([[0, 0], [0, 5]], 'pred', false)).toEqual([[0, 0], [0, 1]]);
    expect(confusionView([], 'all', true)).toEqual([]);
  });
});
