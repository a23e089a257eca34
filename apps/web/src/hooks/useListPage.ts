import type { Page } from '../api/types';
import { listQuery, type ListQuerySpec } from '../lib/list-query';
import { useApi } from './useApi';
import { useCursorPages } from './useCursorPages';
import { useFilterParams } from './useFilterParams';

/**
 * A paged list whose filters and sort live in the URL: the query built from it, the page loaded
 * (the previous one stays on screen while the next loads), and, while any item is still `active`,
 * a reload every few seconds.
 */
export function useListPage<Query extends object, Item>(
  spec: ListQuerySpec,
  load: (query: Query, signal: AbortSignal) => Promise<Page<Item>>,
  active?: (item: Item) => boolean,
) {
  const pages = useCursorPages();
  const [search, setFilter] = useFilterParams(pages.reset);
  const query = listQuery<Query>(search, spec, pages.cursor);
  const list = useApi(JSON.stringify(query), (signal) => load(query, signal), {
    keepPreviousData: true,
    ...(active && { refreshMs: REFRESH_MS, keepRefreshing: (page: Page<Item>) => page.items.some(active) }),
  });
  return { query, setFilter, list, pages };
}

const REFRESH_MS = 3000;
