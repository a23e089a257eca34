/**
 * Seeded pseudo-random numbers (xoshiro128**): every source of randomness in libs/ml takes a
 * `random_state`, so a seed reproduces a result bit for bit on any machine.
 *
 * This generator serves only where scikit-learn has no stream to match: the forests' bootstrap and
 * feature draws, the Adam solver's batches, augmentation and test data. Splits, fold shuffles and
 * search candidates draw from numpy's MT19937 (random/numpy-random-state.ts), so that their
 * `random_state` gives scikit-learn's indices and candidates.
 */
export class RandomState {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number | null | undefined) {
    let x = (seed ?? Math.floor(Math.random() * 0x7fffffff)) >>> 0;
    // splitmix32 spreads a small seed over the whole 128-bit state.
    const next = () => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float in [0, 1). */
  random(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [low, high). */
  randint(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low));
  }

  /** A new seed drawn from this stream, for handing to a child estimator or a thread. */
  spawnSeed(): number {
    return this.nextUint32() & 0x7fffffff;
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: number }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      const tmp = values[i];
      values[i] = values[j];
      values[j] = tmp;
    }
    return values;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  /** Standard normal deviate (Box-Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random());
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
