export interface StreamEvent {
  /** `message` unless the server named it (`event: error`). */
  event: string;
  data: string;
}

/**
 * Each event of a text/event-stream body, as EventSource would deliver it (multi-line data joined
 * by "\n"; comments, ids and retry hints skipped). The dashboard reads its streams with fetch
 * because EventSource cannot send the API key.
 */
export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamEvent> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffered = '';
  let data: string[] = [];
  let event = 'message';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      const lines = buffered.split(/\r?\n/);
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) yield { event, data: data.join('\n') };
          data = [];
          event = 'message';
        } else if (line.startsWith('data:')) {
          data.push(fieldValue(line, 'data:'));
        } else if (line.startsWith('event:')) {
          event = fieldValue(line, 'event:');
        }
      }
    }
  } finally {
    // Ends the response when the reader stops early (the sweep finished, the page closed).
    await reader.cancel().catch(() => undefined);
  }
}

/** A field's value: after its name and one optional space. */
const fieldValue = (line: string, name: string): string => line.slice(line.startsWith(`${name} `) ? name.length + 1 : name.length);
