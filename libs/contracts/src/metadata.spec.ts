import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidParameterError } from '@mnist-lab/ml/spec';
import { changedFields, MAX_TAGS, mergeTags, validateMetadata, validateMetadataPatch } from './metadata';

const refusedAt = (field: string) => (error: unknown) => error instanceof InvalidParameterError && error.path === field;

describe('run and sweep metadata', () => {
  it('takes name, tags and notes at submission, empty when not given', () => {
    assert.deepEqual(validateMetadata({}), { name: null, tags: {}, notes: null });
    assert.deepEqual(validateMetadata({ name: 'rf', tags: { 'team/a': 'x', 'k.v': '' }, notes: 'n' }), { name: 'rf', tags: { 'team/a': 'x', 'k.v': '' }, notes: 'n' });
    assert.throws(() => validateMetadata({ name: null }), refusedAt('name'), 'null is a PATCH that clears, not a submission');
    assert.throws(() => validateMetadata({ tags: { a: null } }), refusedAt('tags.a'));
  });

  it('refuses what is too long, too many, or not text, naming it', () => {
    assert.throws(() => validateMetadata({ name: 'x'.repeat(201) }), refusedAt('name'));
    assert.throws(() => validateMetadata({ notes: 'x'.repeat(10_001) }), refusedAt('notes'));
    assert.throws(() => validateMetadata({ tags: ['a'] }), refusedAt('tags'));
    assert.throws(() => validateMetadata({ tags: Object.fromEntries(Array.from({ length: MAX_TAGS + 1 }, (_, i) => [`k${i}`, 'v'])) }), refusedAt('tags'));
    assert.throws(() => validateMetadata({ tags: { "it's": 'v' } }), refusedAt("tags.it's"));
    assert.throws(() => validateMetadata({ tags: { ['k'.repeat(129)]: 'v' } }), refusedAt(`tags.${'k'.repeat(129)}`));
    assert.throws(() => validateMetadata({ tags: { k: 'v'.repeat(501) } }), refusedAt('tags.k'));
    assert.throws(() => validateMetadata({ tags: { k: 1 } }), refusedAt('tags.k'));
  });

  it('patches only what is given: null clears, tags merge and null removes one', () => {
    assert.deepEqual(validateMetadataPatch({}), { name: undefined, notes: undefined, tags: undefined });
    const patch = validateMetadataPatch({ name: null, tags: { a: null, b: '2' } });
    assert.deepEqual(changedFields(patch), ['name', 'tags']);
    assert.deepEqual(mergeTags({ a: '1', c: '3' }, patch.tags ?? {}), { c: '3', b: '2' });
    assert.throws(() => validateMetadataPatch({ status: 'succeeded' }), refusedAt('status'));
    assert.throws(() => validateMetadataPatch(null), refusedAt('body'));
    const full = Object.fromEntries(Array.from({ length: MAX_TAGS }, (_, i) => [`k${i}`, 'v']));
    assert.deepEqual(Object.keys(mergeTags(full, { k0: null, extra: 'v' })).length, MAX_TAGS);
    assert.throws(() => mergeTags(full, { extra: 'v' }), refusedAt('tags'));
  });
});
