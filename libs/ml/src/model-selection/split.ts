import { InvalidParameterError } from '../base/errors';
import { uniqueLabels, type Labels } from '../base/matrix';
import { boolean, int, none, validateParamValue, type ParamDefinition } from '../base/params';
import { NumpyRandomState } from '../random/numpy-random-state';

/** Sample indices of one split, as scikit-learn's `(train_index, test_index)`. */
export interface SplitIndices {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

export interface TrainTestSplitOptions {
  /** An integer is a number of test samples; a fraction in (0, 1) is rounded up to one. Default 0.25. */
  readonly test_size?: number;
  readonly random_state?: number | null;
  /** Class labels whose proportions both sides keep, as scikit-learn's `stratify=y`. */
  readonly stratify?: Labels | null;
}

export interface KFoldOptions {
  /** Default 5. */
  readonly n_splits?: number;
  /** Shuffle before splitting (KFold) or within each class (StratifiedKFold). Default false. */
  readonly shuffle?: boolean;
  /** Only allowed with `shuffle: true`, as in scikit-learn. */
  readonly random_state?: number | null;
}

/** scikit-learn's `random_state` constraint: a seed in [0, 2**32 - 1], or null for a fresh one each time. */
export const RANDOM_STATE_PARAM: ParamDefinition = {
  default: null,
  constraints: [int(0, 2 ** 32 - 1), none],
  description: 'Seed of the random number generator; null draws a fresh one.',
};
const N_SPLITS: ParamDefinition = { default: 5, constraints: [int(2)], description: 'Number of folds.' };
const SHUFFLE: ParamDefinition = { default: false, constraints: [boolean], description: 'Shuffle before splitting.' };

/**
 * scikit-learn's `train_test_split` on indices: `samples` is the number of samples or the labels
 * (only their count is used; pass them as `stratify` to stratify). Without `stratify` this is
 * `ShuffleSplit`'s single split: the test set is the head of a random permutation, the training set
 * the rest. With it, `StratifiedShuffleSplit`'s.
 */
export function trainTestSplit(samples: number | Labels, options: TrainTestSplitOptions = {}): SplitIndices {
  const nSamples = typeof samples === 'number' ? samples : samples.length;
  const { test_size = 0.25, random_state = null, stratify = null } = options;
  validateParamValue('random_state', RANDOM_STATE_PARAM, random_state);
  const [nTrain, nTest] = validateShuffleSplit(nSamples, test_size);
  const rng = new NumpyRandomState(random_state);
  if (stratify === null) {
    const permutation = rng.permutation(nSamples);
    return { train: permutation.slice(nTest, nTest + nTrain), test: permutation.slice(0, nTest) };
  }
  if (stratify.length !== nSamples) {
    throw new InvalidParameterError('stratify', `has ${stratify.length} labels for ${nSamples} samples`);
  }
  return stratifiedShuffleSplit(stratify, nTrain, nTest, rng);
}

/** scikit-learn's `_validate_shuffle_split`: `[n_train, n_test]`, the test size rounded up. */
export function validateShuffleSplit(nSamples: number, testSize: number): [number, number] {
  if (!Number.isInteger(nSamples) || nSamples < 0) throw new RangeError(`the number of samples must be a non-negative integer, got ${nSamples}`);
  const isCount = Number.isInteger(testSize);
  if (isCount ? testSize <= 0 || testSize >= nSamples : !(testSize > 0 && testSize < 1)) {
    throw new InvalidParameterError(
      'test_size',
      `test_size=${testSize} should be either positive and smaller than the number of samples ${nSamples} or a float in the (0, 1) range`,
    );
  }
  const nTest = isCount ? testSize : Math.ceil(testSize * nSamples);
  const nTrain = nSamples - nTest;
  if (nTrain === 0) {
    throw new InvalidParameterError('test_size', `with n_samples=${nSamples} and test_size=${testSize}, the resulting train set will be empty`);
  }
  return [nTrain, nTest];
}

/**
 * One split of scikit-learn's `StratifiedShuffleSplit`: each class gives the training and the test
 * set its share of their sizes (`approximateMode`), drawn from a permutation of its members.
 */
function stratifiedShuffleSplit(y: Labels, nTrain: number, nTest: number, rng: NumpyRandomState): SplitIndices {
  const members = membersByClass(y);
  const classCounts = Int32Array.from(members, (indices) => indices.length);
  if (Math.min(...classCounts) < 2) {
    throw new InvalidParameterError(
      'stratify',
      'the least populated class in y has only 1 member, which is too few; the minimum number of members of any class cannot be less than 2',
    );
  }
  const nClasses = members.length;
  if (nTrain < nClasses) {
    throw new InvalidParameterError('test_size', `the train size ${nTrain} should be greater or equal to the number of classes ${nClasses}`);
  }
  if (nTest < nClasses) {
    throw new InvalidParameterError('test_size', `the test size ${nTest} should be greater or equal to the number of classes ${nClasses}`);
  }
  const trainPerClass = approximateMode(classCounts, nTrain, rng);
  const testPerClass = approximateMode(
    classCounts.map((count, k) => count - trainPerClass[k]),
    nTest,
    rng,
  );
  const train = new Int32Array(nTrain);
  const test = new Int32Array(nTest);
  let trainEnd = 0;
  let testEnd = 0;
  members.forEach((indices, k) => {
    // scikit-learn takes each class's members in the order of `rng.permutation(class_count)`.
    const shuffled = rng.shuffle(indices.slice());
    train.set(shuffled.subarray(0, trainPerClass[k]), trainEnd);
    test.set(shuffled.subarray(trainPerClass[k], trainPerClass[k] + testPerClass[k]), testEnd);
    trainEnd += trainPerClass[k];
    testEnd += testPerClass[k];
  });
  return { train: rng.shuffle(train), test: rng.shuffle(test) };
}

/** For each sorted class label, the indices of its samples in increasing order. */
function membersByClass(y: Labels): Int32Array[] {
  const classes = uniqueLabels(y);
  const classIndex = new Map(Array.from(classes, (label, k) => [label, k]));
  const counts = new Int32Array(classes.length);
  for (const label of y) counts[classIndex.get(label) as number]++;
  const members = Array.from(counts, (count) => new Int32Array(count));
  const filled = new Int32Array(classes.length);
  y.forEach((label, i) => {
    const k = classIndex.get(label) as number;
    members[k][filled[k]++] = i;
  });
  return members;
}

/**
 * scikit-learn's `_approximate_mode`: how many of `nDraws` draws without replacement fall in each
 * class, taking the floor of each expected count and giving the draws left over to the largest
 * remainders, ties broken at random (`rng.choice(tied, add_now, replace=False)`, which draws even
 * when it takes them all). The counts sum to exactly `nDraws`.
 */
function approximateMode(classCounts: Int32Array, nDraws: number, rng: NumpyRandomState): Int32Array {
  const total = classCounts.reduce((sum, count) => sum + count, 0);
  const continuous = Array.from(classCounts, (count) => (count / total) * nDraws);
  const floored = Int32Array.from(continuous, Math.floor);
  let needToAdd = nDraws - floored.reduce((sum, count) => sum + count, 0);
  const remainders = continuous.map((value, k) => value - floored[k]);
  const distinctRemainders = [...new Set(remainders)].sort((a, b) => b - a);
  for (const remainder of distinctRemainders) {
    if (needToAdd === 0) break;
    const tied = Int32Array.from(remainders.flatMap((value, k) => (value === remainder ? [k] : [])));
    const addNow = Math.min(tied.length, needToAdd);
    for (const position of rng.choiceWithoutReplacement(tied.length, addNow)) floored[tied[position]]++;
    needToAdd -= addNow;
  }
  return floored;
}

/**
 * scikit-learn's `KFold`: consecutive folds (of the shuffled indices with `shuffle: true`), the
 * first `n % n_splits` one sample larger. Each split's indices are in increasing order.
 */
export function kFold(nSamples: number, options: KFoldOptions = {}): SplitIndices[] {
  const { nSplits, rng } = validateKFold(options, nSamples);
  const order = rng ? rng.permutation(nSamples) : Int32Array.from({ length: nSamples }, (_, i) => i);
  const testFold = new Int32Array(nSamples);
  let start = 0;
  for (let fold = 0; fold < nSplits; fold++) {
    const size = Math.floor(nSamples / nSplits) + (fold < nSamples % nSplits ? 1 : 0);
    for (let i = start; i < start + size; i++) testFold[order[i]] = fold;
    start += size;
  }
  return foldsFromAssignment(testFold, nSplits);
}

/**
 * scikit-learn's `StratifiedKFold`. Classes are taken in order of first appearance; the samples
 * sorted by class are dealt round-robin to the folds to decide how many of each class every fold
 * gets, and each class then fills the folds in blocks, in sample order (fold 0 first), so that
 * neighbouring samples stay together. `shuffle` shuffles each class's block assignment.
 */
export function stratifiedKFold(y: Labels, options: KFoldOptions = {}): SplitIndices[] {
  const { nSplits, rng } = validateKFold(options, y.length);
  const codeOf = new Map<number, number>();
  const encoded = Int32Array.from(y, (label) => {
    if (!codeOf.has(label)) codeOf.set(label, codeOf.size);
    return codeOf.get(label) as number;
  });
  const counts = new Int32Array(codeOf.size);
  for (const code of encoded) counts[code]++;
  if (counts.every((count) => nSplits > count)) {
    throw new InvalidParameterError('n_splits', `n_splits=${nSplits} cannot be greater than the number of members in each class`);
  }
  const fewest = Math.min(...counts);
  if (nSplits > fewest) {
    process.emitWarning(`The least populated class in y has only ${fewest} members, which is less than n_splits=${nSplits}.`, 'UserWarning');
  }
  let offset = 0;
  const foldsForClass = Array.from(counts, (count) => {
    // Position p of y sorted by class goes to fold p % n_splits.
    const perFold = new Int32Array(nSplits);
    for (let p = offset; p < offset + count; p++) perFold[p % nSplits]++;
    offset += count;
    const folds = new Int32Array(count);
    let end = 0;
    perFold.forEach((n, fold) => {
      folds.fill(fold, end, end + n);
      end += n;
    });
    return rng ? rng.shuffle(folds) : folds;
  });
  const taken = new Int32Array(counts.length);
  const testFold = Int32Array.from(encoded, (code) => foldsForClass[code][taken[code]++]);
  return foldsFromAssignment(testFold, nSplits);
}

function validateKFold(options: KFoldOptions, nSamples: number): { nSplits: number; rng: NumpyRandomState | null } {
  const { n_splits = 5, shuffle = false, random_state = null } = options;
  validateParamValue('n_splits', N_SPLITS, n_splits);
  validateParamValue('shuffle', SHUFFLE, shuffle);
  validateParamValue('random_state', RANDOM_STATE_PARAM, random_state);
  if (!shuffle && random_state !== null) {
    throw new InvalidParameterError('random_state', 'setting a random_state has no effect since shuffle is false; leave it null or set shuffle to true');
  }
  if (n_splits > nSamples) {
    throw new InvalidParameterError('n_splits', `cannot have number of splits n_splits=${n_splits} greater than the number of samples: n_samples=${nSamples}`);
  }
  return { nSplits: n_splits, rng: shuffle ? new NumpyRandomState(random_state) : null };
}

/** The splits given each sample's test fold: fold k tests its samples and trains on all others. */
function foldsFromAssignment(testFold: Int32Array, nSplits: number): SplitIndices[] {
  const sizes = new Int32Array(nSplits);
  for (const fold of testFold) sizes[fold]++;
  return Array.from(sizes, (size, fold) => {
    const train = new Int32Array(testFold.length - size);
    const test = new Int32Array(size);
    let nTrain = 0;
    let nTest = 0;
    testFold.forEach((assigned, i) => {
      if (assigned === fold) test[nTest++] = i;
      else train[nTrain++] = i;
    });
    return { train, test };
  });
}
