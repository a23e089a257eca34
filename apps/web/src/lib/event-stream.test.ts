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
    const events: string[] = [];
    for await (const data of readEvents(body(': comment\n\nid: 1\ndata: {"a":', '1}\r', '\n\r\ndata:two\ndata: lines\n\nretry: 10\n\ndata: unterminated'))) events.push(data);
    expect(events).toEqual(['{"a":1}', 'two\nlines']);
  });
});
