import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useStack } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SOME_SWEEP = '00000000-0000-4000-8000-000000000000';

async function send(baseUrl: string, method: string, url: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Headers; body: Json }> {
  const response = await fetch(`${baseUrl}${url}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as Json };
}

/** A pipeline whose model is a pipeline whose model is ... `depth` times, around a logistic regression, as JSON text (JSON.stringify would overflow the stack). */
function nestedPipeline(depth: number): string {
  return '{"type": "pipeline", "steps": [["model", '.repeat(depth) + '{"type": "logistic_regression"}' + ']]}'.repeat(depth);
}

describe('hostile requests: cross-site forms, deep nesting, response headers', () => {
  const context = useStack(0);

  it('refuses every body a web page can post without CORS (forms, text) with 415, and cross-site requests with 403', async () => {
    const { baseUrl } = context.stack;
    const forms = [
      ['POST', '/runs', 'application/x-www-form-urlencoded', 'dataset=mnist_784'],
      ['POST', '/sweeps', 'multipart/form-data; boundary=x', '--x--'],
      ['POST', '/runs', 'text/plain', '{"dataset": "mnist_784"}'],
      ['POST', `/sweeps/${SOME_SWEEP}/cancel`, 'application/x-www-form-urlencoded', ''],
    ] as const;
    for (const [method, url, type, body] of forms) {
      const response = await send(baseUrl, method, url, { 'content-type': type }, body);
      assert.equal(response.status, 415, `${method} ${url} as ${type}: ${JSON.stringify(response.body)}`);
      assert.match(response.body['message'], /takes application\/json/);
    }
    const crossSite = await send(baseUrl, 'POST', '/runs', { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }, '{}');
    assert.equal(crossSite.status, 403);
    // The documented ways still work: JSON, and a cancel without a body (curl -X POST).
    assert.equal((await send(baseUrl, 'POST', '/runs', { 'content-type': 'application/json' }, '{}')).status, 400);
    assert.equal((await send(baseUrl, 'POST', `/sweeps/${SOME_SWEEP}/cancel`, {})).status, 404);
  });

  it('answers a deeply nested body with a 400 naming the field, whatever the depth', async () => {
    const { baseUrl } = context.stack;
    for (const depth of [50, 1000, 5000]) {
      const body = `{"dataset": "mnist_784", "estimator": ${nestedPipeline(depth)}}`;
      const response = await send(baseUrl, 'POST', '/runs', { 'content-type': 'application/json' }, body);
      assert.equal(response.status, 400, `depth ${depth}: ${JSON.stringify(response.body).slice(0, 300)}`);
      assert.equal(response.body['field'], 'body');
      assert.match(response.body['message'], /nests objects and arrays more than 64 deep/);
    }
  });

  it('does not announce its framework', async () => {
    const response = await fetch(`${context.stack.baseUrl}/health`);
    assert.equal(response.headers.get('x-powered-by'), null);
  });
});
