import type { LabelledDataset } from './dataset-file';

export interface ClassCount {
  readonly label: number;
  readonly count: number;
}

/** The notebook's "explore the data" numbers: pandas' `describe()` over every feature at once, and `isnull().sum()`. */
export interface DatasetSummary {
  readonly n_samples: number;
  readonly n_features: number;
  readonly image_shape: readonly number[] | null;
  /** Each label and how many samples carry it, by label. */
  readonly classes: readonly ClassCount[];
  /** Over every non-NaN feature value; null when there is none. */
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  readonly nan_count: number;
}

export function describeDataset(dataset: LabelledDataset): DatasetSummary {
  const { data } = dataset.X;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let nanCount = 0;
  for (let i = 0; i < data.length; i++) {
    const value = data[i];
    if (Number.isNaN(value)) {
      nanCount++;
      continue;
    }
    if (value < min) min = value;
    if (value > max) max = value;
    sum += value;
  }
  const counted = data.length - nanCount;
  const counts = new Map<number, number>();
  for (const label of dataset.y) counts.set(label, (counts.get(label) ?? 0) + 1);
  return {
    n_samples: dataset.X.rows,
    n_features: dataset.X.cols,
    image_shape: dataset.imageShape,
    classes: [...counts].sort(([a], [b]) => a - b).map(([label, count]) => ({ label, count })),
    min: counted > 0 ? min : null,
    max: counted > 0 ? max : null,
    mean: counted > 0 ? sum / counted : null,
    nan_count: nanCount,
  };
}
