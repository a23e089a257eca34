import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { createEstimator, encodeArtifact, matrix, type Classifier } from '@mnist-lab/ml';
import { ADMIN_AUTHORIZATION, fetchAsAdmin, useStack } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MB = 1024 * 1024;

/** A process's resident memory in MB, as Linux counts it (VmRSS). */
function residentMb(pid: number | undefined): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(match, `no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

/** The 16-byte prefix of an artifact whose header has `headerLength` bytes. */
function prefix(headerLength: number): Buffer {
  const bytes = Buffer.alloc(16);
  bytes.write('MNLABART', 0, 'latin1');
  bytes.writeUInt32LE(1, 8);
  bytes.writeUInt32LE(headerLength, 12);
  return bytes;
}

/** A valid header, padded to 8 bytes, for a logistic regression whose one array fills a payload of `payloadBytes`. */
function headerFor(payloadBytes: number): Buffer {
  const header = {
    format_version: 1,
    created_at: new Date().toISOString(),
    library: { name: '@mnist-lab/ml', version: '0.1.0' },
    estimator: { type: 'logistic_regression', params: {} },
    classes: null,
    metadata: {},
    state: { type: 'logistic_regression', params: {}, attributes: {}, children: [] },
    arrays: [{ path: '/arrays/coef', dtype: 'float32', length: payloadBytes / 4, offset: 0, byteLength: payloadBytes }],
    payload: { byteLength: payloadBytes, sha256: '0'.repeat(64) },
  };
  const json = Buffer.from(JSON.stringify(header));
  return Buffer.concat([json, Buffer.alloc((8 - (json.length % 8)) % 8, ' ')]);
}

/** The artifact with its estimator's params edited where the header holds them (estimator, and state unless the edit is no object). */
function withEstimatorParams(bytes: Uint8Array, edit: (params: Json) => unknown): Buffer {
  const buffer = Buffer.from(bytes);
  const headerLength = buffer.readUInt32LE(12);
  const header = JSON.parse(buffer.toString('utf8', 16, 16 + headerLength)) as Json;
  header['estimator']['params'] = edit(header['estimator']['params']);
  const stateParams = edit(header['state']['params']);
  if (typeof stateParams === 'object') header['state']['params'] = stateParams;
  const json = Buffer.from(JSON.stringify(header));
  const padded = Buffer.concat([json, Buffer.alloc((8 - ((16 + json.length) % 8)) % 8, ' ')]);
  return Buffer.concat([prefix(padded.length), padded, buffer.subarray(16 + headerLength)]);
}

interface Upload {
  readonly status: number;
  readonly body: Json;
  /** Milliseconds from the request's start to its answer. */
  readonly answeredAfterMs: number;
  /** Bytes of the body written when the answer came. */
  readonly writtenWhenAnswered: number;
}

/**
 * POSTs `head` then `fill` repeated up to `total` bytes (Content-Length: `declared`; null sends
 * the body chunked, without one) as application/octet-stream, writing as fast as the api reads,
 * and stops writing once the answer arrives.
 */
function upload(baseUrl: string, head: Buffer, total: number, fill: Buffer, declared: number | null = total): Promise<Upload> {
  const url = new URL('/models', baseUrl);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const length = declared === null ? {} : { 'content-length': String(declared) };
    const req = request(url, { method: 'POST', headers: { ...ADMIN_AUTHORIZATION, 'content-type': 'application/octet-stream', ...length } }, (res) => {
      answered = true;
      const answeredAfterMs = performance.now() - started;
      const writtenWhenAnswered = written;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Json, answeredAfterMs, writtenWhenAnswered });
        req.destroy();
      });
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && written < total) {
        const chunk = written === 0 ? head : fill.subarray(0, Math.min(fill.length, total - written));
        written += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered && written >= total && written >= (declared ?? 0)) req.end();
    };
    pump();
  });
}

/** Latencies of GET /health, every 100 ms, while `during` runs. */
async function healthLatencies(baseUrl: string, during: Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  let done = false;
  void during.finally(() => (done = true));
  while (!done) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5000) });
    assert.equal(response.status, 200);
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return latencies;
}

describe('uploads cannot hang the api', () => {
  const context = useStack(0);

  it('still stores a real artifact sent raw or as a multipart form, and refuses a multipart one with an oversized header', async () => {
    const X = matrix(Float32Array.from({ length: 40 * 784 }, (_, i) => (i * 7919) % 256), 40, 784);
    const y = Int32Array.from({ length: 40 }, (_, i) => i % 4);
    const model = createEstimator({ type: 'logistic_regression', params: { max_iter: 2, random_state: 0 } }) as Classifier;
    const artifact = encodeArtifact((await model.fit(X, y)).serialize(), { dataset: 'mnist_784' });
    const raw = await fetchAsAdmin(`${context.stack.baseUrl}/models`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: artifact });
    assert.equal(raw.status, 201, await raw.clone().text());
    const form = new FormData();
    form.append('file', new Blob([artifact]), 'model.mnlab');
    const again = await fetchAsAdmin(`${context.stack.baseUrl}/models`, { method: 'POST', body: form });
    assert.equal(again.status, 200, await again.clone().text());
    assert.equal(((await again.json()) as Json)['id'], ((await raw.json()) as Json)['id']);

    // The headers: params that are a number, or values no submitted spec may have.
    for (const [edit, field] of [
      [() => 5, 'estimator.params'],
      [(params: Json) => ({ ...params, max_iter: 0 }), 'estimator.params.max_iter'],
      [(params: Json) => ({ ...params, solver: -2147483648 }), 'estimator.params.solver'],
      [(params: Json) => ({ ...params, tol: 'x' }), 'estimator.params.tol'],
    ] as const) {
      const tampered = await fetchAsAdmin(`${context.stack.baseUrl}/models`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array(withEstimatorParams(artifact, edit)),
      });
      const body = (await tampered.json()) as Json;
      assert.equal(tampered.status, 400, JSON.stringify(body));
      assert.equal(body['field'], field, JSON.stringify(body));
    }

    const oversized = new FormData();
    oversized.append('file', new Blob([new Uint8Array(prefix(300 * MB)), new Uint8Array(MB).fill(0x5b)]), 'huge.mnlab');
    const refused = await fetchAsAdmin(`${context.stack.baseUrl}/models`, { method: 'POST', body: oversized });
    assert.equal(refused.status, 413, await refused.clone().text());
    assert.match(((await refused.json()) as Json)['message'], /artifact header declares 300 MB/);
  });

  it('refuses a 300 MB body whose header is a 150M-element array after its first bytes, with 413 and memory flat', async (t) => {
    const headerLength = 300 * MB;
    const before = residentMb(context.stack.api.child.pid);
    const result = await upload(context.stack.baseUrl, Buffer.concat([prefix(headerLength), Buffer.from('[')]), 16 + headerLength, Buffer.alloc(MB, '0,'));
    const grown = residentMb(context.stack.api.child.pid) - before;
    t.diagnostic(`the api's resident memory grew by ${grown.toFixed(1)} MB (from ${before.toFixed(0)} MB) while refusing it`);
    assert.ok(grown < 100, `the api's resident memory grew by ${grown.toFixed(0)} MB`);
    assert.equal(result.status, 413, JSON.stringify(result.body));
    assert.equal(result.body['error'], 'payload_too_large');
    assert.match(result.body['message'], /artifact header declares 300 MB, more than the limit of 4 MB/);
    assert.ok(result.answeredAfterMs < 2000, `answered after ${result.answeredAfterMs} ms`);
    assert.ok(result.writtenWhenAnswered < 100 * MB, `${result.writtenWhenAnswered} bytes were sent before the answer`);
  });

  it('refuses a body declared larger than the limit before reading it, and a chunked one whose header declares a file larger than the limit', async () => {
    const declared = await upload(context.stack.baseUrl, prefix(64), 1 * MB, Buffer.alloc(MB), 600 * MB);
    assert.equal(declared.status, 413);
    assert.match(declared.body['message'], /larger than the limit of 512 MB/);
    assert.ok(declared.answeredAfterMs < 2000);
    const header = headerFor(1024 * MB);
    const claimed = await upload(context.stack.baseUrl, Buffer.concat([prefix(header.length), header]), 16 + header.length + 1024 * MB, Buffer.alloc(MB), null);
    assert.equal(claimed.status, 413);
    assert.match(claimed.body['message'], /header declares a 1024 MB file, more than the limit of 512 MB/);
    assert.ok(claimed.writtenWhenAnswered < 200 * MB, `${claimed.writtenWhenAnswered} bytes were sent before the answer`);
  });

  it('keeps /health answering fast while a 200 MB upload streams in, then refuses its bad payload with 400', async () => {
    const payloadBytes = 200 * MB;
    const header = headerFor(payloadBytes);
    const pending = upload(context.stack.baseUrl, Buffer.concat([prefix(header.length), header]), 16 + header.length + payloadBytes, Buffer.alloc(MB, 7));
    const latencies = await healthLatencies(context.stack.baseUrl, pending);
    const result = await pending;
    assert.equal(result.status, 400, JSON.stringify(result.body));
    assert.match(result.body['message'], /payload is corrupted or was modified/);
    assert.ok(latencies.length >= 1);
    // Generous for a loaded CI machine: before the fix, /health did not answer for over 10 minutes.
    assert.ok(Math.max(...latencies) < 3000, `slowest /health during the upload: ${Math.max(...latencies)} ms (${latencies.length} probes)`);
  });

  it('reads at most 2 uploads at once: a third is a 503 with Retry-After at once, and the slots come back when the uploads end', async () => {
    const header = headerFor(64 * MB);
    const stalled = [0, 1].map(() => {
      const req = request(new URL('/models', context.stack.baseUrl), {
        method: 'POST',
        headers: { ...ADMIN_AUTHORIZATION, 'content-type': 'application/octet-stream', 'content-length': String(16 + header.length + 64 * MB) },
      });
      req.on('error', () => undefined);
      req.write(Buffer.concat([prefix(header.length), header, Buffer.alloc(MB)]));
      return req;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const third = await fetchAsAdmin(`${context.stack.baseUrl}/models`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(prefix(64)) });
    assert.equal(third.status, 503, await third.clone().text());
    assert.equal(third.headers.get('retry-after'), '10');
    assert.match(((await third.json()) as Json)['message'], /2 model uploads are in progress/);
    for (const req of stalled) req.destroy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await fetchAsAdmin(`${context.stack.baseUrl}/models`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(prefix(64)) });
    assert.equal(after.status, 400, await after.clone().text());
  });

  it('answers a header claiming 10^9 values with a 1 KB body with 400 in milliseconds, memory flat', async (t) => {
    const header = headerFor(4);
    const huge = Buffer.from(header.toString().replace('"length":1,', '"length":1000000000,').replace('"byteLength":4}', '"byteLength":4000000000}'));
    const body = Buffer.concat([prefix(huge.length), huge, Buffer.alloc(1024 - 16 - huge.length > 0 ? 1024 - 16 - huge.length : 0)]);
    const before = residentMb(context.stack.api.child.pid);
    const result = await upload(context.stack.baseUrl, body, body.length, Buffer.alloc(0));
    // Allocating what the header claims would take 4 GB.
    const grown = residentMb(context.stack.api.child.pid) - before;
    t.diagnostic(`the api's resident memory grew by ${grown.toFixed(1)} MB (from ${before.toFixed(0)} MB), answered after ${result.answeredAfterMs.toFixed(0)} ms`);
    assert.ok(grown < 50, `the api's resident memory grew by ${grown.toFixed(0)} MB`);
    assert.equal(result.status, 400, JSON.stringify(result.body));
    assert.match(result.body['message'], /past the 4-byte payload/);
    assert.ok(result.answeredAfterMs < 1000);
  });
});
