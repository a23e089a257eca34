import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RandomState } from '../utils/random';
import type { Classifier, EstimatorSpec, EstimatorState } from './estimator';
import type { Labels, Matrix } from './matrix';
import type { ParamValue } from './params';
import type { FitProgress } from './progress';
import { createEstimator } from './registry';

/** Three separable classes of noisy bytes. */
function data(): { X: Matrix<Uint8Array>; y: Labels } {
  const random = new RandomState(3);
  const rows = 90;
  const cols = 6;
  const X = new Uint8Array(rows * cols);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    y[i] = i % 3;
    for (let j = 0; j < cols; j++) X[i * cols + j] = Math.min(255, Math.floor(random.random() * 60) + (j % 3 === y[i] ? 150 : 0));
  }
  return { X: { data: X, rows, cols }, y };
}

const scaled = (model: EstimatorSpec): EstimatorSpec => ({ type: 'pipeline', params: { steps: [['scale', { type: 'standard_scaler' }], ['model', model as unknown as ParamValue]] } });

async function fitBoth(spec: EstimatorSpec): Promise<{ reports: FitProgress[]; withCallback: EstimatorState; without: EstimatorState; fitted: Classifier }> {
  const { X, y } = data();
  const reports: FitProgress[] = [];
  const observed = createEstimator(spec) as Classifier;
  await observed.fit(X, y, { onProgress: (progress) => reports.push(progress) });
  const plain = createEstimator(spec) as Classifier;
  await plain.fit(X, y);
  return { reports, withCallback: observed.serialize(), without: plain.serialize(), fitted: observed };
}

describe('fit progress', () => {
  for (const [name, spec] of [
    ['a forest on one thread', { type: 'random_forest', params: { n_estimators: 7, random_state: 0, n_jobs: 1 } }],
    ['a forest on two threads, in a scaled pipeline (read through the scaler)', scaled({ type: 'random_forest', params: { n_estimators: 7, random_state: 0, n_jobs: 2 } })],
  ] as const) {
    it(`${name}: reports each tree built of n_estimators, and builds the same forest as without a callback`, async () => {
      const { reports, withCallback, without } = await fitBoth(spec);
      assert.deepEqual(reports, Array.from({ length: 7 }, (_, i) => ({ unit: 'trees', done: i + 1, total: 7 })));
      assert.deepEqual(withCallback, without);
    });
  }

  for (const solver of ['lbfgs', 'adam'] as const) {
    it(`logistic regression (${solver}): reports each ${solver === 'lbfgs' ? 'iteration' : 'epoch'} of max_iter with the loss, and fits the same model`, async () => {
      const { reports, withCallback, without, fitted } = await fitBoth(scaled({ type: 'logistic_regression', params: { solver, max_iter: 15, random_state: 0 } }));
      assert.ok(reports.length > 0);
      assert.deepEqual(reports.map((report) => report.done), Array.from({ length: reports.length }, (_, i) => i + 1));
      assert.ok(reports.every((report) => report.unit === (solver === 'lbfgs' ? 'iterations' : 'epochs') && report.total === 15 && Number.isFinite(report.loss)));
      const model = (fitted as unknown as { namedSteps: [string, { fitInfo(): Record<string, unknown> }][] }).namedSteps[1][1].fitInfo();
      assert.equal(reports.at(-1)?.done, model['n_iter_']);
      assert.equal(reports.at(-1)?.loss, model['loss_']);
      assert.deepEqual(withCallback, without);
    });
  }
});
