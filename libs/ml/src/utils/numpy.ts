/* numpy and Python number semantics that scikit-learn's outputs depend on, bit for bit. */

/**
 * numpy's pairwise summation (`pairwise_sum` in its add loops), so that sums match scikit-learn's
 * to the last bit: a plain loop below 8 values, eight interleaved partial sums up to 128, halves
 * above. The order matters: 10 class supports of 0.1-steps summed left to right can differ from
 * numpy's `np.sum` in the last digit, which a printed report shows.
 */
export function numpySum(values: Float64Array): number {
  const n = values.length;
  if (n < 8) {
    let sum = -0;
    for (const value of values) sum += value;
    return sum;
  }
  if (n <= 128) {
    const partial = values.slice(0, 8);
    let i = 8;
    for (; i + 8 <= n; i += 8) for (let k = 0; k < 8; k++) partial[k] += values[i + k];
    // prettier-ignore
    let sum = ((partial[0] + partial[1]) + (partial[2] + partial[3])) + ((partial[4] + partial[5]) + (partial[6] + partial[7]));
    for (; i < n; i++) sum += values[i];
    return sum;
  }
  const half = Math.floor(n / 2);
  const split = half - (half % 8);
  return numpySum(values.subarray(0, split)) + numpySum(values.subarray(split));
}

/**
 * Python's `repr` of a float (what `str.format` prints for `{:>9}` of a numpy float): the shortest
 * digits that round-trip, as JavaScript's, but always with a fraction or an exponent (`40.0`) and
 * in exponent form below 1e-4 and from 1e16 on, with at least two exponent digits (`1e-05`).
 */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 16) {
    // JavaScript writes the same digits in fixed notation throughout this range.
    const fixed = String(value);
    return fixed.includes('.') ? fixed : `${fixed}.0`;
  }
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}
