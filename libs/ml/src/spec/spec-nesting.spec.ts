import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidParameterError } from '../base/errors';
import { MAX_SPEC_NESTING, validateSpec } from './validate-spec';

/** `depth` pipelines inside each other around a logistic regression (which is nested depth + 1 deep). */
function nestedPipelines(depth: number): unknown {
  let spec: unknown = { type: 'logistic_regression' };
  for (let i = 0; i < depth; i++) spec = { type: 'pipeline', steps: [['model', spec]] };
  return spec;
}

describe('validateSpec: nesting', () => {
  it(`accepts estimators nested ${MAX_SPEC_NESTING} deep and refuses one more, naming the field`, () => {
    assert.doesNotThrow(() => validateSpec(nestedPipelines(MAX_SPEC_NESTING - 1)));
    assert.throws(
      () => validateSpec(nestedPipelines(MAX_SPEC_NESTING)),
      (error: unknown) =>
        error instanceof InvalidParameterError &&
        error.path === `estimator${'.steps[0][1]'.repeat(MAX_SPEC_NESTING)}` &&
        /estimators are nested more than 8 deep/.test(error.message),
    );
  });

  it('refuses a meta-estimator chain the same way, and any depth without overflowing the stack', () => {
    let ovr: unknown = { type: 'logistic_regression' };
    for (let i = 0; i < MAX_SPEC_NESTING; i++) ovr = { type: 'one_vs_rest', params: { estimator: ovr } };
    assert.throws(() => validateSpec(ovr), (error: unknown) => error instanceof InvalidParameterError && error.path.endsWith('.params.estimator'));
    for (const depth of [50, 1000, 5000]) {
      assert.throws(() => validateSpec(nestedPipelines(depth)), (error: unknown) => error instanceof InvalidParameterError && /nested more than/.test(error.message));
    }
  });
});
