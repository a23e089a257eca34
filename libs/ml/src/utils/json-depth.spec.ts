import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidParameterError } from '../base/errors';
import { assertJsonDepth } from './json-depth';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('assertJsonDepth', () => {
  it('accepts nesting up to the limit and refuses one level more, naming the limit', () => {
    assert.doesNotThrow(() => assertJsonDepth(utf8(nested(5)), 5));
    assert.throws(() => assertJsonDepth(utf8(nested(6)), 5), (error: unknown) => {
      assert.ok(error instanceof InvalidParameterError);
      assert.equal(error.path, 'body');
      assert.match(error.message, /more than 5 deep \(at byte 5\)/);
      return true;
    });
  });

  it('counts depth, not the number of containers', () => {
    assertJsonDepth(utf8(JSON.stringify(Array.from({ length: 1000 }, () => ({ a: [1, { b: 2 }] })))), 4);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    assertJsonDepth(utf8(JSON.stringify({ name: '[[[[{{{{ \\" [[[[', other: '"[[' })), 1);
    assert.throws(() => assertJsonDepth(utf8(`{"a": "\\\\", "b": [[]]}`), 2), InvalidParameterError);
  });

  it('refuses a 100000-deep body quickly', () => {
    const started = performance.now();
    assert.throws(() => assertJsonDepth(utf8(`{"estimator": ${nested(100_000)}}`)), InvalidParameterError);
    assert.ok(performance.now() - started < 200);
  });
});
