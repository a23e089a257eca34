import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { encodeArtifact, type EstimatorState } from '@mnist-lab/ml';
import { Client } from 'pg';
import { logistic, scaledPipeline, scaledRun } from './requests';
import { fetchAsAdmin, freePort, jsonLogLines, sleep, startProcess, TEST_ADMIN_KEY, useStack, type ProcessHandle } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/*
 * Issue #15's authentication and authorization, over every route the api registers (as Nest's
 * router logged them at boot, so a new route is in the matrix without anyone adding it) and
 * every kind of caller; then revocation across two api instances, and keys shown once, stored hashed.
 */

/** Routes anyone may call. */
const PUBLIC = new Set(['GET /health', 'GET /health/live', 'GET /metrics']);
/** Routes that need `manage` (an admin); every other one needs read (GET) or write. */
const MANAGE = new Set(['POST /projects', 'GET /audit', 'POST /api-keys', 'GET /api-keys', 'DELETE /api-keys/:id']);
/** ... and of those, the ones only a global admin may use. */
const GLOBAL_ADMIN_ONLY = new Set(['POST /projects']);

/** Bodies that pass validation, where the answer must depend on who asks (an empty body is a 400 for everyone). */
const VALID_BODIES: Record<string, () => unknown> = {
  'POST /projects': () => ({ name: `p-${randomBytes(3).toString('hex')}` }),
  'POST /api-keys': () => ({ name: 'matrix', project: 'alpha', role: 'viewer' }),
  'POST /models/:id/predict': () => ({ instances: [new Array(784).fill(0)] }),
};

type Identity = 'none' | 'malformed' | 'wrong' | 'expired' | 'revoked' | 'viewer' | 'other-member' | 'member' | 'admin' | 'global-admin';
const UNAUTHENTICATED: readonly Identity[] = ['none', 'malformed', 'wrong', 'expired', 'revoked'];

/** A two-class logistic regression on one pixel: a model to upload. */
const MODEL_STATE: EstimatorState = {
  type: 'logistic_regression',
  params: {},
  attributes: { n_features_in_: 784 },
  arrays: { coef: new Float32Array(2 * 784), intercept: Float32Array.of(0, 0), classes: Int32Array.of(0, 1) },
  children: [],
};

const run = (project: string) => ({ ...scaledRun(logistic({ C: 1, max_iter: 3, random_state: 0 }), 500), project });
const sweep = (project: string) => ({
  dataset: 'mnist_784',
  n_samples: 500,
  split: { test_size: 0.2, random_state: 0 },
  estimator: scaledPipeline(logistic({ max_iter: 3, random_state: 0 })),
  param_distributions: { model__C: [0.1, 1] },
  n_iter: 2,
  cv: 2,
  random_state: 0,
  project,
});

/** `{/runs/:id, GET}` lines of Nest's RouterExplorer, as `GET /runs/:id`. */
function registeredRoutes(api: ProcessHandle): string[] {
  return jsonLogLines(api)
    .filter((line) => line['context'] === 'RouterExplorer')
    .map((line) => /^Mapped \{(\S+), (\w+)\} route/.exec(String(line['msg'])))
    .filter((match) => match !== null)
    .map((match) => `${match[2]} ${match[1]}`);
}

async function call(baseUrl: string, authorization: string | null, method: string, url: string, body?: unknown, timeoutMs = 10_000): Promise<{ status: number; body: Json | null }> {
  const binary = body instanceof Uint8Array;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        ...(authorization === null ? {} : { authorization }),
        ...(body === undefined ? {} : { 'content-type': binary ? 'application/octet-stream' : 'application/json' }),
      },
      body: body === undefined ? undefined : binary ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body),
      signal: abort.signal,
    });
    // An event stream does not end: its status and first event are what the matrix needs.
    const text = response.headers.get('content-type')?.includes('event-stream') ? await firstEvent(response, abort) : await response.text();
    return { status: response.status, body: parseJson(text) };
  } finally {
    clearTimeout(timer);
  }
}

async function firstEvent(response: Response, abort: AbortController): Promise<string> {
  const { value } = await response.body!.getReader().read();
  abort.abort();
  return new TextDecoder().decode(value);
}

/** A request that got no answer in time: status 0, which no expectation accepts. */
const unanswered = (error: Error) => ({ status: 0, body: { error: error.message } });

function parseJson(text: string): Json | null {
  try {
    return text ? (JSON.parse(text) as Json) : null;
  } catch {
    // a PNG, a Prometheus page, an artifact, an event
    return { text: text.slice(0, 200) };
  }
}

describe('access: every route x every caller', () => {
  // No workers: alpha's run and sweep stay queued. The matrix sends a few hundred requests from one key: no rate limit here.
  const context = useStack(0, { RATE_LIMIT_PER_MINUTE: '1000000' });
  const keys = {} as Record<Identity, string | null>;
  const keyIds = {} as Record<string, string>;
  /** Resources of project alpha, for the `:id` of each route. */
  const alpha = {} as { run: string; sweep: string; model: string; key: string };
  const asAdmin = (method: string, url: string, body?: unknown) => call(context.stack.baseUrl, `Bearer ${TEST_ADMIN_KEY}`, method, url, body);

  const createKey = async (name: string, project: string | null, role: string, expires_at?: string) => {
    const created = await asAdmin('POST', '/api-keys', { name, project, role, ...(expires_at ? { expires_at } : {}) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    keyIds[name] = created.body!['id'];
    return created.body!['key'] as string;
  };

  it('sets up two projects, keys of each kind and resources of alpha', async () => {
    for (const name of ['alpha', 'beta']) assert.equal((await asAdmin('POST', '/projects', { name })).status, 201);
    keys.none = null;
    keys.malformed = 'Bearer not-a-key';
    keys.wrong = `Bearer mlk_${randomBytes(24).toString('base64url')}`;
    keys.viewer = `Bearer ${await createKey('viewer', 'alpha', 'viewer')}`;
    keys.member = `Bearer ${await createKey('member', 'alpha', 'member')}`;
    keys.admin = `Bearer ${await createKey('admin', 'alpha', 'admin')}`;
    keys['other-member'] = `Bearer ${await createKey('other-member', 'beta', 'member')}`;
    keys['global-admin'] = `Bearer ${await createKey('global-admin', null, 'admin')}`;
    keys.revoked = `Bearer ${await createKey('revoked', 'alpha', 'admin')}`;
    assert.equal((await asAdmin('DELETE', `/api-keys/${keyIds['revoked']}`)).status, 204);
    keys.expired = `Bearer ${await createKey('expired', 'alpha', 'admin', new Date(Date.now() + 1500).toISOString())}`;

    const submitted = await call(context.stack.baseUrl, keys.member, 'POST', '/runs', run('alpha'));
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    alpha.run = submitted.body!['id'];
    const swept = await call(context.stack.baseUrl, keys.member, 'POST', '/sweeps', sweep('alpha'));
    assert.equal(swept.status, 202, JSON.stringify(swept.body));
    alpha.sweep = swept.body!['id'];
    const uploaded = await call(context.stack.baseUrl, keys.member, 'POST', '/models?project=alpha', encodeArtifact(MODEL_STATE));
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
    alpha.model = uploaded.body!['id'];
    alpha.key = keyIds['viewer']!;
    // The first look at the built-in datasets reads them: not within the matrix's per-request timeout.
    assert.equal((await call(context.stack.baseUrl, `Bearer ${TEST_ADMIN_KEY}`, 'GET', '/datasets', undefined, 120_000)).status, 200);
    // Until the expiring key has expired.
    await sleep(1600);
  });

  it('answers each route for each caller as its role and project allow, and writes nothing it refuses', async () => {
    const routes = registeredRoutes(context.stack.api);
    assert.ok(routes.length >= 30, `the api logged its routes at boot: ${routes.join(', ')}`);
    // The access routes are in the list, and so would be any new one.
    for (const route of ['GET /auth/whoami', 'DELETE /api-keys/:id', 'GET /runs/:id', 'POST /models/:id/predict']) assert.ok(routes.includes(route), route);

    const idOf = (path: string) => (path.startsWith('/runs') ? alpha.run : path.startsWith('/sweeps') ? alpha.sweep : path.startsWith('/models') ? alpha.model : alpha.key);
    const concrete = (path: string, id: string) =>
      path.replace(':id', id).replace(':name', 'mnist_784').replace(':index', '0').replace(':format', 'png');
    const failures: string[] = [];
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      const scoped = path.includes(':id');
      const permission = MANAGE.has(route) ? 'manage' : method === 'GET' ? 'read' : 'write';
      const mutating = method !== 'GET';
      // A body that passes validation where the answer depends on who asks.
      // What the global admin gets is what every caller allowed to read gets (a queued run's evaluation is a 409 for all of them).
      const reference = mutating ? null : await call(context.stack.baseUrl, keys['global-admin'], method, concrete(path, idOf(path))).catch(unanswered);
      if (reference !== null && ([0, 401, 403].includes(reference.status) || reference.status >= 500)) failures.push(`${route} as the global admin: ${reference.status}`);
      const body = VALID_BODIES[route]?.() ?? (mutating ? {} : undefined);
      const answers = (Object.keys(keys) as Identity[]).map(async (identity) => {
        let expected: 'allowed' | number;
        if (PUBLIC.has(route)) expected = 'allowed';
        else if (UNAUTHENTICATED.includes(identity)) expected = 401;
        else if (identity === 'global-admin') expected = 'allowed';
        else if (identity === 'other-member' && scoped) expected = permission === 'manage' ? 403 : 404;
        else if (permission === 'manage') expected = identity === 'admin' && !GLOBAL_ADMIN_ONLY.has(route) ? 'allowed' : 403;
        else if (permission === 'write') expected = identity === 'viewer' ? 403 : 'allowed';
        else expected = 'allowed';
        // Allowed callers write to a resource that does not exist, so that the matrix leaves alpha's intact (404: past the guard).
        const id = expected === 'allowed' && mutating && scoped ? randomUUID() : idOf(path);
        const answer = await call(context.stack.baseUrl, keys[identity], method, concrete(path, id), body).catch(unanswered);
        const ok =
          expected !== 'allowed'
            ? answer.status === expected
            : reference !== null
              ? answer.status === reference.status
              : ![401, 403].includes(answer.status) && answer.status < 500;
        if (!ok) failures.push(`${route} as ${identity}: ${answer.status} (expected ${expected}) ${JSON.stringify(answer.body)?.slice(0, 200)}`);
      });
      await Promise.all(answers);
    }
    assert.deepEqual(failures, []);

    // Nothing refused was written: alpha's run, sweep, model and the viewer's key are as they were.
    assert.equal((await asAdmin('GET', `/runs/${alpha.run}`)).body!['status'], 'queued');
    assert.equal((await asAdmin('GET', `/sweeps/${alpha.sweep}`)).body!['status'], 'queued');
    assert.equal((await asAdmin('GET', `/models/${alpha.model}`)).status, 200);
    const viewerKey = ((await asAdmin('GET', '/api-keys')).body!['items'] as Json[]).find((key) => key['id'] === alpha.key)!;
    assert.equal(viewerKey['revoked_at'], null);
  });

  it('lets a member cancel in its project and a project admin revoke its keys, and audits both and every create, upload and key change', async () => {
    assert.equal((await call(context.stack.baseUrl, keys.member, 'POST', `/runs/${alpha.run}/cancel`)).status, 200);
    assert.equal((await call(context.stack.baseUrl, keys.admin, 'DELETE', `/api-keys/${alpha.key}`)).status, 204);
    assert.equal((await call(context.stack.baseUrl, keys.viewer, 'GET', '/auth/whoami')).status, 401);
    const audit = await call(context.stack.baseUrl, keys.admin, 'GET', '/audit?project=alpha&action=api_key.revoke');
    assert.equal(audit.status, 200);
    assert.ok((audit.body!['items'] as Json[]).some((event) => event['resource_id'] === alpha.key && event['key_name'] === 'admin'));
    // Who created, uploaded and cancelled alpha's resources, and made its project and keys.
    const log = await call(context.stack.baseUrl, keys.admin, 'GET', '/audit?project=alpha&limit=100');
    const logged = new Set((log.body!['items'] as Json[]).map((event) => `${event['action']} ${event['resource_id']} by ${event['key_name']}`));
    for (const expected of [
      'project.create alpha by ADMIN_API_KEY',
      `api_key.create ${keyIds['viewer']} by ADMIN_API_KEY`,
      `api_key.revoke ${keyIds['revoked']} by ADMIN_API_KEY`,
      `run.create ${alpha.run} by member`,
      `sweep.create ${alpha.sweep} by member`,
      `model.upload ${alpha.model} by member`,
      `run.cancel ${alpha.run} by member`,
    ]) {
      assert.ok(logged.has(expected), `audit log has "${expected}": ${[...logged].join('; ')}`);
    }
    assert.equal((await call(context.stack.baseUrl, keys.admin, 'GET', '/audit?project=beta')).status, 404, "another project's log does not exist for alpha's admin");
  });

  it('shows a key once and stores only its sha256', async () => {
    const listed = JSON.stringify((await asAdmin('GET', '/api-keys')).body);
    const member = keys.member!.slice('Bearer '.length);
    assert.ok(!listed.includes(member) && !listed.includes('"key"'), 'GET /api-keys shows no secret');
    const db = new Client({ connectionString: context.services.databaseUrl });
    await db.connect();
    try {
      const rows = (await db.query<{ row: string }>('SELECT row_to_json(k)::text AS row FROM api_keys k')).rows.map((row) => row.row).join('\n');
      assert.ok(!rows.includes(member), 'the database holds no key');
      assert.ok(rows.includes(createHash('sha256').update(member).digest('hex')), 'it holds the sha256');
    } finally {
      await db.end();
    }
    const logs = context.stack.api.output();
    assert.ok(!logs.includes(member) && !logs.includes(TEST_ADMIN_KEY), 'no key in the api log');
  });

  it('refuses a revoked key on a second api instance within a second', async (t) => {
    const port = await freePort();
    const second = startProcess('api', { ...context.stack.env(), PORT: String(port) });
    try {
      const secondUrl = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 30_000;
      while (!(await fetch(`${secondUrl}/health/live`).catch(() => null))?.ok) {
        assert.ok(Date.now() < deadline, `second api did not start:\n${second.output()}`);
        await sleep(200);
      }
      const key = `Bearer ${await createKey('short-lived', 'alpha', 'viewer')}`;
      // Both instances know the key (and may cache it).
      for (const baseUrl of [context.stack.baseUrl, secondUrl]) assert.equal((await call(baseUrl, key, 'GET', '/runs')).status, 200);
      assert.equal((await fetchAsAdmin(`${context.stack.baseUrl}/api-keys/${keyIds['short-lived']}`, { method: 'DELETE' })).status, 204);
      const revokedAt = Date.now();
      let refusedAfter = Infinity;
      while (Date.now() - revokedAt < 3000) {
        if ((await call(secondUrl, key, 'GET', '/runs')).status === 401) {
          refusedAfter = Date.now() - revokedAt;
          break;
        }
        await sleep(50);
      }
      t.diagnostic(`second instance refused the revoked key ${refusedAfter} ms after the revocation`);
      assert.ok(refusedAfter <= 1000, `the second instance refused the revoked key after ${refusedAfter} ms`);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
