import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { encodeArtifact, type EstimatorState } from '@mnist-lab/ml';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { useStack } from './stack';
import { quickRun as run, quickSweep as sweep } from './requests';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/*
 * Issue #15's project scoping and quotas through the api: keys of two projects and a viewer,
 * no workers (runs and trials stay queued, which is what the quotas count).
 */
const ADMIN_KEY = `mlk_admin_${randomBytes(16).toString('hex')}`;
const MAX_PENDING = 6;

/** A two-class logistic regression on one pixel: enough of a model to upload and predict with. */
const MODEL_STATE: EstimatorState = {
  type: 'logistic_regression',
  params: {},
  attributes: { n_features_in_: 784 },
  arrays: { coef: Float32Array.from({ length: 2 * 784 }, (_, i) => (i === 784 + 300 ? 0.05 : 0)), intercept: Float32Array.of(0, -6.4), classes: Int32Array.of(0, 1) },
  children: [],
};

describe('projects: isolation, roles, created_by and quotas', () => {
  const context = useStack(0, { ADMIN_API_KEY: ADMIN_KEY, PROJECT_MAX_PENDING_TRIALS: String(MAX_PENDING), PROJECT_MAX_CONCURRENT_SWEEPS: '1' });
  const keys: Record<'alice' | 'bob' | 'victor', { id: string; key: string }> = {} as never;

  const call = async (key: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const binary = body instanceof Uint8Array;
    const response = await fetch(`${context.stack.baseUrl}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': binary ? 'application/octet-stream' : 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : binary ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Json };
  };
  const as = (who: keyof typeof keys) => (method: string, url: string, body?: unknown) => call(keys[who].key, method, url, body);
  const admin = (method: string, url: string, body?: unknown) => call(ADMIN_KEY, method, url, body);
  const alice = as('alice');
  const bob = as('bob');
  const victor = as('victor');

  /** Every job of the runs and trials queues, whatever its state. */
  const queuedJobs = async (redis: Redis) => {
    let total = 0;
    for (const name of ['runs', 'trials']) {
      const queue = new Queue(name, { connection: redis, prefix: context.services.queuePrefix });
      const counts = await queue.getJobCounts();
      total += Object.values(counts).reduce((sum, count) => sum + count, 0);
      await queue.close();
    }
    return total;
  };
  const rows = async (db: Client) => {
    const { rows: [counts] } = await db.query<{ runs: string; sweeps: string; trials: string }>(
      'SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM sweeps) AS sweeps, (SELECT count(*) FROM sweep_trials) AS trials',
    );
    return counts;
  };

  before(async () => {
    for (const name of ['team-a', 'team-b']) assert.equal((await admin('POST', '/projects', { name })).status, 201);
    const grants = { alice: ['team-a', 'member'], bob: ['team-b', 'member'], victor: ['team-a', 'viewer'] } as const;
    for (const [name, [project, role]] of Object.entries(grants)) {
      const created = await admin('POST', '/api-keys', { name, project, role });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      keys[name as keyof typeof keys] = { id: created.body['id'], key: created.body['key'] };
    }
  });

  let runId = '';
  let modelId = '';

  it("puts a submission in the caller's only project and shows who created it", async () => {
    const submitted = await alice('POST', '/runs', run());
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    assert.equal(submitted.body['project'], 'team-a');
    runId = submitted.body['id'];
    const shown = await alice('GET', `/runs/${runId}`);
    assert.equal(shown.status, 200);
    assert.equal(shown.body['project'], 'team-a');
    assert.deepEqual(shown.body['created_by'], { key_id: keys.alice.id, name: 'alice' });
    const listed = await alice('GET', '/runs');
    assert.deepEqual(listed.body['items'].map((item: Json) => [item['id'], item['project'], item['created_by']['name']]), [[runId, 'team-a', 'alice']]);

    const uploaded = await call(keys.alice.key, 'POST', '/models', encodeArtifact(MODEL_STATE));
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
    assert.deepEqual([uploaded.body['project'], uploaded.body['created_by']], ['team-a', { key_id: keys.alice.id, name: 'alice' }]);
    modelId = uploaded.body['id'];
  });

  it("answers 404 for every route of another project's run or model, and lists none of them", async () => {
    for (const [method, url, body] of [
      ['GET', `/runs/${runId}`],
      ['POST', `/runs/${runId}/cancel`],
      ['DELETE', `/runs/${runId}`],
      ['GET', `/runs/${runId}/evaluation`],
      ['GET', `/models/${modelId}`],
      ['GET', `/models/${modelId}/artifact`],
      ['POST', `/models/${modelId}/predict`, { instances: [new Array(784).fill(0)] }],
      ['DELETE', `/models/${modelId}`],
    ] as const) {
      const answer = await bob(method, url, body);
      assert.equal(answer.status, 404, `${method} ${url}: ${JSON.stringify(answer.body)}`);
      assert.doesNotMatch(JSON.stringify(answer.body), /team-a/, 'a 404 does not name the other project');
    }
    assert.deepEqual((await bob('GET', '/runs')).body['items'], []);
    assert.deepEqual((await bob('GET', '/models')).body['items'], []);
    assert.deepEqual((await bob('GET', '/runs?project=team-a')).body['items'], []);
    // Submitting into a project the caller cannot see is a 404 too; a malformed name a 400 naming it.
    assert.equal((await bob('POST', '/runs', { ...run(), project: 'team-a' })).status, 404);
    const malformed = await bob('POST', '/runs', { ...run(), project: 'Team A!' });
    assert.deepEqual([malformed.status, malformed.body['field']], [400, 'project']);
    assert.deepEqual([(await bob('GET', '/runs?project=Team%20A')).status], [400]);
    // The run is still queued: nothing of bob's reached it.
    assert.equal((await alice('GET', `/runs/${runId}`)).body['status'], 'queued');
  });

  it("lets a viewer read its project and refuses its writes with 403; mnist_784 is everyone's", async () => {
    assert.equal((await victor('GET', `/runs/${runId}`)).status, 200);
    assert.equal((await victor('GET', '/runs')).body['items'].length, 1);
    for (const [method, url, body] of [
      ['POST', `/runs/${runId}/cancel`],
      ['DELETE', `/models/${modelId}`],
      ['POST', `/models/${modelId}/predict`, { instances: [new Array(784).fill(0)] }],
      ['POST', '/runs', run()],
    ] as const) {
      assert.equal((await victor(method, url, body)).status, 403, `${method} ${url}`);
    }
    assert.equal((await alice('POST', `/models/${modelId}/predict`, { instances: [new Array(784).fill(0)] })).status, 200);
    const datasets = await bob('GET', '/datasets');
    assert.ok(datasets.body.some((dataset: Json) => dataset['name'] === 'mnist_784' && dataset['project'] === 'default'));
    assert.equal((await bob('GET', '/datasets/mnist_784')).status, 200);
  });

  it('refuses a submission over a project quota with 429, storing and enqueueing nothing; other projects are not affected', async () => {
    // team-a: 1 run queued; a sweep of 4 trials makes 5 of MAX_PENDING = 6.
    const first = await alice('POST', '/sweeps', sweep());
    assert.equal(first.status, 202, JSON.stringify(first.body));
    assert.deepEqual([first.body['project'], (await alice('GET', `/sweeps/${first.body['id']}`)).body['created_by']['name']], ['team-a', 'alice']);
    assert.equal((await alice('POST', '/runs', run())).status, 202);

    // Closed within the test: the stack's own after hook drops the database.
    const redis = new Redis(context.services.redisUrl, { maxRetriesPerRequest: null });
    const db = new Client({ connectionString: context.services.databaseUrl });
    await db.connect();
    const stored = async () => ({ jobs: await queuedJobs(redis), rows: await rows(db) });
    const before = await stored();
    const concurrent = await alice('POST', '/sweeps', sweep());
    assert.deepEqual([concurrent.status, concurrent.body['error'], concurrent.body['field']], [429, 'quota_exceeded', 'PROJECT_MAX_CONCURRENT_SWEEPS']);
    assert.match(concurrent.body['message'], /has 1 sweeps .*allows 1/);
    const pending = await alice('POST', '/runs', run());
    assert.deepEqual([pending.status, pending.body['error'], pending.body['field']], [429, 'quota_exceeded', 'PROJECT_MAX_PENDING_TRIALS']);
    assert.match(pending.body['message'], new RegExp(`has 6 trials and runs queued or running; this submission adds 1, over PROJECT_MAX_PENDING_TRIALS = ${MAX_PENDING}`));
    try {
      assert.deepEqual(await stored(), before, 'the refused submissions stored and enqueued nothing');
    } finally {
      await db.end();
      redis.disconnect();
    }

    assert.equal((await bob('POST', '/runs', run())).status, 202, "team-b's quota is its own");
    // Cancelling frees the quota again.
    assert.equal((await alice('POST', `/sweeps/${first.body['id']}/cancel`)).status, 200);
    assert.equal((await alice('POST', '/runs', run())).status, 202);
  });
});
