/**
 * numpy's legacy `np.random.RandomState` (MT19937), draw for draw, so that a scikit-learn
 * `random_state` means the same thing here: `RandomState(42)` gives the same 32-bit words,
 * doubles, bounded integers, permutations and choices as numpy 1.24, and the algorithms
 * scikit-learn builds on it (train_test_split, the KFold shuffles, ParameterSampler) give the same
 * indices and candidates. libs/ml/fixtures/randomness holds the outputs of numpy and scikit-learn
 * this is tested against.
 *
 * Only what scikit-learn's splitters and samplers need is here. Where scikit-learn has no
 * equivalent stream to match (the forests' bootstrap and feature draws, which run in Cython on
 * their own generator, and the Adam solver's batches), libs/ml keeps the faster xoshiro128**
 * generator of `utils/random.ts`.
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const TWO_32 = 4294967296;

/** An integer seed in [0, 2**32 - 1] (`init_genrand`), an array of such words (`init_by_array`), or null for a fresh one. */
export type NumpySeed = number | readonly number[] | null | undefined;

export class NumpyRandomState {
  private readonly key = new Uint32Array(N);
  private pos = N;

  constructor(seed: NumpySeed) {
    if (seed === null || seed === undefined) {
      // numpy seeds from the OS's entropy here; any fresh words will do.
      this.initByArray(Array.from({ length: 4 }, () => Math.floor(Math.random() * TWO_32)));
    } else if (typeof seed === 'number') {
      checkWord(seed, 'seed');
      this.initGenrand(seed);
    } else {
      if (seed.length === 0) throw new RangeError('seed must be a non-empty array of 32-bit words');
      seed.forEach((word, i) => checkWord(word, `seed[${i}]`));
      this.initByArray(seed);
    }
  }

  /** The next raw 32-bit word (`mt19937_next32`). */
  nextUint32(): number {
    if (this.pos === N) this.generate();
    let y = this.key[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `random_sample()`: a double in [0, 1) from 53 bits of two words (27 high bits of the first, 26 of the second). */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `uniform(low, high)`: numpy's `low + (high - low) * random_sample()`. */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.randomSample();
  }

  /**
   * `randint(low, high)` (int64): an integer in [low, high) by masked rejection, as the legacy
   * generator draws bounded integers (not Lemire's method, which numpy's `Generator` uses). An
   * empty range (`high - low === 1`) draws nothing.
   */
  randint(low: number, high: number): number {
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || high <= low) throw new RangeError(`randint needs integers low < high, got ${low}, ${high}`);
    return low + this.masked(high - 1 - low);
  }

  /** numpy's `random_interval(max)`: an integer in [0, max] by masked rejection; what `shuffle` draws. */
  interval(max: number): number {
    return this.masked(max);
  }

  /** `shuffle(x)` in place: Fisher-Yates from the end, `j = random_interval(i)`. */
  shuffle<T extends { length: number; [i: number]: number }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.masked(i);
      const tmp = values[i];
      values[i] = values[j];
      values[j] = tmp;
    }
    return values;
  }

  /** `permutation(n)`: a shuffled `arange(n)`. */
  permutation(n: number): Int32Array {
    return this.shuffle(Int32Array.from({ length: n }, (_, i) => i));
  }

  /** `choice(n, size, replace=False)` without `p`: the head of a permutation of all `n`. */
  choiceWithoutReplacement(n: number, size: number): Int32Array {
    if (size > n) throw new RangeError(`cannot take a larger sample (${size}) than the population (${n}) without replacement`);
    return this.permutation(n).slice(0, size);
  }

  /** A value in [0, range] with `range` < 2**53: masked words, rejected until in range. */
  private masked(range: number): number {
    if (range === 0) return 0;
    if (range <= 0xffffffff) {
      const mask = (2 ** bitLength(range) - 1) >>> 0;
      let value: number;
      do value = (this.nextUint32() & mask) >>> 0;
      while (value > range);
      return value;
    }
    if (range > Number.MAX_SAFE_INTEGER) throw new RangeError(`a range of ${range} is beyond what a double holds exactly`);
    // next_uint64: the first word is the high half.
    const highMask = 2 ** bitLength(Math.floor(range / TWO_32)) - 1;
    let value: number;
    do value = (this.nextUint32() & highMask) * TWO_32 + this.nextUint32();
    while (value > range);
    return value;
  }

  /** `mt19937_seed`: Knuth's linear recurrence fills the state from one word. */
  private initGenrand(seed: number): void {
    const { key } = this;
    key[0] = seed;
    for (let i = 1; i < N; i++) {
      const previous = key[i - 1];
      key[i] = Math.imul(1812433253, previous ^ (previous >>> 30)) + i;
    }
    this.pos = N;
  }

  /** `mt19937_init_by_array`: mixes every word of the key into a state seeded with 19650218. */
  private initByArray(initKey: readonly number[]): void {
    const { key } = this;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, initKey.length); k > 0; k--) {
      const previous = key[i - 1];
      key[i] = (key[i] ^ Math.imul(previous ^ (previous >>> 30), 1664525)) + initKey[j] + j;
      i++;
      j++;
      if (i >= N) {
        key[0] = key[N - 1];
        i = 1;
      }
      if (j >= initKey.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const previous = key[i - 1];
      key[i] = (key[i] ^ Math.imul(previous ^ (previous >>> 30), 1566083941)) - i;
      i++;
      if (i >= N) {
        key[0] = key[N - 1];
        i = 1;
      }
    }
    key[0] = 0x80000000;
    this.pos = N;
  }

  /** `mt19937_gen`: the next 624 words of state. */
  private generate(): void {
    const { key } = this;
    const twist = (i: number, next: number, far: number) => {
      const y = (key[i] & UPPER_MASK) | (key[next] & LOWER_MASK);
      key[i] = key[far] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    };
    let i = 0;
    for (; i < N - M; i++) twist(i, i + 1, i + M);
    for (; i < N - 1; i++) twist(i, i + 1, i + M - N);
    twist(N - 1, 0, M - 1);
    this.pos = 0;
  }
}

/** The number of bits of a positive integer below 2**32. */
function bitLength(value: number): number {
  return 32 - Math.clz32(value);
}

function checkWord(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`${name} must be an integer in [0, 2**32 - 1], got ${value}`);
}
