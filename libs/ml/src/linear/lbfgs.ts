/** The value of a smooth objective at a point and its gradient there. */
export interface ValueAndGradient {
  readonly value: number;
  readonly gradient: Float64Array;
}

export type Objective = (x: Float64Array) => ValueAndGradient | Promise<ValueAndGradient>;

export interface LbfgsOptions {
  readonly maxIter: number;
  /** Stop when the largest absolute gradient entry is at most this (scipy's `gtol`, sklearn's `tol`). */
  readonly gtol: number;
  /** Stop when the relative decrease of the objective is at most this (scipy's `ftol`). */
  readonly ftol?: number;
  /** Number of (s, y) correction pairs kept. */
  readonly memory?: number;
  /** Objective evaluations allowed per line search (scipy's `maxls`). */
  readonly maxLineSearch?: number;
  /** Hears each completed iteration and the objective's value after it (observation only). */
  readonly onIteration?: (iteration: number, value: number) => void;
}

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly nIter: number;
  /** Objective evaluations, line searches included (scipy's `nfev`). */
  readonly nEvaluations: number;
  readonly converged: boolean;
  readonly message: string;
}

/** Sufficient-decrease constant of the Armijo condition. */
const ARMIJO_C1 = 1e-4;

/**
 * Minimises `objective` from `x0` with limited-memory BFGS (Nocedal & Wright, algorithm 7.4), in
 * Float64 whatever precision the objective computes in. Stopping mirrors scipy's L-BFGS-B as
 * scikit-learn calls it: projected-gradient `gtol`, relative-decrease `ftol`, `maxIter` iterations.
 *
 * The line search backtracks with quadratic interpolation until the Armijo condition holds. That is
 * enough here because the objectives minimised (penalised log-losses) are convex, so every step
 * has positive curvature s·y; pairs that do not (round-off near the optimum) are skipped.
 * `objective` may be async so that a long fit can yield between evaluations.
 */
export async function minimizeLbfgs(objective: Objective, x0: Float64Array, options: LbfgsOptions): Promise<LbfgsResult> {
  const search = lbfgsSearch(x0, options);
  let request = search.next();
  while (!request.done) request = search.next(await objective(request.value));
  return request.value;
}

/**
 * {@link minimizeLbfgs} as the sequence of points it evaluates: each `yield` hands out a point and
 * takes the objective's value and gradient there; the generator returns the result. Several
 * independent problems can so advance in lockstep, each with its own line search and stopping, and
 * have their points evaluated together (one pass over shared data for all of them).
 */
export function* lbfgsSearch(x0: Float64Array, options: LbfgsOptions): Generator<Float64Array, LbfgsResult, ValueAndGradient> {
  const { maxIter, gtol } = options;
  const ftol = options.ftol ?? 64 * Number.EPSILON;
  const memory = options.memory ?? 10;
  const maxLineSearch = options.maxLineSearch ?? 50;

  let nEvaluations = 1;
  let x: Float64Array = Float64Array.from(x0);
  let { value, gradient } = yield x;
  const done = (nIter: number, converged: boolean, message: string): LbfgsResult => ({ x, value, nIter, nEvaluations, converged, message });
  if (maxAbs(gradient) <= gtol) return done(0, true, 'projected gradient below gtol');

  const history: { s: Float64Array; y: Float64Array; rho: number }[] = [];
  for (let iter = 1; iter <= maxIter; iter++) {
    let direction = searchDirection(gradient, history);
    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      // Not a descent direction (the curvature pairs went stale): restart from steepest descent.
      history.length = 0;
      direction = scaled(gradient, -1);
      slope = dot(gradient, direction);
    }
    // Without curvature information the first step has unit length, as in L-BFGS-B.
    let step = history.length === 0 ? 1 / Math.sqrt(dot(direction, direction)) : 1;
    let trial: Float64Array | undefined;
    let next: ValueAndGradient | undefined;
    for (let evaluation = 0; evaluation < maxLineSearch; evaluation++) {
      trial = axpy(step, direction, x);
      nEvaluations++;
      const candidate: ValueAndGradient = yield trial;
      // Strictly lower as well: in float32 arithmetic a tiny step can "satisfy" Armijo with no change at all.
      if (candidate.value < value && candidate.value <= value + ARMIJO_C1 * step * slope) {
        next = candidate;
        break;
      }
      step = backtrack(step, value, slope, candidate.value);
    }
    if (next === undefined || trial === undefined) return done(iter - 1, false, 'line search found no sufficient decrease');

    const s = scaled(direction, step);
    const y = axpy(-1, gradient, next.gradient);
    const sy = dot(s, y);
    if (sy > Number.EPSILON * dot(y, y)) {
      history.push({ s, y, rho: 1 / sy });
      if (history.length > memory) history.shift();
    }
    const decrease = (value - next.value) / Math.max(Math.abs(value), Math.abs(next.value), 1);
    x = trial;
    ({ value, gradient } = next);
    options.onIteration?.(iter, value);
    if (maxAbs(gradient) <= gtol) return done(iter, true, 'projected gradient below gtol');
    if (decrease <= ftol) return done(iter, true, 'relative reduction of the objective below ftol');
  }
  return done(maxIter, false, `reached max_iter=${maxIter}`);
}

/** -H·g by the two-loop recursion, H0 scaled by the newest pair's s·y / y·y. */
function searchDirection(gradient: Float64Array, history: readonly { s: Float64Array; y: Float64Array; rho: number }[]): Float64Array {
  const q = Float64Array.from(gradient);
  const alphas = new Float64Array(history.length);
  for (let k = history.length - 1; k >= 0; k--) {
    const { s, y, rho } = history[k];
    alphas[k] = rho * dot(s, q);
    addScaled(q, -alphas[k], y);
  }
  if (history.length > 0) {
    const { y, rho } = history[history.length - 1];
    scaleInPlace(q, 1 / (rho * dot(y, y)));
  }
  for (let k = 0; k < history.length; k++) {
    const { s, y, rho } = history[k];
    addScaled(q, alphas[k] - rho * dot(y, q), s);
  }
  return scaleInPlace(q, -1);
}

/** Minimiser of the quadratic through f(0), f'(0) and f(step), kept within [0.1, 0.5] of `step`. */
function backtrack(step: number, value: number, slope: number, trialValue: number): number {
  const curvature = trialValue - value - slope * step;
  const proposal = Number.isFinite(curvature) && curvature > 0 ? (-slope * step * step) / (2 * curvature) : 0.1 * step;
  return Math.min(Math.max(proposal, 0.1 * step), 0.5 * step);
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
  return max;
}

// Plain loops: Float64Array.from with a mapping function costs several times more, and these run
// a few times per iteration over every parameter.

/** a·x + y as a new array. */
function axpy(a: number, x: Float64Array, y: Float64Array): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i] + a * x[i];
  return out;
}

function scaled(x: Float64Array, a: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = a * x[i];
  return out;
}

function scaleInPlace(x: Float64Array, a: number): Float64Array {
  for (let i = 0; i < x.length; i++) x[i] *= a;
  return x;
}

function addScaled(target: Float64Array, a: number, x: Float64Array): void {
  for (let i = 0; i < target.length; i++) target[i] += a * x[i];
}
