import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fetchAsAdmin, useStack } from './stack';

const TRUSTED = 'https://ml.example.com';

/** A JSON run request padded to about `megabytes` MB with an ignored-by-nobody string, so the size is all that matters. */
function bodyOf(megabytes: number): string {
  return JSON.stringify({ dataset: 'mnist_784', padding: 'x'.repeat(Math.round(megabytes * 1024 * 1024)) });
}

describe('HTTP hardening: security headers, CORS allow-list, body limits per route', () => {
  const context = useStack(0, { CORS_ORIGINS: TRUSTED, BODY_LIMIT_MB: '1', PREDICT_BODY_LIMIT_MB: '4' });
  const url = (path: string) => `${context.stack.baseUrl}${path}`;

  it('sends helmet headers with a content security policy on the api and the dashboard', async () => {
    for (const path of ['/health', '/']) {
      const response = await fetch(url(path));
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'.*frame-ancestors 'none'/, path);
      assert.equal(response.headers.get('x-powered-by'), null, path);
    }
  });

  it('answers CORS only for the configured origins', async () => {
    const preflight = (origin: string) =>
      fetch(url('/runs'), { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    const trusted = await preflight(TRUSTED);
    assert.equal(trusted.headers.get('access-control-allow-origin'), TRUSTED);
    const other = await preflight('https://evil.example');
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  it('refuses JSON over BODY_LIMIT_MB with 413, and gives predictions their own larger limit', async () => {
    const post = (path: string, body: string) => fetchAsAdmin(url(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const tooLarge = await post('/runs', bodyOf(1.5));
    assert.equal(tooLarge.status, 413);
    const refusal = (await tooLarge.json()) as Record<string, unknown>;
    assert.equal(refusal['error'], 'payload_too_large');
    // Under the limit, the same body gets to validation (a 400 naming the unknown field), not a 413.
    assert.equal((await post('/runs', bodyOf(0.5))).status, 400);
    // 1.5 MB is within the predict route's 4 MB: the body is read and refused for its content (no instances), not its size.
    const model = '00000000-0000-4000-8000-000000000000';
    const withinPredictLimit = await post(`/models/${model}/predict`, bodyOf(1.5));
    assert.equal(withinPredictLimit.status, 400);
    assert.notEqual(((await withinPredictLimit.json()) as Record<string, unknown>)['error'], 'payload_too_large');
    assert.equal((await post(`/models/${model}/predict`, bodyOf(5))).status, 413);
  });
});
