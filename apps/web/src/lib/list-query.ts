/** What a list page lets its URL set: each filter's allowed values (null: any text), and the sorts, the default first. */
export interface ListQuerySpec {
  readonly filters: Readonly<Record<string, readonly string[] | null>>;
  readonly sorts?: readonly string[];
  readonly limit: number;
}

/**
 * A list request from the page's URL query: the filters that hold an allowed value (the others are
 * left out, so a stale link lists everything instead of failing), the sort (the default when absent
 * or unknown), the page size and the cursor.
 */
export function listQuery<Query extends object>(search: URLSearchParams, spec: ListQuerySpec, cursor: string | undefined): Query {
  const query: Record<string, string | number> = {};
  for (const [name, allowed] of Object.entries(spec.filters)) {
    const value = search.get(name) ?? '';
    if (value !== '' && (allowed === null || allowed.includes(value))) query[name] = value;
  }
  if (spec.sorts && spec.sorts.length > 0) {
    const sort = search.get('sort') ?? '';
    query['sort'] = spec.sorts.includes(sort) ? sort : spec.sorts[0];
  }
  query['limit'] = spec.limit;
  if (cursor !== undefined) query['cursor'] = cursor;
  return query as Query;
}
