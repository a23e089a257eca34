import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import fc from 'fast-check';
import { scaledRun } from './requests';
import { fetchAsAdmin, useStack } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Property-based fuzzing of every route the api documents (its own OpenAPI document, so a new
 * route is fuzzed without being listed here): random methods' bodies, content types, path
 * parameters and query strings, seeded so a failure replays. Properties: no answer is a 5xx, and
 * a request that is refused (4xx) enqueues no job. No worker runs, so every job that a request
 * enqueues stays in Redis where it can be counted.
 */
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261203);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 2000);

/** Routes that stream until their resource ends; fuzzed with ids that cannot exist, so they answer at once. */
const STREAMING = /\/events$/;

const VALID_RUN = scaledRun({ type: 'random_forest', params: { n_estimators: 5, random_state: 0 } }, 1000);

const VALID_SWEEP = {
  ...VALID_RUN,
  param_distributions: { model__n_estimators: [5, 10], model__max_depth: [null, 3] },
  n_iter: 2,
  cv: 3,
  random_state: 0,
};

interface Route {
  readonly method: string;
  readonly path: string;
  readonly query: readonly string[];
}

describe('fuzzing every documented route', () => {
  const context = useStack(0);
  let routes: Route[] = [];
  const queues: Queue[] = [];

  before(async () => {
    const document = (await (await fetch(`${context.stack.baseUrl}/docs-json`)).json()) as Json;
    routes = Object.entries(document['paths'] as Json).flatMap(([path, operations]) =>
      Object.entries(operations as Json)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, operation]) => ({
          method: method.toUpperCase(),
          path,
          query: ((operation as Json)['parameters'] ?? []).filter((p: Json) => p['in'] === 'query').map((p: Json) => p['name'] as string),
        })),
    );
    const connection = { url: process.env['TEST_REDIS_URL'] ?? context.services.redisUrl };
    for (const name of ['runs', 'trials', 'sweeps']) queues.push(new Queue(name, { connection, prefix: context.services.queuePrefix }));
  });

  after(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
  });

  const enqueuedJobs = async (): Promise<number> => {
    const counts = await Promise.all(queues.map((queue) => queue.getJobCounts()));
    return counts.reduce((sum, count) => sum + Object.values(count).reduce((a, b) => a + b, 0), 0);
  };

  it('covers a route list read from the api itself', () => {
    const paths = new Set(routes.map((route) => `${route.method} ${route.path}`));
    for (const expected of ['POST /runs', 'GET /runs', 'POST /sweeps', 'GET /models', 'POST /models/{id}/predict']) {
      assert.ok(paths.has(expected), `${expected} is documented (found ${[...paths].join(', ')})`);
    }
  });

  it(`answers ${RUNS} random requests with no 5xx, and enqueues nothing for a refused one`, async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(requestArbitrary(routes), async (request) => {
        const before = await enqueuedJobs();
        const response = await send(context.stack.baseUrl, request);
        const after = await enqueuedJobs();
        const where = `${request.method} ${request.url} (${request.contentType ?? 'no body'}: ${request.body.slice(0, 300)})`;
        if (response.status >= 500) failures.push(`${response.status} for ${where}: ${response.text.slice(0, 300)}`);
        if (response.status >= 400 && after !== before) failures.push(`${response.status} enqueued ${after - before} jobs for ${where}`);
        return response.status < 500 && (response.status < 400 || after === before);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    assert.deepEqual(failures, []);
  });
});

interface FuzzRequest {
  readonly method: string;
  readonly url: string;
  readonly contentType?: string;
  readonly body: string;
}

async function send(baseUrl: string, request: FuzzRequest): Promise<{ status: number; text: string }> {
  const response = await fetchAsAdmin(`${baseUrl}${request.url}`, {
    method: request.method,
    headers: request.contentType ? { 'content-type': request.contentType } : {},
    body: request.method === 'GET' || request.method === 'DELETE' || request.contentType === undefined ? undefined : request.body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, text: await response.text() };
}

/** Values scikit-learn users and attackers type: edge numbers, wrong types, deep and odd structures. */
const nastyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -1, 1, 0.5, -0.0, 1e308, -1e308, 2 ** 31, -(2 ** 31), 2 ** 53, 1e9, '', ' ', 'None', 'nan', 'inf', '__proto__', 'constructor'),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.string({ maxLength: 20 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('type', 'params', 'steps', '__proto__', 'estimator')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A valid document with one field (at any depth) replaced, removed or given an extra sibling. */
function mutated(valid: Json): fc.Arbitrary<unknown> {
  const paths = fieldPaths(valid);
  return fc.tuple(fc.constantFrom(...paths), fc.constantFrom('replace', 'remove', 'extra'), nastyValue).map(([path, how, value]) => {
    const copy = structuredClone(valid) as Json;
    let parent: Json = copy;
    for (const key of path.slice(0, -1)) parent = parent[key];
    const last = path[path.length - 1];
    if (how === 'replace') parent[last] = value;
    else if (how === 'remove') delete parent[last];
    else parent[`extra_${String(last)}`] = value;
    return copy;
  });
}

function fieldPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...fieldPaths(child, [...prefix, key])]);
}

/**
 * A pipeline nested `depth` deep, as JSON text (deeper than JSON.stringify itself can write):
 * stack-depth attacks on parsing, validation and storage.
 */
const deepSpecJson = fc.integer({ min: 1, max: 3000 }).map((depth) => {
  const estimator = `${'{"type":"pipeline","steps":[["inner",'.repeat(depth)}{"type":"random_forest"}${']]}'.repeat(depth)}`;
  return `${JSON.stringify({ ...VALID_RUN, estimator: null }).replace('"estimator":null', `"estimator":${estimator}`)}`;
});

function requestArbitrary(routes: readonly Route[]): fc.Arbitrary<FuzzRequest> {
  const pathParam = fc.oneof(fc.uuid(), fc.constantFrom('0', '-1', 'null', '..', '%2e%2e', 'a'.repeat(300), '00000000-0000-0000-0000-000000000000'), fc.string({ minLength: 1, maxLength: 12 }));
  const queryValue = fc.oneof(fc.constantFrom('', '0', '-1', '1e9', 'true', 'null', 'test', 'train', 'none', 'all', 'pred', 'accuracy'), fc.string({ maxLength: 10 }), fc.integer().map(String));
  const jsonBody = fc.oneof(
    mutated(VALID_RUN),
    mutated(VALID_SWEEP),
    nastyValue,
    fc.record({ instances: fc.array(fc.array(fc.oneof(fc.integer({ min: -5, max: 300 }), fc.constant(null)), { maxLength: 800 }), { maxLength: 3 }) }),
  );
  const body = fc.oneof(
    { weight: 6, arbitrary: jsonBody.map((value) => ({ contentType: 'application/json', body: JSON.stringify(value) ?? 'null' })) },
    { weight: 1, arbitrary: deepSpecJson.map((text) => ({ contentType: 'application/json', body: text })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((text) => ({ contentType: 'application/json', body: text })) },
    { weight: 1, arbitrary: fc.constantFrom('a=1&b=2', 'dataset=mnist_784').map((text) => ({ contentType: 'application/x-www-form-urlencoded', body: text })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3000 }).map((bytes) => ({ contentType: 'application/octet-stream', body: Buffer.from(bytes).toString('latin1') })) },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'image/png', 'multipart/form-data; boundary=x').map((contentType) => ({ contentType, body: 'hello' })) },
    { weight: 1, arbitrary: fc.constant({ contentType: undefined, body: '' }) },
  );
  return fc
    .tuple(fc.constantFrom(...routes), fc.array(pathParam, { minLength: 4, maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 8 }), queryValue, { maxKeys: 3 }), fc.array(queryValue, { minLength: 3, maxLength: 3 }), body)
    .map(([route, params, extraQuery, documentedValues, { contentType, body: text }]) => {
      let index = 0;
      const path = route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(params[index++ % params.length]));
      const query = new URLSearchParams();
      route.query.forEach((name, i) => {
        if (i < documentedValues.length) query.set(name, documentedValues[i]);
      });
      for (const [name, value] of Object.entries(extraQuery)) query.set(name, value);
      const search = query.toString();
      const url = STREAMING.test(route.path) ? path : `${path}${search ? `?${search}` : ''}`;
      return { method: route.method, url, contentType, body: text };
    });
}
