/**
 * The `data` of each event of a text/event-stream body, as EventSource would deliver it (multi-line
 * data joined by "\n"; comments, ids and retry hints skipped). The dashboard reads its streams with
 * fetch because EventSource cannot send the API key.
 */
export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffered = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      const lines = buffered.split(/\r?\n/);
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) yield data.join('\n');
          data = [];
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        }
      }
    }
  } finally {
    // Ends the response when the reader stops early (the sweep finished, the page closed).
    await reader.cancel().catch(() => undefined);
  }
}
