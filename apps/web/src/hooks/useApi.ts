import { useEffect, useLayoutEffect, useRef, useState } from 'react';

export interface ApiState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
}

interface UseApiOptions<T> {
  /** Reload on this interval… */
  refreshMs?: number;
  /** …for as long as this holds for the latest data (default: always). */
  keepRefreshing?: (data: T) => boolean;
  /** Show the previous key's data while the new key loads (a list being filtered), instead of nothing. */
  keepPreviousData?: boolean;
}

/**
 * Loads `load` whenever `key` (a string of everything it depends on) changes, aborting the
 * previous request, and optionally reloads on an interval.
 */
export function useApi<T>(key: string, load: (signal: AbortSignal) => Promise<T>, options: UseApiOptions<T> = {}): ApiState<T> {
  const [loaded, setLoaded] = useState<{ key: string; data: T }>();
  const [failed, setFailed] = useState<{ key: string; error: Error }>();
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
      .then((data) => {
        setLoaded({ key, data });
        setFailed(undefined);
      })
      .catch((reason: unknown) => {
        if (!controller.signal.aborted) setFailed({ key, error: reason instanceof Error ? reason : new Error(String(reason)) });
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [key, generation]);

  const { refreshMs, keepRefreshing, keepPreviousData = false } = options;
  const data = loaded && (loaded.key === key || keepPreviousData) ? loaded.data : undefined;
  const refreshing = refreshMs !== undefined && data !== undefined && (keepRefreshing?.(data) ?? true);
  useEffect(() => {
    if (!refreshing) return;
    const timer = setTimeout(() => setGeneration((g) => g + 1), refreshMs);
    return () => clearTimeout(timer);
  }, [refreshing, refreshMs, loaded]);

  return { data, error: failed?.key === key ? failed.error : undefined, loading };
}
