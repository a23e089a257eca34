import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * A list page's filters and sort, kept in the URL's query so that a view can be shared; changing
 * one replaces the history entry and calls `onChange` (back to the first page).
 */
export function useFilterParams(onChange: () => void) {
  const [search, setSearch] = useSearchParams();
  const setFilter = useCallback(
    (name: string, value: string) => {
      const next = new URLSearchParams(search);
      if (value) next.set(name, value);
      else next.delete(name);
      setSearch(next, { replace: true });
      onChange();
    },
    [search, setSearch, onChange],
  );
  return [search, setFilter] as const;
}
