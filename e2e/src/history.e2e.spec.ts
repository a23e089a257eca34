import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { logistic, quickSweep, scaledRun } from './requests';
import { api, TEST_ADMIN_KEY, useStack, waitFor } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/*
 * GET /runs with the history language, over HTTP, on a run a real worker trained: its params
 * (flattened by Postgres from the spec) and per-class metrics (written with its results) are
 * searchable; every refused query is a 400 that says where and what was expected, never a 500.
 */
describe('run history over HTTP', () => {
  const context = useStack(1);
  const runs = (query: Record<string, string>) => api<Json>(context.stack.baseUrl, 'GET', `/runs?${new URLSearchParams(query)}`);
  let trained = '';
  let queued = '';
  /** A request with another key than the admin's. */
  const asKey = async (key: string, url: string, method = 'GET', body?: unknown) => {
    const response = await fetch(`${context.stack.baseUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const newKey = async (name: string, project: string, role: string) => {
    const created = await api<Json>(context.stack.baseUrl, 'POST', '/api-keys', { name, project, role });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body['key'] as string;
  };
  const idsOf = (page: { body: Json }) => (page.body['items'] as Json[]).map((item) => item['id']);

  it('finds a trained run by its params and per-class metrics', async () => {
    const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/runs', scaledRun(logistic({ C: 0.5, max_iter: 5, random_state: 0 }), 2000));
    assert.equal(submitted.status, 202);
    trained = submitted.body['id'];
    const run = await waitFor(async () => (await api<Json>(context.stack.baseUrl, 'GET', `/runs/${trained}`)).body, (r) => r['status'] === 'succeeded' || r['status'] === 'failed', 90_000, 'the run');
    assert.equal(run['status'], 'succeeded', run['error']);
    const recall8 = run['metrics']['test']['classification_report']['8']['recall'] as number;

    const ids = async (filter: string, extra: Record<string, string> = {}) => {
      const page = await runs({ filter, ...extra });
      assert.equal(page.status, 200, JSON.stringify(page.body));
      return (page.body['items'] as Json[]).map((item) => item['id']);
    };
    assert.deepEqual(await ids(`params.model__C = 0.5 AND params.scale__with_mean = true AND metrics.test.recall['8'] = ${recall8}`), [trained]);
    assert.deepEqual(await ids(`metrics.test.recall['8'] > ${recall8}`), []);
    assert.deepEqual(await ids("params.model__C >= 1 OR model_type = 'random_forest'"), []);
    assert.deepEqual(await ids(`metrics.test.macro_f1 > 0 AND metrics.train.accuracy = ${run['metrics']['train']['accuracy']} AND status = 'succeeded'`), [trained]);
    assert.deepEqual(await ids('params.model__max_iter = 5', { dataset: 'mnist_784', status: 'succeeded' }), [trained]);
    assert.deepEqual(await ids('params.model__max_iter = 5', { status: 'failed' }), []);
  });

  it('orders by any numeric field with cursors, and counts', async () => {
    const second = await api<Json>(context.stack.baseUrl, 'POST', '/runs', scaledRun(logistic({ C: 2, max_iter: 5 }), 2000));
    queued = second.body['id'];
    const first = await runs({ order_by: 'fit_seconds ASC', limit: '1', count: 'true' });
    assert.equal(first.status, 200);
    assert.equal(first.body['count'], 2);
    assert.equal(first.body['count_estimated'], false);
    // The queued run has no fit_seconds yet: nulls last, whatever the direction.
    assert.deepEqual(first.body['items'].map((item: Json) => item['id']), [trained]);
    const next = await runs({ order_by: 'fit_seconds ASC', limit: '1', cursor: first.body['next_cursor'] });
    const ids = next.body['items'].map((item: Json) => item['id']);
    // The second run may have finished meanwhile, with a fit_seconds of its own.
    assert.equal(ids.length, 1);
    assert.notEqual(ids[0], trained);
    const legacy = await runs({ sort: 'test_accuracy', limit: '5' });
    assert.equal(legacy.body['items'][0]['id'], trained);
    const byParam = await runs({ order_by: 'params.model__C DESC', limit: '5' });
    assert.deepEqual(byParam.body['items'].map((item: Json) => item['id']), [queued, trained]);
  });

  it('answers refused queries with 400 {error, message, position, expected}', async () => {
    const many = Array.from({ length: 65 }, (_, i) => `attempts = ${i}`).join(' OR ');
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ filter: "status = 'succeeded' AND" }, 24, /expected/],
      [{ filter: "colour = 'red'" }, 0, /unknown field "colour"/],
      [{ filter: "fit_seconds > 'fast'" }, 14, /type mismatch/],
      [{ filter: `name = '${'x'.repeat(5000)}'` }, 4096, /at most 4096/],
      [{ filter: many }, many.lastIndexOf('attempts'), /65 conditions/],
      [{ order_by: 'fit_seconds sideways' }, 12, /ASC or DESC/],
      [{ order_by: 'dataset' }, 0, /cannot order/],
      [{ cursor: 'bm90IGEgY3Vyc29y' }, 0, /not a cursor/],
    ];
    for (const [query, position, message] of cases) {
      const response = await runs(query);
      assert.equal(response.status, 400, JSON.stringify(query).slice(0, 80));
      assert.equal(response.body['error'], 'invalid_query');
      assert.match(response.body['message'], message);
      assert.equal(response.body['position'], position, response.body['message']);
      assert.ok(Array.isArray(response.body['expected']));
    }
    assert.equal((await runs({ count: 'maybe' })).status, 400);
  });

  it('never answers a filter or order_by with a 5xx', async () => {
    const piece = fc.constantFrom('status', 'params.model__C', "metrics.test.recall['8']", 'tags.x', 'fit_seconds', 'created_at', '=', '!=', '<', 'IN', 'NOT', 'AND', 'OR', 'LIKE', 'IS', 'NULL', '(', ')', ',', "'", "''", '"', '1', '-1e309', '2026-13-45', "'2026-12-03'", 'true', ';', '--', '\\', '%', '[', ']', '\u0000', 'é');
    const text = fc.oneof(fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(' ')), fc.string({ maxLength: 60 }));
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom('filter', 'order_by'), async (value, parameter) => {
        const response = await runs({ [parameter]: value });
        assert.ok(response.status === 200 || response.status === 400, `${parameter}=${JSON.stringify(value)}: ${response.status} ${JSON.stringify(response.body)}`);
      }),
      { numRuns: 300, seed: 16 },
    );
  });
  it("lists only the caller's projects, narrowed by project=, whatever the filter says", async () => {
    assert.equal((await api(context.stack.baseUrl, 'POST', '/projects', { name: 'beta' })).status, 201);
    const key = await api<Json>(context.stack.baseUrl, 'POST', '/api-keys', { name: 'beta-viewer', project: 'beta', role: 'viewer' });
    assert.equal(key.status, 201);
    const viewer = key.body['key'] as string;
    const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/runs', { ...scaledRun(logistic({ C: 3, max_iter: 2 }), 500), project: 'beta' });
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    const beta = submitted.body['id'] as string;

    assert.deepEqual(idsOf(await asKey(viewer, '/runs')), [beta]);
    assert.deepEqual(idsOf(await asKey(viewer, `/runs?${new URLSearchParams({ filter: "project = 'default' OR params.model__C > 0" })}`)), [beta]);
    assert.deepEqual(idsOf(await asKey(viewer, '/runs?project=default')), [], 'a project the caller cannot read lists nothing');
    assert.deepEqual(idsOf(await runs({ project: 'beta' })), [beta]);
    assert.deepEqual(idsOf(await runs({ filter: "project = 'beta'" })), [beta]);
    assert.deepEqual((await runs({ project: 'default', order_by: 'created_at ASC' })).body['items'].map((item: Json) => item['id']), [trained, queued]);
    const counted = await asKey(viewer, '/runs?count=true');
    assert.deepEqual([counted.body['count'], counted.body['count_estimated']], [1, false]);
  });

  it('searches sweeps, their trials and models with the same language, naming the valid fields of each', async () => {
    const swept = await api<Json>(context.stack.baseUrl, 'POST', '/sweeps', quickSweep());
    assert.equal(swept.status, 202, JSON.stringify(swept.body));
    const sweep = swept.body['id'] as string;
    const get = async (url: string, query: Record<string, string>) => {
      const response = await api<Json>(context.stack.baseUrl, 'GET', `${url}?${new URLSearchParams(query)}`);
      assert.equal(response.status, 200, `${url} ${JSON.stringify(query)}: ${JSON.stringify(response.body)}`);
      return response;
    };
    try {
      assert.deepEqual(idsOf(await get('/sweeps', { filter: "model_type = 'logistic_regression' AND n_candidates = 2 AND total_trials >= 4" })), [sweep]);
      assert.deepEqual(idsOf(await get('/sweeps', { filter: 'n_candidates > 2' })), []);
      assert.deepEqual(idsOf(await get('/sweeps', { status: 'succeeded' })), [], 'the older status= still filters');

      const trials = await get(`/sweeps/${sweep}/trials`, { filter: 'params.model__C = 0.1', count: 'true' });
      assert.equal(trials.body['count'], 2);
      assert.deepEqual(trials.body['items'].map((trial: Json) => [trial['candidate'], trial['fold'], trial['params']['model__C']]), [[0, 0, 0.1], [0, 1, 0.1]]);
      const byFold = await get(`/sweeps/${sweep}/trials`, { order_by: 'fold DESC, candidate_index ASC', limit: '3' });
      assert.deepEqual(byFold.body['items'].map((trial: Json) => [trial['fold'], trial['candidate']]), [[1, 0], [1, 1], [0, 0]]);
      const rest = await get(`/sweeps/${sweep}/trials`, { order_by: 'fold DESC, candidate_index ASC', limit: '3', cursor: byFold.body['next_cursor'] });
      assert.deepEqual(rest.body['items'].map((trial: Json) => [trial['fold'], trial['candidate']]), [[0, 1]]);
      assert.equal(rest.body['next_cursor'], null);

      const model = idsOf(await get('/models', { filter: `run_id = '${trained}' AND test_accuracy > 0` }));
      assert.equal(model.length, 1);
      const best = (await get('/models', { filter: `model_type = 'logistic_regression' AND created_at > 2026-01-01`, order_by: 'test_accuracy DESC' })).body['items'] as Json[];
      assert.ok(best.some((item) => item['id'] === model[0]));
      const accuracies = best.map((item) => item['test_accuracy'] as number);
      assert.deepEqual(accuracies, [...accuracies].sort((a, b) => b - a));
      assert.deepEqual(idsOf(await get('/models', { min_test_accuracy: '1', filter: `run_id = '${trained}'` })), []);

      for (const [url, filter, valid] of [
        ['/sweeps', 'fit_seconds > 1', 'best_score'],
        ['/models', "tags.team = 'a'", 'test_accuracy'],
        [`/sweeps/${sweep}/trials`, "metrics.test.accuracy > 0.5", 'test_score'],
      ] as const) {
        const refused = await api<Json>(context.stack.baseUrl, 'GET', `${url}?${new URLSearchParams({ filter })}`);
        assert.equal(refused.status, 400, `${url} ${filter}`);
        assert.equal(refused.body['error'], 'invalid_query');
        assert.equal(refused.body['position'], 0);
        assert.ok(refused.body['expected'].includes(valid), JSON.stringify(refused.body['expected']));
      }
      assert.equal((await api(context.stack.baseUrl, 'GET', `/sweeps/${trained}/trials`)).status, 404, 'a run id is no sweep');
    } finally {
      await api(context.stack.baseUrl, 'POST', `/sweeps/${sweep}/cancel`);
    }
  });
  it('sets name, tags and notes at submission and by PATCH, for members only, audited; a sweep passes its tags to its trials and refit run', async () => {
    assert.equal((await api(context.stack.baseUrl, 'POST', '/projects', { name: 'gamma' })).status, 201);
    const member = await newKey('gamma-member', 'gamma', 'member');
    const viewer = await newKey('gamma-viewer', 'gamma', 'viewer');
    const outsider = await newKey('beta-member', 'beta', 'member');
    const submitted = await asKey(member, '/runs', 'POST', { ...scaledRun(logistic({ C: 0.25, max_iter: 2 }), 500), project: 'gamma', name: 'tagged', tags: { team: 'vision', stage: 'draft' }, notes: 'first' });
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    const run = submitted.body['id'] as string;
    const shown = (await asKey(viewer, `/runs/${run}`)).body;
    assert.deepEqual([shown['name'], shown['tags'], shown['notes']], ['tagged', { team: 'vision', stage: 'draft' }, 'first']);
    assert.deepEqual(idsOf(await asKey(viewer, `/runs?${new URLSearchParams({ filter: "tags.team = 'vision' AND name LIKE 'tag%'" })}`)), [run]);

    const patched = await asKey(member, `/runs/${run}`, 'PATCH', { tags: { stage: 'final', reviewed: 'yes', team: null }, notes: null });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual([patched.body['name'], patched.body['tags'], patched.body['notes']], ['tagged', { stage: 'final', reviewed: 'yes' }, null]);
    assert.deepEqual(idsOf(await asKey(viewer, `/runs?${new URLSearchParams({ filter: "tags.team IS NULL AND tags['reviewed'] = 'yes'" })}`)), [run]);
    assert.equal((await asKey(member, `/runs/${run}`, 'PATCH', {})).status, 200, 'an empty PATCH changes nothing');

    assert.equal((await asKey(viewer, `/runs/${run}`, 'PATCH', { name: 'mine' })).status, 403);
    assert.equal((await asKey(outsider, `/runs/${run}`, 'PATCH', { name: 'mine' })).status, 404);
    const refused: [unknown, string][] = [
      [{ status: 'succeeded' }, 'status'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ notes: 3 }, 'notes'],
      [{ tags: { 'bad\\nkey': 'v' } }, 'tags.bad\\nkey'],
      [{ tags: { team: 'x'.repeat(501) } }, 'tags.team'],
      [{ tags: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v'])) }, 'tags'],
      [[], 'body'],
    ];
    for (const [body, field] of refused) {
      const answer = await asKey(member, `/runs/${run}`, 'PATCH', body);
      assert.equal(answer.status, 400, JSON.stringify(body).slice(0, 80));
      assert.equal(answer.body['field'], field, JSON.stringify(answer.body));
    }
    assert.equal((await asKey(member, '/runs', 'POST', { ...scaledRun(logistic({ C: 1 }), 500), project: 'gamma', tags: { team: 1 } })).body['field'], 'tags.team');
    assert.equal((await asKey(viewer, `/runs/${run}`)).body['name'], 'tagged', 'nothing refused was written');
    const audit = await api<Json>(context.stack.baseUrl, 'GET', '/audit?project=gamma&action=run.update');
    assert.deepEqual(audit.body['items'].map((event: Json) => [event['resource_id'], event['key_name'], event['details']['fields']]), [[run, 'gamma-member', []], [run, 'gamma-member', ['tags', 'notes']]]);

    const swept = await asKey(member, '/sweeps', 'POST', { ...quickSweep(), project: 'gamma', name: 'search', tags: { team: 'vision' } });
    assert.equal(swept.status, 202, JSON.stringify(swept.body));
    const sweep = swept.body['id'] as string;
    const trials = (filter: string) => asKey(viewer, `/sweeps/${sweep}/trials?${new URLSearchParams({ filter, count: 'true' })}`);
    assert.equal((await trials("tags.team = 'vision'")).body['count'], 4);
    const renamed = await asKey(member, `/sweeps/${sweep}`, 'PATCH', { name: 'search v2', tags: { owner: 'ada' } });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.deepEqual([renamed.body['name'], renamed.body['tags']], ['search v2', { team: 'vision', owner: 'ada' }]);
    assert.equal((await trials("tags.owner = 'ada'")).body['count'], 4, 'the trials have the tags their sweep has now');
    assert.equal((await asKey(viewer, `/sweeps/${sweep}`, 'PATCH', { name: 'x' })).status, 403);
    assert.equal((await asKey(outsider, `/sweeps/${sweep}`, 'PATCH', { name: 'x' })).status, 404);
    assert.deepEqual(idsOf(await asKey(viewer, `/sweeps?${new URLSearchParams({ filter: "tags.owner = 'ada' AND name = 'search v2'" })}`)), [sweep]);

    const done = await waitFor(async () => (await asKey(viewer, `/sweeps/${sweep}`)).body, (found) => ['succeeded', 'failed'].includes(found['status']), 180_000, 'the sweep');
    assert.equal(done['status'], 'succeeded', done['error']);
    const refit = (await asKey(viewer, `/runs/${done['refit_run']['id']}`)).body;
    assert.deepEqual(refit['tags'], { team: 'vision', owner: 'ada' });
    assert.deepEqual(idsOf(await asKey(viewer, `/runs?${new URLSearchParams({ filter: `sweep_id = '${sweep}' AND tags.owner = 'ada'` })}`)), [refit['id']]);
  });
  it('lists the fields present, compares runs, aggregates per group and exports as CSV and NDJSON', async () => {
    const runOf = async (id: string) => waitFor(async () => (await api<Json>(context.stack.baseUrl, 'GET', `/runs/${id}`)).body, (r) => ['succeeded', 'failed'].includes(r['status']), 90_000, id);
    const [a, b] = [await runOf(trained), await runOf(queued)];
    assert.equal(b['status'], 'succeeded', b['error']);
    const get = (url: string) => api<Json>(context.stack.baseUrl, 'GET', url);

    const fields = await get('/runs/fields');
    assert.equal(fields.status, 200, JSON.stringify(fields.body));
    assert.deepEqual(fields.body['params'].find((param: Json) => param['name'] === 'params.model__C'), { name: 'params.model__C', types: ['number'] });
    for (const metric of ['metrics.test.accuracy', "metrics.test.recall['8']", 'metrics.train.macro_f1']) assert.ok(fields.body['metrics'].includes(metric), metric);
    assert.ok(fields.body['tags'].includes('tags.team'));
    assert.ok(fields.body['columns'].some((column: Json) => column['name'] === 'fit_seconds' && column['type'] === 'number'));
    const betaFields = (await get('/runs/fields?project=beta')).body;
    assert.deepEqual(betaFields['tags'], [], "beta's run has no tags: gamma's are not listed");

    const compared = await get(`/runs/compare?ids=${trained},${queued}`);
    assert.equal(compared.status, 200, JSON.stringify(compared.body));
    const row = (list: Json[], name: string) => list.find((entry) => entry['name'] === name)!;
    assert.deepEqual(row(compared.body['params'], 'params.model__C'), { name: 'params.model__C', values: [0.5, 2], differs: true });
    assert.deepEqual(row(compared.body['params'], 'params.model__max_iter'), { name: 'params.model__max_iter', values: [5, 5], differs: false });
    assert.deepEqual(row(compared.body['metrics'], 'metrics.test.accuracy')['values'], [a['metrics']['test']['accuracy'], b['metrics']['test']['accuracy']]);
    assert.deepEqual(row(compared.body['metrics'], "metrics.test.recall['8']")['values'], [a, b].map((r) => r['metrics']['test']['classification_report']['8']['recall']));
    const [cmA, cmB] = [a, b].map((r) => r['metrics']['test']['confusion_matrix'] as { labels: number[]; matrix: number[][] });
    const difference = compared.body['confusion_matrix_difference'];
    assert.deepEqual([difference['minuend'], difference['subtrahend'], difference['labels']], [trained, queued, cmA.labels]);
    assert.deepEqual(difference['matrix'], cmA.matrix.map((line, i) => line.map((value, j) => value - cmB.matrix[i][j])));
    assert.equal((await get(`/runs/compare?ids=${Array.from({ length: 21 }, () => trained).join(',')}`)).status, 400);
    assert.equal((await get('/runs/compare?ids=nope')).status, 400);
    assert.equal((await get(`/runs/compare?ids=${trained},00000000-0000-4000-8000-000000000000`)).status, 404);

    const aggregate = await get(`/runs/aggregate?${new URLSearchParams({ filter: "project = 'default'", group_by: 'params.model__C', metric: 'metrics.test.accuracy' })}`);
    assert.equal(aggregate.status, 200, JSON.stringify(aggregate.body));
    assert.deepEqual(aggregate.body['groups'], [
      { group: 0.5, count: 1, n: 1, mean: a['metrics']['test']['accuracy'], min: a['metrics']['test']['accuracy'], max: a['metrics']['test']['accuracy'], stddev: null },
      { group: 2, count: 1, n: 1, mean: b['metrics']['test']['accuracy'], min: b['metrics']['test']['accuracy'], max: b['metrics']['test']['accuracy'], stddev: null },
    ]);
    const byType = (await get(`/runs/aggregate?${new URLSearchParams({ filter: "project = 'default'", group_by: 'model_type', metric: 'fit_seconds' })}`)).body;
    const fits = [a, b].map((r) => r['timings']['fit_seconds'] as number);
    const mean = (fits[0] + fits[1]) / 2;
    const group = byType['groups'][0];
    assert.deepEqual([byType['groups'].length, group['group'], group['count'], group['min'], group['max']], [1, 'logistic_regression', 2, Math.min(...fits), Math.max(...fits)]);
    assert.ok(Math.abs(group['mean'] - mean) < 1e-9 && Math.abs(group['stddev'] - Math.sqrt(((fits[0] - mean) ** 2 + (fits[1] - mean) ** 2) / 1)) < 1e-9);
    for (const [query, field] of [[{ group_by: 'model_type', metric: 'dataset' }, 'metric'], [{ group_by: 'colour', metric: 'fit_seconds' }, 'group_by'], [{ group_by: 'model_type', metric: 'fit_seconds', filter: 'fit_seconds >' }, 'filter']] as const) {
      const refused = await get(`/runs/aggregate?${new URLSearchParams(query)}`);
      assert.equal(refused.status, 400, JSON.stringify(query));
      assert.deepEqual([refused.body['error'], refused.body['field']], ['invalid_query', field]);
    }

    const csv = await fetch(`${context.stack.baseUrl}/runs/export?${new URLSearchParams({ filter: "project = 'default'", order_by: 'params.model__C ASC', format: 'csv' })}`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    const lines = (await csv.text()).trimEnd().split('\n');
    const header = lines[0].split(',');
    assert.equal(lines.length, 3);
    const cell = (line: string, column: string) => line.split(',')[header.indexOf(column)];
    assert.deepEqual([cell(lines[1], 'id'), cell(lines[2], 'id')], [trained, queued]);
    assert.deepEqual([cell(lines[1], 'params.model__C'), cell(lines[1], 'metrics.test.accuracy')], ['0.5', String(a['metrics']['test']['accuracy'])]);
    assert.ok(header.includes("metrics.test.recall['8']") && header.includes('params.scale__with_mean'));

    const ndjson = await fetch(`${context.stack.baseUrl}/runs/export?${new URLSearchParams({ format: 'ndjson', filter: 'params.model__C > 1' })}`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
    const records = (await ndjson.text()).trimEnd().split('\n').map((line) => JSON.parse(line) as Json);
    assert.deepEqual(records.map((record) => record['id']).sort(), [queued, (await get(`/runs?${new URLSearchParams({ filter: "project = 'beta'" })}`)).body['items'][0]['id']].sort());
    assert.equal(records.find((record) => record['id'] === queued)!['params.model__C'], 2);
    const refusedExport = await get(`/runs/export?${new URLSearchParams({ filter: "colour = 'red'" })}`);
    assert.deepEqual([refusedExport.status, refusedExport.body['error'], refusedExport.body['position']], [400, 'invalid_query', 0]);
  });
});
