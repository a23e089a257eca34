import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { Sweep } from '../api/types';
import { isFinished } from '../lib/catalog';
import { readEvents } from '../lib/event-stream';

export interface SweepLive {
  sweep: Sweep | undefined;
  error: Error | undefined;
  /** Whether the server's event stream is connected. */
  live: boolean;
  /** Replaces the sweep with a fresh copy from GET /sweeps/:id (e.g. after cancelling). */
  refresh: () => Promise<void>;
}

/** After a dropped stream, as EventSource would wait before reconnecting. */
const RECONNECT_MS = 2000;

/** A failure worth reconnecting after: the network (fetch's TypeError, ApiError 0) or the api restarting (5xx). */
const droppedConnection = (reason: unknown): boolean => reason instanceof TypeError || (reason instanceof ApiError && (reason.status === 0 || reason.status >= 500));

/**
 * A sweep that updates itself: loaded once, then kept current by the api's Server-Sent Events
 * (each message is the whole sweep) until it reaches a final status. The stream is fetched with
 * the API key and reconnected after a dropped connection; anything else (a 4xx, an error event) is shown.
 */
export function useSweepLive(id: string): SweepLive {
  const [sweep, setSweep] = useState<Sweep>();
  const [error, setError] = useState<Error>();
  const [live, setLive] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setSweep(undefined);
    setError(undefined);
    const follow = async () => {
      let latest = await api.sweeps.get(id, signal);
      setSweep(latest);
      while (!isFinished(latest.status) && !signal.aborted) {
        try {
          const response = await api.sweeps.events(id, signal);
          if (!response.body) throw new Error('the event stream has no body');
          setLive(true);
          for await (const { event, data } of readEvents(response.body)) {
            if (event === 'error') throw new Error(`the sweep's event stream failed: ${data}`);
            latest = JSON.parse(data) as Sweep;
            setSweep(latest);
            if (isFinished(latest.status)) break;
          }
        } catch (reason) {
          if (signal.aborted || !droppedConnection(reason)) throw reason;
        }
        setLive(false);
        if (!isFinished(latest.status)) await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
      }
    };
    follow().catch((reason: unknown) => {
      if (!signal.aborted) setError(reason instanceof Error ? reason : new Error(String(reason)));
    });
    return () => {
      controller.abort();
      setLive(false);
    };
  }, [id]);

  const refresh = useCallback(async () => setSweep(await api.sweeps.get(id)), [id]);
  return { sweep, error, live, refresh };
}
