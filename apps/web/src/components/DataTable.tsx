import type { ReactNode } from 'react';
import { SortableHeader } from './SortableHeader';

export interface Column {
  label: ReactNode;
  numeric?: boolean;
  /** Read by screen readers only (a column of checkboxes or buttons). */
  hiddenLabel?: boolean;
  /** A sortable column: by the api, or in the page (which may toggle `direction`). */
  sort?: { active: boolean; onSort: () => void; direction?: 'ascending' | 'descending' };
  /** aria-sort of a column the table is already sorted by. */
  sorted?: 'ascending' | 'descending';
}

interface DataTableProps {
  /** Read by screen readers; names the table for tests too. */
  caption: string;
  /** `false` leaves a column out (`showParams && {...}`). */
  columns: readonly (Column | false)[];
  children: ReactNode;
}

/** A scrollable table with a hidden caption and one header row; `children` are its body rows. */
export function DataTable({ caption, columns, children }: DataTableProps) {
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>{columns.map((column, index) => column && <HeaderCell key={index} {...column} />)}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function HeaderCell({ label, numeric = false, hiddenLabel = false, sort, sorted }: Column) {
  if (sort) {
    return (
      <SortableHeader numeric={numeric} active={sort.active} onSort={sort.onSort} direction={sort.direction}>
        {label}
      </SortableHeader>
    );
  }
  return (
    <th scope="col" className={numeric ? 'numeric' : undefined} aria-sort={sorted}>
      {hiddenLabel ? <span className="visually-hidden">{label}</span> : label}
    </th>
  );
}
