import { describe, expect, it } from 'vitest';
import { readEvents } from './event-stream';

/** A body that arrives in these chunks, as a network would split it. */
function body(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

describe('readEvents', () => {
  it('yields the data of each event as EventSource would, across chunk boundaries', async () => {
    const events = [];
    const chunks = [': comment\n\nid: 1\ndata: {"a":', '1}\r', '\n\r\ndata:two\ndata: lines\n\nretry: 10\n\nevent: error\ndata: Internal server error\n\ndata: unterminated'];
    for await (const event of readEvents(body(...chunks))) events.push(event);
    expect(events).toEqual([
      { event: 'message', data: '{"a":1}' },
      { event: 'message', data: 'two\nlines' },
      { event: 'error', data: 'Internal server error' },
    ]);
  });
});
