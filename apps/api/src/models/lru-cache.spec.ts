import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('evicts the least recently used entry beyond its count', () => {
    const cache = new LruCache<string, number>(2, 100);
    cache.set('a', 1, 1);
    cache.set('b', 2, 1);
    assert.equal(cache.get('a'), 1); // a is now the most recently used
    cache.set('c', 3, 1);
    assert.deepEqual(cache.keys(), ['a', 'c']);
    assert.equal(cache.get('b'), undefined);
  });

  it('evicts until the total weight fits, and never stores an entry heavier than the bound', () => {
    const cache = new LruCache<string, number>(10, 100);
    cache.set('a', 1, 40);
    cache.set('b', 2, 40);
    cache.set('c', 3, 40);
    assert.deepEqual(cache.keys(), ['b', 'c']);
    assert.equal(cache.weight, 80);
    assert.equal(cache.set('huge', 4, 101), false);
    assert.deepEqual(cache.keys(), ['b', 'c']);
    assert.equal(cache.set('exact', 5, 100), true);
    assert.deepEqual(cache.keys(), ['exact']);
  });

  it('replaces an entry and its weight', () => {
    const cache = new LruCache<string, number>(3, 100);
    cache.set('a', 1, 50);
    cache.set('a', 2, 10);
    assert.equal(cache.get('a'), 2);
    assert.equal(cache.weight, 10);
    assert.equal(cache.delete('a'), true);
    assert.equal(cache.weight, 0);
    assert.equal(cache.size, 0);
  });

  it('refuses bounds that cannot hold anything', () => {
    assert.throws(() => new LruCache(0, 10), RangeError);
    assert.throws(() => new LruCache(1, 0), RangeError);
  });
});
