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

/** numpy's `Tag::less` for floats: nan sorts after every number (and ties with nan). */
const floatLess = (a: number, b: number) => a < b || (b !== b && a === a);

/**
 * `np.argsort(values)` with its default `kind="quicksort"`, as numpy 1.24 runs it for float64
 * (`aquicksort_`: introsort with median-of-three pivots, insertion sort below 16 elements,
 * heapsort past 2 log2(n) levels). Not stable: which of equal values comes first is whatever
 * this exact algorithm gives, and scikit-learn's choices among tied scores depend on it.
 */
export function numpyArgsort(values: ArrayLike<number>): Int32Array {
  const v = values;
  const order = Int32Array.from({ length: values.length }, (_, i) => i);
  const swap = (i: number, j: number) => {
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  };
  const stack: number[] = [];
  const depths: number[] = [];
  let pl = 0;
  let pr = values.length - 1;
  // npy_get_msb(n) * 2: the index of n's highest set bit, twice.
  let depth = 2 * (31 - Math.clz32(Math.max(values.length, 1)));
  for (;;) {
    if (depth < 0) {
      heapArgsort(v, order, pl, pr - pl + 1);
    } else {
      while (pr - pl > 15) {
        const pm = pl + ((pr - pl) >> 1);
        if (floatLess(v[order[pm]], v[order[pl]])) swap(pm, pl);
        if (floatLess(v[order[pr]], v[order[pm]])) swap(pr, pm);
        if (floatLess(v[order[pm]], v[order[pl]])) swap(pm, pl);
        const pivot = v[order[pm]];
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do pi++;
          while (floatLess(v[order[pi]], pivot));
          do pj--;
          while (floatLess(pivot, v[order[pj]]));
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        // The larger part waits on the stack; the loop goes on with the smaller one.
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--depth);
      }
      for (let pi = pl + 1; pi <= pr; pi++) {
        const vi = order[pi];
        const value = v[vi];
        let pj = pi;
        while (pj > pl && floatLess(value, v[order[pj - 1]])) {
          order[pj] = order[pj - 1];
          pj--;
        }
        order[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop() as number;
    pl = stack.pop() as number;
    depth = depths.pop() as number;
  }
  return order;
}

/** numpy's `aheapsort_` on `order[start, start + n)`. */
function heapArgsort(v: ArrayLike<number>, order: Int32Array, start: number, n: number): void {
  // Heap positions count from 1, as numpy's `a = tosort - 1`.
  const at = (i: number) => start + i - 1;
  const sift = (top: number, tmp: number, size: number) => {
    let i = top;
    for (let j = top << 1; j <= size; ) {
      if (j < size && floatLess(v[order[at(j)]], v[order[at(j + 1)]])) j++;
      if (!floatLess(v[tmp], v[order[at(j)]])) break;
      order[at(i)] = order[at(j)];
      i = j;
      j += j;
    }
    order[at(i)] = tmp;
  };
  for (let l = n >> 1; l > 0; l--) sift(l, order[at(l)], n);
  for (let size = n; size > 1; ) {
    const tmp = order[at(size)];
    order[at(size)] = order[at(1)];
    size--;
    sift(1, tmp, size);
  }
}

/**
 * Python's `a // b` for non-negative floats (`float_floor_div`): `(a - fmod(a, b)) / b`, rounded
 * to the nearest integer value. Exact for integers below 2**53, as Python's int `//`.
 */
export function pythonFloorDiv(a: number, b: number): number {
  const mod = a % b;
  const div = (a - mod) / b;
  if (div === 0) return 0;
  const floor = Math.floor(div);
  return div - floor > 0.5 ? floor + 1 : floor;
}
