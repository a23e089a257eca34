import type { ReactNode } from 'react';
import type { Page } from '../api/types';
import type { ApiState } from '../hooks/useApi';
import type { useCursorPages } from '../hooks/useCursorPages';
import { ErrorAlert, Loading } from './LoadState';
import { Pager } from './Pager';

interface PagedListProps<Item> {
  list: ApiState<Page<Item>>;
  pages: ReturnType<typeof useCursorPages>;
  /** What is listed, for the loading and error messages ("runs"). */
  what: string;
  children: (items: Item[]) => ReactNode;
}

/** One page of a cursor-paged list: its loading or error state, the items, and the pager. */
export function PagedList<Item>({ list, pages, what, children }: PagedListProps<Item>) {
  const nextCursor = list.data?.next_cursor;
  return (
    <>
      {list.error && <ErrorAlert error={list.error} what={what} />}
      {!list.data && !list.error && <Loading what={what} />}
      {list.data && children(list.data.items)}
      <Pager
        page={pages.page}
        hasPrevious={pages.page > 1}
        hasNext={Boolean(nextCursor)}
        onPrevious={pages.previous}
        onNext={() => nextCursor && pages.next(nextCursor)}
      />
    </>
  );
}
