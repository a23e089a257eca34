import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { RUNS } from './notebook-specs.mjs';

// libs/ml's spec-only entry (built before the tools' specs run): the validation a submitted run gets.
const { validateSpec, withParam } = createRequire(import.meta.url)('../libs/ml/dist/spec/index.js');

describe("the main job's specs", () => {
  for (const [name, { estimator }] of Object.entries(RUNS)) {
    it(`${name} is a valid estimator spec`, () => {
      assert.doesNotThrow(() => validateSpec(estimator));
    });
  }

  it('fits OvO and OvR of LogisticRegression(max_iter=1000) on raw pixels, as the notebook', () => {
    for (const name of ['ovo', 'ovr']) {
      const spec = validateSpec(RUNS[name].estimator);
      assert.equal(spec.params.estimator.type, 'logistic_regression');
      assert.equal(spec.params.estimator.params.max_iter, 1000);
    }
  });

  it('soft-votes the tuned forest, logistic regression and OvR, and shifts only the training images before the forest', () => {
    const voting = validateSpec(RUNS.voting.estimator);
    assert.equal(voting.params.voting, 'soft');
    assert.deepEqual(voting.params.estimators.map(([, spec]) => spec), [RUNS.tuned_forest.estimator, RUNS.logistic.estimator, RUNS.ovr.estimator].map((spec) => validateSpec(spec)));
    const augmented = validateSpec(RUNS.augmented_forest.estimator);
    assert.deepEqual(augmented.params.steps.map(([step]) => step), ['augment', 'scale', 'model']);
    // The augmented forest is the default forest with shifted training images, nothing else.
    assert.deepEqual(augmented.params.steps.slice(1), validateSpec(RUNS.forest.estimator).params.steps);
    assert.ok(withParam(augmented, 'augment__shift', 2));
  });
});
