import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidParameterError } from '../base/errors';
import { kFold, stratifiedKFold, trainTestSplit, type SplitIndices } from './split';

function assertInvalid(fn: () => unknown, path: string, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => error instanceof InvalidParameterError && error.path === path && pattern.test(error.message));
}

/** train and test are disjoint and together are exactly 0..n-1. */
function assertPartition({ train, test }: SplitIndices, n: number): void {
  const all = [...train, ...test].sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: n }, (_, i) => i));
}

function classCounts(y: Int32Array, indices: Int32Array): number[] {
  const counts: number[] = [];
  for (const i of indices) counts[y[i]] = (counts[y[i]] ?? 0) + 1;
  return Array.from(counts, (count) => count ?? 0);
}

/** np.array([0]*50 + [1]*30 + [2]*13 + [3]*7) */
const imbalanced = Int32Array.from([50, 30, 13, 7].flatMap((count, label) => new Array<number>(count).fill(label)));

describe('trainTestSplit', () => {
  it('rounds the test size up as scikit-learn does', () => {
    // len(train_test_split(range(n), test_size=t)) in scikit-learn 1.2.1.
    for (const [n, testSize, nTrain, nTest] of [
      [14, 0.25, 10, 4],
      [70000, 0.2, 56000, 14000],
      [10, 0.33, 6, 4],
      [10, 3, 7, 3],
    ]) {
      const split = trainTestSplit(n, { test_size: testSize, random_state: 0 });
      assert.deepEqual([split.train.length, split.test.length], [nTrain, nTest], `n=${n}, test_size=${testSize}`);
      assertPartition(split, n);
    }
    const byDefault = trainTestSplit(new Int32Array(20));
    assert.deepEqual([byDefault.train.length, byDefault.test.length], [15, 5]);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    assert.deepEqual(trainTestSplit(50, { random_state: 3 }), trainTestSplit(50, { random_state: 3 }));
    assert.notDeepEqual(trainTestSplit(50, { random_state: 3 }).test, trainTestSplit(50, { random_state: 4 }).test);
  });

  it('rejects test sizes scikit-learn rejects', () => {
    assertInvalid(() => trainTestSplit(10, { test_size: 0 }), 'test_size', /test_size=0 should be either positive and smaller than the number of samples 10 or a float in the \(0, 1\) range/);
    assertInvalid(() => trainTestSplit(10, { test_size: 10 }), 'test_size', /smaller than the number of samples/);
    assertInvalid(() => trainTestSplit(10, { test_size: 1.5 }), 'test_size', /\(0, 1\) range/);
    assertInvalid(() => trainTestSplit(10, { test_size: Number.NaN }), 'test_size', /\(0, 1\) range/);
    assertInvalid(() => trainTestSplit(10, { test_size: 0.95 }), 'test_size', /the resulting train set will be empty/);
    assertInvalid(() => trainTestSplit(10, { random_state: -1 }), 'random_state', /an int in the range \[0, 4294967295\] or null/);
  });

  it('stratified: keeps class proportions exactly when they divide evenly (scikit-learn gives the same counts)', () => {
    // train_test_split(range(100), test_size=0.3, stratify=y): train [35, 21, 9, 5], test [15, 9, 4, 2].
    for (const seed of [0, 1, 2]) {
      const split = trainTestSplit(imbalanced, { test_size: 0.3, stratify: imbalanced, random_state: seed });
      assertPartition(split, 100);
      assert.deepEqual(classCounts(imbalanced, split.train), [35, 21, 9, 5]);
      assert.deepEqual(classCounts(imbalanced, split.test), [15, 9, 4, 2]);
    }
  });

  it('stratified: breaks ties between equal remainders at random but always fills both sizes', () => {
    const y = Int32Array.from([0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 0, 1]);
    const outcomes = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const split = trainTestSplit(y, { test_size: 0.5, stratify: y, random_state: seed });
      assertPartition(split, 14);
      const train = classCounts(y, split.train);
      // Class sizes 4, 5, 5 halved: class 0 gets exactly 2 on each side, the others 2 or 3.
      assert.equal(train[0], 2);
      assert.equal(train[1] + train[2], 5);
      outcomes.add(train.join());
    }
    assert.deepEqual([...outcomes].sort(), ['2,2,3', '2,3,2']);
  });

  it('stratified: rejects what StratifiedShuffleSplit rejects', () => {
    const y = Int32Array.from([0, 0, 1, 1, 2]);
    assertInvalid(() => trainTestSplit(y, { stratify: y, test_size: 2 }), 'stratify', /only 1 member/);
    const pairs = Int32Array.from([0, 0, 1, 1, 2, 2, 3, 3]);
    assertInvalid(() => trainTestSplit(pairs, { stratify: pairs, test_size: 3 }), 'test_size', /the test size 3 should be greater or equal to the number of classes 4/);
    assertInvalid(() => trainTestSplit(pairs, { stratify: pairs, test_size: 5 }), 'test_size', /the train size 3 should be/);
    assertInvalid(() => trainTestSplit(9, { stratify: pairs }), 'stratify', /has 8 labels for 9 samples/);
  });
});

describe('stratifiedKFold', () => {
  const y = Int32Array.from([0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 0, 1]);

  it('gives the folds scikit-learn gives', () => {
    // [test.tolist() for _, test in StratifiedKFold(n_splits=3).split(X, y)]
    assert.deepEqual(
      stratifiedKFold(y, { n_splits: 3 }).map(({ test }) => [...test]),
      [
        [0, 1, 3, 7, 8],
        [2, 4, 5, 9, 10],
        [6, 11, 12, 13],
      ],
    );
    assert.deepEqual([...stratifiedKFold(y, { n_splits: 3 })[0].train], [2, 4, 5, 6, 9, 10, 11, 12, 13]);
    // Classes in order of first appearance (2, 1, 0 here), as scikit-learn encodes them.
    const y2 = Int32Array.from([2, 2, 1, 1, 1, 0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 0]);
    assert.deepEqual(
      stratifiedKFold(y2, { n_splits: 4 }).map(({ test }) => [...test]),
      [
        [0, 1, 2, 5],
        [3, 6, 11, 12],
        [4, 7, 8, 13],
        [9, 10, 14, 15],
      ],
    );
  });

  it('with shuffle keeps each fold’s class counts, partitions the samples, and is seeded', () => {
    const plain = stratifiedKFold(y, { n_splits: 3 });
    const shuffled = stratifiedKFold(y, { n_splits: 3, shuffle: true, random_state: 7 });
    assert.deepEqual(shuffled, stratifiedKFold(y, { n_splits: 3, shuffle: true, random_state: 7 }));
    shuffled.forEach((split, k) => {
      assertPartition(split, 14);
      assert.deepEqual(classCounts(y, split.test), classCounts(y, plain[k].test));
    });
    const tests = new Set(Array.from({ length: 10 }, (_, seed) => stratifiedKFold(y, { n_splits: 3, shuffle: true, random_state: seed })[0].test.join()));
    assert.ok(tests.size > 1);
  });

  it('rejects what scikit-learn rejects and warns when a class is smaller than n_splits', async () => {
    assertInvalid(() => stratifiedKFold(y, { n_splits: 6 }), 'n_splits', /n_splits=6 cannot be greater than the number of members in each class/);
    assertInvalid(() => stratifiedKFold(y, { n_splits: 1 }), 'n_splits', /an int in the range \[2, inf\)/);
    assertInvalid(() => stratifiedKFold(y, { random_state: 1 }), 'random_state', /no effect since shuffle is false/);
    assertInvalid(() => stratifiedKFold(Int32Array.from([0, 1]), { n_splits: 3 }), 'n_splits', /greater than the number of samples: n_samples=2/);

    const warnings: string[] = [];
    const listener = (warning: Error) => warnings.push(warning.message);
    process.on('warning', listener);
    stratifiedKFold(y, { n_splits: 5 });
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', listener);
    assert.deepEqual(warnings, ['The least populated class in y has only 4 members, which is less than n_splits=5.']);
  });
});

describe('kFold', () => {
  it('gives consecutive folds, the first ones larger, as scikit-learn', () => {
    // [test.tolist() for _, test in KFold(n_splits=3).split(range(10))]
    const folds = kFold(10, { n_splits: 3 });
    assert.deepEqual(
      folds.map(({ test }) => [...test]),
      [
        [0, 1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ],
    );
    assert.deepEqual([...folds[1].train], [0, 1, 2, 3, 7, 8, 9]);
    assert.equal(kFold(10).length, 5);
  });

  it('with shuffle partitions the samples with the same fold sizes, reproducibly', () => {
    const folds = kFold(10, { n_splits: 3, shuffle: true, random_state: 0 });
    assert.deepEqual(folds, kFold(10, { n_splits: 3, shuffle: true, random_state: 0 }));
    assert.deepEqual(folds.map(({ test }) => test.length), [4, 3, 3]);
    folds.forEach((split) => assertPartition(split, 10));
    assert.deepEqual([...folds.flatMap(({ test }) => [...test])].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.ok(folds.every(({ test }) => test.every((v, i) => i === 0 || test[i - 1] < v)), 'indices within a fold are increasing');
  });
});
