import { describe, expect, it } from 'vitest';
import { listQuery, type ListQuerySpec } from './list-query';

const RUNS: ListQuerySpec = { filters: { status: ['queued', 'succeeded'], model_type: null }, sorts: ['created_at', 'test_accuracy'], limit: 20 };

describe('listQuery', () => {
  it('takes the filters, sort, page size and cursor from the URL query', () => {
    const search = new URLSearchParams('status=succeeded&model_type=random_forest&sort=test_accuracy');
    expect(listQuery(search, RUNS, 'abc')).toEqual({ status: 'succeeded', model_type: 'random_forest', sort: 'test_accuracy', limit: 20, cursor: 'abc' });
  });

  it('leaves out empty, unknown and disallowed values, and falls back to the default sort', () => {
    const search = new URLSearchParams('status=exploded&model_type=&sort=name&other=1');
    expect(listQuery(search, RUNS, undefined)).toEqual({ sort: 'created_at', limit: 20 });
  });

  it('has no sort when the list offers none', () => {
    expect(listQuery(new URLSearchParams('sort=created_at'), { filters: {}, limit: 5 }, undefined)).toEqual({ limit: 5 });
  });
});
