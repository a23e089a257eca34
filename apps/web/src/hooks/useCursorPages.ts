import { useCallback, useState } from 'react';

/**
 * Cursor pagination as the api pages (next_cursor only): remembers the cursors of the pages
 * already seen so that "Previous" can go back.
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const next = useCallback((cursor: string) => setCursors((seen) => [...seen, cursor]), []);
  const previous = useCallback(() => setCursors((seen) => (seen.length > 1 ? seen.slice(0, -1) : seen)), []);
  const reset = useCallback(() => setCursors([undefined]), []);
  return { cursor: cursors[cursors.length - 1], page: cursors.length, next, previous, reset };
}
