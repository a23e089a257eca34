import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sample } from 'openapi-sampler';
import { api, useStack, waitFor } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Request bodies the document describes only as files (uploads): no JSON example to send. */
const FILE_BODIES = ['POST /datasets', 'POST /models'];

/**
 * Where `value` breaks `schema` (OpenAPI 3.0: type, nullable, enum, required, properties, items,
 * $ref); empty when it conforms. Enough to catch a documented response that the api does not send.
 */
function violations(schema: Json, value: unknown, document: Json, path = '$'): string[] {
  if (schema['$ref']) return violations(resolve(document, schema['$ref']), value, document, path);
  if (value === null) return schema['nullable'] || schema['type'] === undefined ? [] : [`${path}: null, but not nullable`];
  if (schema['enum'] && !schema['enum'].includes(value)) return [`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema['enum'])}`];
  const type = schema['type'];
  const actual = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (type && !(type === actual || (type === 'number' && actual === 'integer'))) return [`${path}: a ${actual}, documented as ${type}`];
  if (type === 'array') return (value as unknown[]).flatMap((item, i) => violations(schema['items'] ?? {}, item, document, `${path}[${i}]`));
  if (type !== 'object') return [];
  const record = value as Record<string, unknown>;
  const missing = (schema['required'] ?? []).filter((name: string) => !(name in record)).map((name: string) => `${path}.${name}: missing`);
  const properties = Object.entries((schema['properties'] ?? {}) as Record<string, Json>).filter(([name]) => name in record);
  return [...missing, ...properties.flatMap(([name, property]) => violations(property, record[name], document, `${path}.${name}`))];
}

function resolve(document: Json, ref: string): Json {
  return ref.replace(/^#\//, '').split('/').reduce((node, key) => node[key], document);
}

/**
 * issue #19 item 12: what the OpenAPI document (as /docs-json serves it) promises, checked against
 * the running api. Each documented JSON request example, built from the schemas as "Try it out"
 * builds it, must be accepted; the responses must be what their schemas say.
 */
describe('the OpenAPI document against the running api', () => {
  const context = useStack(1);
  const call = (method: string, url: string, body?: unknown) => api<Json>(context.stack.baseUrl, method, url, body);

  it('accepts every documented example request, and answers as its response schema says', async () => {
    const document = (await call('GET', '/docs-json')).body;
    const operations = Object.entries(document['paths'] as Json).flatMap(([path, item]) =>
      Object.entries(item as Json).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, method, path, operation: operation as Json })),
    );
    const withBody = operations.filter(({ operation }) => operation['requestBody']);
    const jsonBodies = withBody.filter(({ operation }) => operation['requestBody']['content']['application/json']);
    assert.deepEqual(withBody.filter((op) => !jsonBodies.includes(op)).map(({ name }) => name).sort(), FILE_BODIES);

    const checkResponse = (name: string, schemaOf: Json, status: number, body: unknown) => {
      const schema = schemaOf['responses'][String(status)]?.['content']?.['application/json']?.['schema'];
      assert.ok(schema, `${name}: ${status} is not documented with a JSON schema`);
      assert.deepEqual(violations(schema, body, document), [], `${name} ${status}: ${JSON.stringify(body).slice(0, 500)}`);
    };
    const sent: string[] = [];
    /** Sends operation `name`'s example, built from its schema as "Try it out" builds it, to `url`; it must be accepted. */
    const sendExample = async (name: string, url: string, status: number) => {
      const op = jsonBodies.find((candidate) => candidate.name === name);
      assert.ok(op, `${name} has a JSON request body`);
      const body = sample(op.operation['requestBody']['content']['application/json']['schema'], {}, document);
      const response = await call(op.method.toUpperCase(), url, body);
      assert.equal(response.status, status, `${name} ${JSON.stringify(body).slice(0, 500)}: ${JSON.stringify(response.body).slice(0, 500)}`);
      checkResponse(name, op.operation, response.status, response.body);
      sent.push(name);
      return response.body;
    };

    // A fresh database: the example project does not exist yet, the example key's project does.
    await sendExample('POST /projects', '/projects', 201);
    await sendExample('POST /api-keys', '/api-keys', 201);
    // POST /runs's example first: its run's model is the one the predict example's path needs.
    const runId = (await sendExample('POST /runs', '/runs', 202))['id'];
    const finished = await waitFor(
      async () => (await call('GET', `/runs/${runId}`)).body,
      (found) => found['status'] === 'succeeded' || found['status'] === 'failed',
      240_000,
      'the example run',
    );
    assert.equal(finished['status'], 'succeeded', finished['error']);
    const modelId = finished['model']['id'];
    await sendExample('POST /models/{id}/predict', `/models/${modelId}/predict`, 200);
    // Sent last, and cancelled at once: its forests are not what this test is about.
    const sweepId = (await sendExample('POST /sweeps', '/sweeps', 202))['id'];
    const cancelled = await call('POST', `/sweeps/${sweepId}/cancel`);
    checkResponse('POST /sweeps/{id}/cancel', document['paths']['/sweeps/{id}/cancel']['post'], cancelled.status, cancelled.body);
    assert.deepEqual(sent.sort(), jsonBodies.map(({ name }) => name).sort(), 'every JSON example was sent');

    // The JSON GETs, with the ids made above.
    const ids: Record<string, string> = { '/runs/{id}': runId, '/sweeps/{id}': sweepId, '/models/{id}': modelId, '/datasets/{name}': 'mnist_784' };
    for (const { name, method, path, operation } of operations) {
      if (method !== 'get' || !operation['responses']['200']?.['content']?.['application/json']) continue;
      const url = path.replace(/\{[a-z_]+\}/g, (param) => {
        const prefix = path.slice(0, path.indexOf(param) + param.length);
        assert.ok(ids[prefix], `${name}: no id for ${param}`);
        return ids[prefix];
      });
      const response = await call('GET', url);
      assert.equal(response.status, 200, `${name}: ${JSON.stringify(response.body).slice(0, 300)}`);
      checkResponse(name, operation, 200, response.body);
    }
  });
});
