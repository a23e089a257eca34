import type { ReactNode } from 'react';

interface SortableHeaderProps {
  active: boolean;
  onSort: () => void;
  numeric?: boolean;
  children: ReactNode;
}

/** A column header the api can sort by (always descending: newest or best first). */
export function SortableHeader({ active, onSort, numeric = false, children }: SortableHeaderProps) {
  return (
    <th scope="col" aria-sort={active ? 'descending' : 'none'} className={numeric ? 'numeric' : undefined}>
      <button type="button" className="sort-button" data-active={active} onClick={onSort}>
        {children}
        <span aria-hidden="true">{active ? '↓' : '↕'}</span>
        <span className="visually-hidden">{active ? '(sorted, highest first)' : '(sort by this column)'}</span>
      </button>
    </th>
  );
}
