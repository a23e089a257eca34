import type { NumpyRandomState } from './numpy-random-state';

/**
 * scikit-learn's `sample_without_replacement(n_population, n_samples, method="auto")`:
 * `n_samples` distinct integers of [0, n_population), in the order scikit-learn returns them.
 * "auto" picks by the sampled fraction: strictly between 1% and 99%, the head of a permutation;
 * below 20% otherwise, tracking selection (draw, redraw while already taken); else reservoir
 * sampling, which returns 0..n-1 unshuffled when it takes the whole population.
 */
export function sampleWithoutReplacement(nPopulation: number, nSamples: number, rng: NumpyRandomState): Int32Array {
  if (!Number.isInteger(nPopulation) || nPopulation < 0) throw new RangeError(`n_population must be a non-negative integer, got ${nPopulation}`);
  if (!Number.isInteger(nSamples) || nSamples < 0 || nSamples > nPopulation) {
    throw new RangeError(`n_population should be greater or equal than n_samples, got n_samples > n_population (${nSamples} > ${nPopulation})`);
  }
  const ratio = nPopulation === 0 ? 1 : nSamples / nPopulation;
  if (ratio > 0.01 && ratio < 0.99) return rng.permutation(nPopulation).slice(0, nSamples);
  return ratio < 0.2 ? trackingSelection(nPopulation, nSamples, rng) : reservoirSampling(nPopulation, nSamples, rng);
}

function trackingSelection(nPopulation: number, nSamples: number, rng: NumpyRandomState): Int32Array {
  const selected = new Set<number>();
  const out = new Int32Array(nSamples);
  for (let i = 0; i < nSamples; i++) {
    let j = rng.randint(0, nPopulation);
    while (selected.has(j)) j = rng.randint(0, nPopulation);
    selected.add(j);
    out[i] = j;
  }
  return out;
}

function reservoirSampling(nPopulation: number, nSamples: number, rng: NumpyRandomState): Int32Array {
  const out = Int32Array.from({ length: nSamples }, (_, i) => i);
  for (let i = nSamples; i < nPopulation; i++) {
    const j = rng.randint(0, i + 1);
    if (j < nSamples) out[j] = i;
  }
  return out;
}
