import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Sweep } from '../api/types';
import { isFinished } from '../lib/catalog';

export interface SweepLive {
  sweep: Sweep | undefined;
  error: Error | undefined;
  /** Whether the server's event stream is connected. */
  live: boolean;
  /** Replaces the sweep with a fresh copy from GET /sweeps/:id (e.g. after cancelling). */
  refresh: () => Promise<void>;
}

/**
 * A sweep that updates itself: loaded once, then kept current by the api's Server-Sent Events
 * (each message is the whole sweep) until it reaches a final status.
 */
export function useSweepLive(id: string): SweepLive {
  const [sweep, setSweep] = useState<Sweep>();
  const [error, setError] = useState<Error>();
  const [live, setLive] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    let source: EventSource | undefined;
    setSweep(undefined);
    setError(undefined);
    api.sweeps
      .get(id, controller.signal)
      .then((initial) => {
        setSweep(initial);
        if (isFinished(initial.status) || controller.signal.aborted) return;
        source = new EventSource(api.sweeps.eventsUrl(id));
        source.onopen = () => setLive(true);
        source.onmessage = (event: MessageEvent<string>) => {
          const next = JSON.parse(event.data) as Sweep;
          setSweep(next);
          if (isFinished(next.status)) {
            source?.close();
            setLive(false);
          }
        };
        // The browser reconnects by itself after a dropped connection; show it as not live meanwhile.
        source.onerror = () => setLive(false);
      })
      .catch((reason: unknown) => {
        if (!controller.signal.aborted) setError(reason instanceof Error ? reason : new Error(String(reason)));
      });
    return () => {
      controller.abort();
      source?.close();
      setLive(false);
    };
  }, [id]);

  const refresh = useCallback(async () => setSweep(await api.sweeps.get(id)), [id]);
  return { sweep, error, live, refresh };
}
