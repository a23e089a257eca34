import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fetchAsAdmin, useStack } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SOME_SWEEP = '00000000-0000-4000-8000-000000000000';

async function send(baseUrl: string, method: string, url: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Headers; body: Json }> {
  const response = await fetchAsAdmin(`${baseUrl}${url}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as Json };
}

/** A pipeline whose model is a pipeline whose model is ... `depth` times, around a logistic regression, as JSON text (JSON.stringify would overflow the stack). */
function nestedPipeline(depth: number): string {
  return '{"type": "pipeline", "steps": [["model", '.repeat(depth) + '{"type": "logistic_regression"}' + ']]}'.repeat(depth);
}

describe('hostile requests: cross-site forms, deep nesting, unfittable runs, response headers', () => {
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

  it('refuses a run or a sweep no worker could fit with a 400 naming the parameter, the estimate and the limit', async () => {
    const { baseUrl } = context.stack;
    const json = { 'content-type': 'application/json' };
    const forest = (params: Json) => ({ type: 'pipeline', steps: [['scale', { type: 'standard_scaler' }], ['model', { type: 'random_forest', params }]] });
    const run = await send(baseUrl, 'POST', '/runs', json, JSON.stringify({ dataset: 'mnist_784', estimator: forest({ n_estimators: 1_000_000_000 }) }));
    assert.equal(run.status, 400);
    assert.equal(run.body['field'], 'estimator.steps[1][1].params.n_estimators');
    assert.match(run.body['message'], /would need about \d+ MB and \d+ s on one core, over the memory limit of \d+ MB \(RUN_MAX_MEMORY_MB\)/);
    const sweep = await send(baseUrl, 'POST', '/sweeps', json, JSON.stringify({
      dataset: 'mnist_784',
      estimator: forest({}),
      param_distributions: { model__n_estimators: { dist: 'randint', low: 1, high: 1_000_000_000 } },
      n_iter: 2,
    }));
    assert.equal(sweep.status, 400);
    assert.equal(sweep.body['field'], 'param_distributions.model__n_estimators');
    const empty = await send(baseUrl, 'POST', '/runs', json, JSON.stringify({ dataset: 'mnist_784', n_samples: 5000, split: { test_size: 5000 }, estimator: forest({}) }));
    assert.equal(empty.status, 400);
    assert.equal(empty.body['field'], 'split.test_size');
  });

  it('answers estimators nested too deep within a shallow body with a 400 naming the estimator', async () => {
    const body = `{"dataset": "mnist_784", "estimator": ${nestedPipeline(12)}}`;
    const response = await send(context.stack.baseUrl, 'POST', '/runs', { 'content-type': 'application/json' }, body);
    assert.equal(response.status, 400);
    assert.equal(response.body['field'], `estimator${'.steps[0][1]'.repeat(8)}`);
    assert.match(response.body['message'], /estimators are nested more than 8 deep/);
  });

  it('does not announce its framework', async () => {
    const response = await fetch(`${context.stack.baseUrl}/health`);
    assert.equal(response.headers.get('x-powered-by'), null);
  });

  it('reports itself ready at start only once Postgres and Redis answer, as /health does', async () => {
    const health = await fetch(`${context.stack.baseUrl}/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as Json)['message'], 'ready: postgres and redis answer');
    assert.match(context.stack.api.output(), /api listening on .*; ready: postgres and redis answer/);
  });
});
