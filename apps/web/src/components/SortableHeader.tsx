import type { ReactNode } from 'react';

interface SortableHeaderProps {
  active: boolean;
  onSort: () => void;
  numeric?: boolean;
  /** The order of the active column; descending (newest or best first) unless the table toggles it. */
  direction?: 'ascending' | 'descending';
  children: ReactNode;
}

/** A column header a table sorts by when clicked. */
export function SortableHeader({ active, onSort, numeric = false, direction = 'descending', children }: SortableHeaderProps) {
  const ascending = direction === 'ascending';
  return (
    <th scope="col" aria-sort={active ? direction : 'none'} className={numeric ? 'numeric' : undefined}>
      <button type="button" className="sort-button" data-active={active} onClick={onSort}>
        {children}
        <span aria-hidden="true">{active ? (ascending ? '↑' : '↓') : '↕'}</span>
        <span className="visually-hidden">{active ? (ascending ? '(sorted, lowest first)' : '(sorted, highest first)') : '(sort by this column)'}</span>
      </button>
    </th>
  );
}
