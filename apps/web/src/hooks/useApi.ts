import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

export interface ApiState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  /** Loads again, keeping the current data on screen meanwhile. */
  reload: () => void;
}

/**
 * Loads `load` when `key` changes (a string of everything it depends on), aborting the previous
 * request. With `refreshMs`, reloads on that interval while `keepRefreshing(data)` holds.
 */
export function useApi<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
  options: { refreshMs?: number; keepRefreshing?: (data: T) => boolean } = {},
): ApiState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    loadRef
      .current(controller.signal)
      .then((value) => {
        setData(value);
        setError(undefined);
      })
      .catch((reason: unknown) => {
        if (!controller.signal.aborted) setError(reason instanceof Error ? reason : new Error(String(reason)));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [key, generation]);

  const { refreshMs, keepRefreshing } = options;
  const refreshing = refreshMs !== undefined && data !== undefined && (keepRefreshing?.(data) ?? true);
  useEffect(() => {
    if (!refreshing) return;
    const timer = setTimeout(() => setGeneration((g) => g + 1), refreshMs);
    return () => clearTimeout(timer);
  }, [refreshing, refreshMs, data]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}
