import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minimizeLbfgs } from './lbfgs';

describe('minimizeLbfgs', () => {
  it('finds the minimum of an ill-conditioned quadratic', async () => {
    const scales = [1, 10, 100, 1000];
    const result = await minimizeLbfgs(
      (x) => ({
        value: x.reduce((sum, xi, i) => sum + 0.5 * scales[i] * (xi - i) ** 2, 0),
        gradient: Float64Array.from(x, (xi, i) => scales[i] * (xi - i)),
      }),
      new Float64Array(4),
      { maxIter: 100, gtol: 1e-8 },
    );
    assert.equal(result.converged, true, result.message);
    result.x.forEach((xi, i) => assert.ok(Math.abs(xi - i) < 1e-8, `x[${i}] = ${xi}`));
  });

  it('minimises the Rosenbrock function from (-1.2, 1)', async () => {
    const rosenbrock = ([a, b]: Float64Array) => ({
      value: (1 - a) ** 2 + 100 * (b - a * a) ** 2,
      gradient: Float64Array.of(-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)),
    });
    const result = await minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIter: 200, gtol: 1e-6 });
    assert.equal(result.converged, true, result.message);
    assert.ok(Math.abs(result.x[0] - 1) < 1e-4 && Math.abs(result.x[1] - 1) < 1e-4, `${result.x}`);
  });

  it('reports max_iter without convergence and returns at once from a stationary start', async () => {
    const quadratic = (x: Float64Array) => ({ value: x[0] ** 2 + 1e4 * x[1] ** 2, gradient: Float64Array.of(2 * x[0], 2e4 * x[1]) });
    const capped = await minimizeLbfgs(quadratic, Float64Array.of(3, 1), { maxIter: 1, gtol: 1e-12 });
    assert.deepEqual([capped.nIter, capped.converged, capped.message], [1, false, 'reached max_iter=1']);
    const atMinimum = await minimizeLbfgs(quadratic, new Float64Array(2), { maxIter: 10, gtol: 1e-12 });
    assert.deepEqual([atMinimum.nIter, atMinimum.converged], [0, true]);
  });
});
