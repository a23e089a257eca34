import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidParameterError } from './errors';
import { float, int, none, options, resolveParams, type ParamSchema } from './params';

const schema: ParamSchema = {
  max_depth: { default: null, constraints: [int(1), none], description: 'depth' },
  C: { default: 1, constraints: [float(0, undefined, { minExclusive: true })], description: 'inverse penalty' },
  criterion: { default: 'gini', constraints: [options('gini', 'entropy')], description: 'impurity' },
};

describe('resolveParams', () => {
  it('fills defaults', () => {
    assert.deepEqual(resolveParams(schema, {}, 'params', 'Tree'), { max_depth: null, C: 1, criterion: 'gini' });
  });

  it('says what is allowed when a value is out of range', () => {
    assert.throws(
      () => resolveParams(schema, { max_depth: 0 }, 'estimator.params', 'Tree'),
      (error: unknown) =>
        error instanceof InvalidParameterError &&
        error.path === 'estimator.params.max_depth' &&
        error.message.includes('an int in the range [1, inf) or null; got 0'),
    );
  });

  it('rejects unknown names and lists the valid ones', () => {
    assert.throws(() => resolveParams(schema, { depth: 3 }, 'params', 'Tree'), /params\.depth: unknown parameter for Tree; valid parameters are: C, criterion, max_depth/);
  });

  it('rejects a non-positive C and a wrong type', () => {
    assert.throws(() => resolveParams(schema, { C: 0 }, 'p', 'T'), /p\.C: must be a float in the range \(0, inf\); got 0/);
    assert.throws(() => resolveParams(schema, { criterion: 3 }, 'p', 'T'), /p\.criterion: must be a str among/);
  });
});
