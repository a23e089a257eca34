/** libsvm clips pairwise probabilities to [1e-7, 1 - 1e-7], so that no pair is ever certain. */
export const MIN_PAIRWISE_PROBABILITY = 1e-7;

/**
 * Largest violation of the optimality conditions accepted. libsvm stops at 0.005 / k, which leaves
 * visible error (0.498 for a true 0.5 with two classes); the iteration converges fast, and on MNIST
 * pairs a few more sweeps (about 8 instead of 3) reach this.
 */
const TOLERANCE = 1e-9;

/**
 * Class probabilities from pairwise ones, by the second method of Wu, Lin and Weng, "Probability
 * Estimates for Multi-class Classification by Pairwise Coupling" (JMLR 2004), as libsvm's
 * `multiclass_probability` computes them for scikit-learn's `SVC(probability=True)`:
 *
 *     min_p  sum_i sum_{j != i} (r_ji p_i - r_ij p_j)^2   subject to  sum_i p_i = 1,
 *
 * where r_ij estimates P(y = i | y in {i, j}, x). When the r_ij are consistent (r_ij = p_i / (p_i + p_j)
 * for some p) that p is the solution. Solved, as libsvm does, by coordinate descent on the
 * optimality conditions, with at most max(100, k) sweeps (to a tighter tolerance than libsvm's).
 *
 * Buffers are allocated once per instance: one instance serves every sample of a prediction.
 */
export class PairwiseCoupling {
  private readonly Q: Float64Array;
  private readonly Qp: Float64Array;

  constructor(readonly k: number) {
    this.Q = new Float64Array(k * k);
    this.Qp = new Float64Array(k);
  }

  /** `r` is k x k row-major (diagonal ignored, r_ij + r_ji = 1); the probabilities are written to `p`. */
  solve(r: Float64Array, p: Float64Array): Float64Array {
    const { k, Q, Qp } = this;
    for (let t = 0; t < k; t++) {
      p[t] = 1 / k;
      Q[t * k + t] = 0;
      for (let j = 0; j < k; j++) {
        if (j === t) continue;
        Q[t * k + t] += r[j * k + t] * r[j * k + t];
        Q[t * k + j] = -r[j * k + t] * r[t * k + j];
      }
    }
    const maxIter = Math.max(100, k);
    for (let iter = 0; iter < maxIter; iter++) {
      // Recomputed from scratch each sweep (not only updated) for accuracy, as libsvm.
      let pQp = 0;
      for (let t = 0; t < k; t++) {
        let sum = 0;
        for (let j = 0; j < k; j++) sum += Q[t * k + j] * p[j];
        Qp[t] = sum;
        pQp += p[t] * sum;
      }
      let maxError = 0;
      for (let t = 0; t < k; t++) maxError = Math.max(maxError, Math.abs(Qp[t] - pQp));
      if (maxError < TOLERANCE) break;
      for (let t = 0; t < k; t++) {
        const diff = (-Qp[t] + pQp) / Q[t * k + t];
        p[t] += diff;
        pQp = (pQp + diff * (diff * Q[t * k + t] + 2 * Qp[t])) / (1 + diff) / (1 + diff);
        for (let j = 0; j < k; j++) {
          Qp[j] = (Qp[j] + diff * Q[t * k + j]) / (1 + diff);
          p[j] /= 1 + diff;
        }
      }
    }
    return p;
  }
}
