import type { ReactNode } from 'react';
import type { Page } from '../api/types';
import type { ApiState } from '../hooks/useApi';
import type { useCursorPages } from '../hooks/useCursorPages';
import { Card } from './Card';
import { PageHeader } from './PageHeader';
import { PagedList } from './PagedList';

interface ListPageProps<Item> {
  title: string;
  description: string;
  actions?: ReactNode;
  primaryLink?: { to: string; label: string };
  /** The filter controls, above the list. */
  filters: ReactNode;
  list: ApiState<Page<Item>>;
  pages: ReturnType<typeof useCursorPages>;
  what: string;
  children: (items: Item[]) => ReactNode;
}

/** A page listing runs, sweeps or models: header, filters, one page of the list and the pager. */
export function ListPage<Item>({ title, description, actions, primaryLink, filters, list, pages, what, children }: ListPageProps<Item>) {
  return (
    <div className="page">
      <PageHeader title={title} description={description} actions={actions} primaryLink={primaryLink} />
      <Card flush>
        <div className="card-header">{filters}</div>
        <PagedList list={list} pages={pages} what={what}>
          {children}
        </PagedList>
      </Card>
    </div>
  );
}
