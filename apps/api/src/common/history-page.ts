import type { HistoryPage } from '@mnist-lab/infra';

/** A page of a history listing as the api shows it: its items, the next cursor and, when asked (`count=true`), the count. */
export function presentPage<T, P>(page: HistoryPage<T>, present: (item: T) => P) {
  return {
    items: page.items.map(present),
    next_cursor: page.nextCursor,
    ...(page.count ? { count: page.count.value, count_estimated: page.count.estimated } : {}),
  };
}
