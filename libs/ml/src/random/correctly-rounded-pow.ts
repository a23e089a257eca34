/**
 * `x ** y` rounded to the nearest double, as glibc's `pow` gives it (numpy's `power`, and so
 * scipy's `loguniform`, calls it). V8's `Math.pow` is off by one unit in the last place for
 * several percent of arguments, which would make a sampled `loguniform` parameter differ from
 * scikit-learn's in its last digit. Computed as exp(y log x) in double-double arithmetic (about
 * 100 bits), then rounded once; outside positive normal `x` and moderate results it defers to `Math.pow`.
 */
export function correctlyRoundedPow(x: number, y: number): number {
  if (!(x >= MIN_NORMAL) || !Number.isFinite(x) || !Number.isFinite(y) || y === 0 || x === 1) return Math.pow(x, y);
  const exponent = mul(log(x), [y, 0]);
  if (!(Math.abs(exponent[0]) < 700)) return Math.pow(x, y);
  const [hi, lo] = exp(exponent);
  return hi + lo;
}

/**
 * `ln x` rounded to the nearest double, as glibc's `log` gives it (Python's `math.log` calls it).
 * V8's `Math.log` is off by one unit for some arguments: `Math.log(3)` is 1.0986122886681096, not
 * ...098, so `Math.log(243) / Math.log(3)` is 5 where Python's `math.log(243, 3)` is 4.999999999999999.
 */
export function correctlyRoundedLog(x: number): number {
  if (!(x >= MIN_NORMAL) || !Number.isFinite(x)) return Math.log(x);
  const [hi, lo] = log(x);
  return hi + lo;
}

/** A double-double: hi + lo, |lo| <= ulp(hi) / 2. */
type DoubleDouble = readonly [number, number];

const MIN_NORMAL = 2.2250738585072014e-308;
const LN2: DoubleDouble = [0.6931471805599453, 2.3190468138462996e-17];
const SPLITTER = 134217729; // 2**27 + 1, Dekker's split

function twoSum(a: number, b: number): DoubleDouble {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function quickTwoSum(a: number, b: number): DoubleDouble {
  const s = a + b;
  return [s, b - (s - a)];
}

function split(a: number): DoubleDouble {
  const c = SPLITTER * a;
  const hi = c - (c - a);
  return [hi, a - hi];
}

function twoProduct(a: number, b: number): DoubleDouble {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function add(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const [s1, s2] = twoSum(a[0], b[0]);
  const [t1, t2] = twoSum(a[1], b[1]);
  const [u1, u2] = quickTwoSum(s1, s2 + t1);
  return quickTwoSum(u1, u2 + t2);
}

function mul(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const [p, e] = twoProduct(a[0], b[0]);
  return quickTwoSum(p, e + a[0] * b[1] + a[1] * b[0]);
}

function div(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const q1 = a[0] / b[0];
  let r = add(a, mul(b, [-q1, 0]));
  const q2 = r[0] / b[0];
  r = add(r, mul(b, [-q2, 0]));
  const q3 = r[0] / b[0];
  return add(quickTwoSum(q1, q2), [q3, 0]);
}

/** ln x = e ln 2 + 2 atanh((m - 1) / (m + 1)), x = m 2**e with m in [sqrt(1/2), sqrt(2)). */
function log(x: number): DoubleDouble {
  let e = Math.floor(Math.log2(x));
  let m = x * 2 ** -e;
  while (m >= Math.SQRT2) {
    m /= 2;
    e++;
  }
  while (m < Math.SQRT1_2) {
    m *= 2;
    e--;
  }
  // m - 1 is exact (Sterbenz); |s| < 0.172, so s**43 is below 1e-32.
  const s = div([m - 1, 0], twoSum(m, 1));
  const s2 = mul(s, s);
  let series: DoubleDouble = div([1, 0], [43, 0]);
  for (let k = 20; k >= 0; k--) series = add(mul(series, s2), div([1, 0], [2 * k + 1, 0]));
  return add(mul(LN2, [e, 0]), mul(mul(s, series), [2, 0]));
}

/** e**z = 2**k (e**(r / 1024))**1024, z = k ln 2 + r, with a Taylor series for the small power. */
function exp(z: DoubleDouble): DoubleDouble {
  const k = Math.round(z[0] / LN2[0]);
  const r = add(z, mul(LN2, [-k, 0]));
  const small: DoubleDouble = [r[0] / 1024, r[1] / 1024];
  let term: DoubleDouble = [1, 0];
  let sum: DoubleDouble = [1, 0];
  for (let n = 1; n <= 12; n++) {
    term = div(mul(term, small), [n, 0]);
    sum = add(sum, term);
  }
  for (let i = 0; i < 10; i++) sum = mul(sum, sum);
  const scale = 2 ** k;
  return [sum[0] * scale, sum[1] * scale];
}
