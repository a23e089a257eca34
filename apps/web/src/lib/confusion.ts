/** How a confusion matrix is shown: scikit-learn's `normalize` and the notebook's errors-only view. */
export type Normalization = 'none' | 'true' | 'pred' | 'all';

/**
 * The matrix to draw from raw counts (rows = true labels, columns = predictions). `errorsOnly`
 * zeroes the diagonal first (the notebook's `sample_weight = (y_pred != y_true)`), so that
 * normalising by row shows where each class's errors go.
 */
export function confusionView(counts: readonly (readonly number[])[], normalize: Normalization, errorsOnly: boolean): number[][] {
  const matrix = counts.map((row, i) => row.map((value, j) => (errorsOnly && i === j ? 0 : value)));
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const divide = (value: number, total: number) => (total > 0 ? value / total : 0);
  switch (normalize) {
    case 'none':
      return matrix;
    case 'true':
      return matrix.map((row) => row.map((value) => divide(value, sum(row))));
    case 'pred': {
      const columns = matrix[0]?.map((_, j) => sum(matrix.map((row) => row[j] ?? 0))) ?? [];
      return matrix.map((row) => row.map((value, j) => divide(value, columns[j] ?? 0)));
    }
    case 'all': {
      const total = sum(matrix.map(sum));
      return matrix.map((row) => row.map((value) => divide(value, total)));
    }
  }
}
