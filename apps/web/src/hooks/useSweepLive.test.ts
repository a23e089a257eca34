import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Sweep } from '../api/types';
import { signIn } from '../auth/session';
import { useSweepLive } from './useSweepLive';

const sweep = (status: Sweep['status']) => ({ id: 's1', status }) as Sweep;

/** GET /sweeps/s1 answers a running sweep; its events stream sends `events` and ends. */
function serve(events: string) {
  const fetchMock = vi.fn(async (url: string, _init?: RequestInit) =>
    url.endsWith('/events')
      ? new Response(events, { status: 200, headers: { 'content-type': 'text/event-stream' } })
      : new Response(JSON.stringify(sweep('running')), { status: 200, headers: { 'content-type': 'application/json' } }),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('useSweepLive', () => {
  it('follows the event stream, fetched with the API key, until the sweep finishes', async () => {
    signIn('mlk_secret');
    const fetchMock = serve(`data: ${JSON.stringify(sweep('refitting'))}\n\ndata: ${JSON.stringify(sweep('succeeded'))}\n\n`);
    const { result } = renderHook(() => useSweepLive('s1'));
    await waitFor(() => expect(result.current.sweep?.status).toBe('succeeded'));
    expect(fetchMock.mock.calls.map(([url, init]) => [url, new Headers(init?.headers).get('authorization')])).toEqual([
      ['/sweeps/s1', 'Bearer mlk_secret'],
      ['/sweeps/s1/events', 'Bearer mlk_secret'],
    ]);
    expect(result.current.live).toBe(false);
  });

  it("shows the stream's error event instead of reconnecting", async () => {
    const fetchMock = serve('event: error\ndata: Internal server error\n\n');
    const { result } = renderHook(() => useSweepLive('s1'));
    await waitFor(() => expect(result.current.error?.message).toBe("the sweep's event stream failed: Internal server error"));
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});
