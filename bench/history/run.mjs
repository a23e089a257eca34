#!/usr/bin/env node
// Experiment history at scale (issue #16): a fresh database filled by SQL (fill.sql) with
// --runs synthetic runs (forests in scaled pipelines, LogisticRegression scaled and raw,
// OneVsRest / OneVsOne of it; statuses, times, per-class metrics of 10 digits, tags, names,
// 4 projects) and sweeps made through POST /sweeps whose trials are scored and whose refit runs
// are among the runs, then a documented set of queries timed over HTTP against the built api:
// each one's first page and its later pages (a walk along next_cursor), one request at a time
// on a kept-alive connection, after a warm-up. Then a full CSV export, timed, with the api's
// RSS read from /proc/<pid>/status while it streams. Prints a markdown table (p50 and p99 of
// first and later pages against the targets: p99 <= 50 ms at 100k runs, <= 150 ms at 1M;
// the export of 100k runs <= 10 s with flat memory) and EXPLAIN (ANALYZE, BUFFERS) of the
// slowest query's SQL (compiled by libs/infra's own HistorySearch / RunAnalysis), and writes
// bench/results/history.json.
//
//   node bench/history/run.mjs                  # 100,000 runs
//   node bench/history/run.mjs --runs 1000000   # a million (the fill takes a while on 2 cores)
//
// Options: --samples N (first pages timed per query, and later pages walked; default 50),
// --seed S (Postgres setseed, in [-1, 1]; default 0.42), --out FILE.
// Needs local Postgres and Redis, and the build (npx nx run-many -t build).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { API_KEY_HEADER, apiClient, root, startStack } from '../common.mjs';
import { LR_GRID, RF_GRID, SPLIT, seededRandom, specPool, storedSpec, syntheticEvaluation } from './synthetic.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '100000' },
    samples: { type: 'string', default: '50' },
    seed: { type: 'string', default: '0.42' },
    out: { type: 'string', default: join(root, 'bench/results/history.json') },
  },
});
const nRuns = Number(args.runs);
const samples = Number(args.samples);
if (!Number.isInteger(nRuns) || nRuns < 1000) throw new Error('--runs must be an integer >= 1000');
for (const built of ['apps/api/dist/main.js', 'libs/infra/dist/index.js', 'libs/ml/dist/index.js']) {
  if (!existsSync(join(root, built))) throw new Error(`${built} is missing: build first (npx nx run-many -t build)`);
}
const infra = require(join(root, 'libs/infra/dist/index.js'));
const { Prisma } = require(join(root, 'libs/infra/dist/generated/prisma/client.js'));
const contracts = require(join(root, 'libs/contracts/dist/index.js'));
const ml = require(join(root, 'libs/ml/dist/index.js'));
const pg = require('pg');

/** Evaluations (a test and a train one each) made per spec: runs of one spec differ by which they got. */
const EVALUATIONS_PER_SPEC = 5;
const PAGE_TARGET_MS = nRuns <= 100_000 ? 50 : 150;
const EXPORT_TARGET_S = 10;
/** Rows of the export profiled statement by statement: ten of its batches. */
const PROFILED_EXPORT_ROWS = 10_000;
const PROJECTS = ['default', 'vision', 'research', 'benchmarks'];

// The api's per-key rate limit (600 a minute) would throttle the benchmark's client, not the queries.
const stack = await startStack({ name: 'history', env: { RATE_LIMIT_PER_MINUTE: '10000000' } });
const db = new pg.Client({ connectionString: stack.databaseUrl });
await db.connect();
const connections = new pg.Pool({ connectionString: stack.databaseUrl, max: 4 });
const call = apiClient(stack.baseUrl);
let report;
try {
  const fill = await fillDatabase();
  const checked = await checkDecoding();
  const queries = await timeQueries(fill.largestSweep);
  await explainAll(queries);
  const exported = await timeExport();
  const slowest = [...queries].sort((a, b) => worstMs(b) - worstMs(a))[0];
  const exportProfile = await profileExport();
  report = {
    date: new Date().toISOString(),
    runs: nRuns,
    machine: { cpus: 2, loadavg_at_end: loadavg().map((value) => Number(value.toFixed(2))) },
    fill,
    checked,
    samples,
    page_target_ms: PAGE_TARGET_MS,
    queries,
    export: exported,
    slowest: { name: slowest.name, explain: slowest.explain.later && slowest.later.p99 >= slowest.first.p99 ? slowest.explain.later : slowest.explain.first },
    export_profile: exportProfile,
  };
} finally {
  await db.end();
  await connections.end();
  await stack.stop();
}
mkdirSync(dirname(args.out), { recursive: true });
writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');
printReport(report);

/** Sweeps through the api, then the spec pool and evaluations, then fill.sql's steps, each timed. */
async function fillDatabase() {
  const started = performance.now();
  const sweeps = await createSweeps();
  const pool = specPool().map((entry, index) => ({ ...entry, ...storedSpec(entry.estimator), idx: index + 1, sweep_id: null, sweep_tags: null }));
  const random = seededRandom(42);
  const evaluations = [];
  let evaluated = 0;
  const addEvaluations = (entry) => {
    entry.eval_first = evaluated + 1;
    evaluated += EVALUATIONS_PER_SPEC;
    entry.eval_count = EVALUATIONS_PER_SPEC;
    for (let k = 0; k < EVALUATIONS_PER_SPEC; k++) {
      const accuracy = Math.min(0.999, entry.quality + 0.003 * (random() + random() + random() - 1.5));
      const idx = entry.eval_first + k;
      evaluations.push({ idx, ...syntheticEvaluation(accuracy, 'test', random) }, { idx, ...syntheticEvaluation(Math.min(0.9999, accuracy + entry.overfit), 'train', random) });
    }
  };
  pool.forEach(addEvaluations);
  const total = pool.reduce((sum, entry) => sum + entry.weight, 0);
  const bounds = [];
  pool.reduce((below, entry) => (bounds.push(below), below + entry.weight / total), 0);
  const generatedSeconds = (performance.now() - started) / 1000;

  const steps = Object.fromEntries(
    readFileSync(join(here, 'fill.sql'), 'utf8')
      .split(/^-- step: /m)
      .slice(1)
      .map((text) => [text.slice(0, text.indexOf('\n')).trim(), text.slice(text.indexOf('\n') + 1)]),
  );
  const timings = {};
  const step = async (name) => {
    const at = performance.now();
    // One statement at a time: a batch would be one transaction, which VACUUM refuses.
    for (const statement of steps[name].split(/;\s*\n/).filter((text) => text.replace(/--.*$/gm, '').trim())) await db.query(statement);
    timings[name] = Number(((performance.now() - at) / 1000).toFixed(2));
    console.error(`fill: ${name} in ${timings[name]} s`);
  };
  const sqlStarted = performance.now();
  await db.query('CREATE UNLOGGED TABLE bench_config AS SELECT $1::int AS n_runs, $2::float8 AS seed, 365 AS span_days, $3::float8[] AS bounds', [nRuns, Number(args.seed), bounds]);
  await db.query(`CREATE UNLOGGED TABLE bench_pool (idx int PRIMARY KEY, spec jsonb, model_type text, split_seed int, estimator_seed int, label text, quality float8,
    fit_base float8, predict_base float8, eval_first int, eval_count int, sweep_id uuid, sweep_tags jsonb, flat jsonb)`);
  await db.query('CREATE UNLOGGED TABLE bench_evaluation (idx int, subset text, accuracy float8, n_samples int, metrics jsonb, PRIMARY KEY (idx, subset))');
  await insertPool(pool);
  await insertEvaluations(evaluations);
  await step('trials');
  // cv_results_ and the refit of each sweep, as the worker's FinalizeSweepProcessor computes them.
  const refits = [];
  for (const sweep of sweeps) {
    const { rows: [row] } = await db.query('SELECT spec, candidates, n_splits, tags FROM sweeps WHERE id = $1', [sweep.id]);
    const { rows: trials } = await db.query(
      'SELECT status, candidate_index AS "candidateIndex", fold, test_score AS "testScore", scores, fit_seconds AS "fitSeconds", score_seconds AS "scoreSeconds" FROM sweep_trials WHERE sweep_id = $1',
      [sweep.id],
    );
    const request = contracts.validateSweepRequest(row.spec).request;
    const { candidates, results } = infra.sweepCvResults({ spec: request, candidates: row.candidates, nSplits: row.n_splits }, trials);
    const best = candidates[results.best_index];
    const refit = { ...storedSpec(ml.withAllCores(best.estimator), request.split), label: `refit of ${sweep.name}`, quality: results.best_score + 0.002, overfit: 0.02, weight: 0 };
    const { rows: [{ fit_base, predict_base }] } = await db.query('SELECT fit_base, predict_base FROM bench_pool WHERE flat @> $1 AND sweep_id IS NULL AND model_type = $2 LIMIT 1', [JSON.stringify(results.best_params), refit.model_type]);
    refits.push({ ...refit, fit_base, predict_base, idx: pool.length + refits.length + 1, sweep_id: sweep.id, sweep_tags: row.tags });
    await db.query("UPDATE sweeps SET status = 'succeeded', cv_results = $2, best_index = $3, best_score = $4, best_params = $5 WHERE id = $1", [
      sweep.id, JSON.stringify(results), results.best_index, results.best_score, JSON.stringify(results.best_params),
    ]);
  }
  evaluations.length = 0;
  for (const refit of refits) addEvaluations(refit);
  await insertPool(refits);
  await insertEvaluations(evaluations);
  for (const name of ['draws', 'runs', 'run_results', 'run_metrics', 'sweeps', 'analyze']) await step(name);
  const sqlSeconds = (performance.now() - sqlStarted) / 1000;
  const { rows: [counts] } = await db.query(`SELECT (SELECT count(*) FROM runs)::int AS runs, (SELECT count(*) FROM run_results)::int AS run_results,
    (SELECT count(*) FROM run_metrics)::int AS run_metrics, (SELECT count(*) FROM sweeps)::int AS sweeps, (SELECT count(*) FROM sweep_trials)::int AS sweep_trials,
    pg_size_pretty(pg_database_size(current_database())) AS database_size`);
  const largestSweep = sweeps.reduce((a, b) => (b.trials > a.trials ? b : a));
  return { seconds: Number(((performance.now() - started) / 1000).toFixed(1)), generate_seconds: Number(generatedSeconds.toFixed(1)), sql_seconds: Number(sqlSeconds.toFixed(1)), steps: timings, specs: pool.length, counts, largestSweep };
}

/** Forest and LogisticRegression searches through POST /sweeps (spec, candidates and trials as the api stores them), over the 4 projects. */
async function createSweeps() {
  const count = Math.min(40, Math.max(4, Math.round(nRuns / 5000)));
  const sweeps = [];
  for (let k = 0; k < count; k++) {
    const forest = k % 4 !== 3;
    const model = forest ? { type: 'random_forest', params: { n_jobs: -1, random_state: 42 } } : { type: 'logistic_regression', params: { random_state: 42 } };
    const search = k === 0 ? { search: 'grid', param_grid: RF_GRID, cv: 5 } : { param_distributions: forest ? RF_GRID : LR_GRID, n_iter: 10 + ((k * 7) % 21), cv: 3, random_state: k };
    const name = `${forest ? 'forest' : 'logistic'} ${search.search ?? 'random'} search ${k}`;
    const body = {
      dataset: 'mnist_784',
      split: SPLIT,
      estimator: { type: 'pipeline', params: { steps: [['scale', { type: 'standard_scaler' }], ['model', model]] } },
      ...search,
      refit: true,
      project: PROJECTS[k % PROJECTS.length],
      name,
      tags: { search: forest ? 'forest' : 'logistic', ...(k % 5 === 0 ? { baseline: 'true' } : {}) },
    };
    const created = await call('POST', '/sweeps', body);
    sweeps.push({ id: created.id, name, trials: created.total_trials ?? 0 });
  }
  const { rows } = await db.query('SELECT id, total_trials FROM sweeps');
  const trials = new Map(rows.map((row) => [row.id, row.total_trials]));
  return sweeps.map((sweep) => ({ ...sweep, trials: trials.get(sweep.id) }));
}

async function insertPool(entries) {
  const rows = entries.map(({ idx, spec, model_type, split_seed, estimator_seed, label, quality, fit_base, predict_base, eval_first, eval_count, sweep_id, sweep_tags }) => ({
    idx, spec, model_type, split_seed, estimator_seed, label, quality, fit_base, predict_base, eval_first, eval_count, sweep_id, sweep_tags,
  }));
  await db.query(
    `INSERT INTO bench_pool SELECT x.*, history_flat_params(x.spec -> 'estimator') FROM jsonb_to_recordset($1) AS x(idx int, spec jsonb, model_type text, split_seed int,
      estimator_seed int, label text, quality float8, fit_base float8, predict_base float8, eval_first int, eval_count int, sweep_id uuid, sweep_tags jsonb)`,
    [JSON.stringify(rows)],
  );
}

async function insertEvaluations(evaluations) {
  for (let i = 0; i < evaluations.length; i += 200) {
    await db.query('INSERT INTO bench_evaluation SELECT * FROM jsonb_to_recordset($1) AS x(idx int, subset text, accuracy float8, n_samples int, metrics jsonb)', [
      JSON.stringify(evaluations.slice(i, i + 200)),
    ]);
  }
}

/** Generated rows the api must decode (a row it cannot would be a 500): runs of every model type and status, a refit run, sweeps, trials. */
async function checkDecoding() {
  const { rows } = await db.query(`(SELECT DISTINCT ON (model_type, status) id FROM runs ORDER BY model_type, status, random())
    UNION ALL (SELECT id FROM runs WHERE sweep_id IS NOT NULL LIMIT 2)`);
  for (const { id } of rows) {
    const run = await call('GET', `/runs/${id}`);
    if (run.id !== id) throw new Error(`GET /runs/${id} answered another run`);
  }
  const { rows: sweeps } = await db.query('SELECT id FROM sweeps ORDER BY random() LIMIT 3');
  for (const { id } of sweeps) {
    await call('GET', `/sweeps/${id}`);
    await call('GET', `/sweeps/${id}/trials?limit=100`);
  }
  const listed = await call('GET', '/runs?limit=100&order_by=metrics.test.accuracy%20DESC');
  await call('GET', `/runs/compare?ids=${listed.items.slice(0, 5).map((run) => run.id).join(',')}`);
  return { runs_read: rows.length, sweeps_read: sweeps.length };
}

/** The timed queries: `path` and query parameters; each pages by next_cursor unless it is one answer. */
function querySet(sweep) {
  const runs = (name, params, what) => ({ name, path: '/runs', params, what, paged: true });
  return [
    runs('default list', {}, 'GET /runs: newest first'),
    runs('order created_at ASC', { order_by: 'created_at ASC' }, 'oldest first'),
    runs('order metrics.test.accuracy DESC', { order_by: 'metrics.test.accuracy DESC' }, 'best test accuracy first (a run_metrics ordering)'),
    runs('order fit_seconds ASC', { order_by: 'fit_seconds ASC' }, 'fastest fit first (nulls last)'),
    runs('order params.model__n_estimators DESC', { order_by: 'params.model__n_estimators DESC' }, 'a params.* ordering'),
    runs('order multi-key', { order_by: 'params.model__max_depth DESC, metrics.test.macro_f1 DESC, fit_seconds ASC' }, 'three keys: a param, a metric, a column'),
    runs('params filter', { filter: "model_type = 'random_forest' AND params.model__max_depth = null AND metrics.test.accuracy > 0.96" }, 'forests of unbounded depth above 0.96'),
    runs('params filter, by accuracy', { filter: "params.model__max_depth = null AND metrics.test.accuracy > 0.96", order_by: 'metrics.test.accuracy DESC' }, 'the same, best first'),
    runs('per-class metric filter', { filter: "metrics.test.recall['8'] > 0.95" }, "recall of digit 8 above 0.95"),
    runs('OR of two model types', { filter: "model_type = 'one_vs_rest' OR model_type = 'one_vs_one'" }, 'OneVsRest or OneVsOne runs'),
    runs('tag filter', { filter: "tags.baseline = 'true'" }, 'runs tagged baseline'),
    runs('tag filter, by accuracy', { filter: "tags.baseline = 'true'", order_by: 'metrics.test.accuracy DESC' }, 'baseline runs, best first'),
    { name: 'sweep trials', path: `/sweeps/${sweep.id}/trials`, params: {}, what: `GET /sweeps/:id/trials of the ${sweep.trials}-trial sweep`, paged: true },
    { name: 'sweep trials by score', path: `/sweeps/${sweep.id}/trials`, params: { order_by: 'test_score DESC' }, what: 'its trials, best fold score first', paged: true },
    runs('count', { filter: "model_type = 'random_forest'", count: 'true' }, 'a page with count=true (beyond 10,000: estimated)'),
    runs('count, selective', { filter: "tags.baseline = 'true' AND metrics.test.accuracy > 0.95", count: 'true' }, 'a page with an exact count'),
    { name: 'aggregate', path: '/runs/aggregate', params: { filter: "model_type = 'random_forest'", group_by: 'params.model__max_depth', metric: 'metrics.test.accuracy' }, what: 'GET /runs/aggregate: test accuracy per max_depth of the forests', paged: false },
  ];
}

async function timeQueries(sweep) {
  const results = [];
  for (const query of querySet(sweep)) {
    const first = withParams(query.path, query.params);
    for (let i = 0; i < 3; i++) await timedGet(first);
    if (query.paged) await walk(query, 5);
    const firstMs = [];
    let answer;
    for (let i = 0; i < samples; i++) ({ ms: firstMs[firstMs.length], json: answer } = await timedGet(first));
    const result = { name: query.name, what: query.what, path: query.path, params: query.params, first: stats(firstMs) };
    if (query.paged) {
      const { pageMs, cursors, rows } = await walk(query, samples);
      Object.assign(result, { later: pageMs.length ? stats(pageMs) : null, walk_ms: Number(pageMs.reduce((sum, ms) => sum + ms, 0).toFixed(1)), pages_walked: pageMs.length, rows_walked: rows, last_cursor: cursors.at(-1) ?? null });
      if (answer.count !== undefined) result.count = { value: answer.count, estimated: answer.count_estimated ?? false };
    } else {
      result.groups = answer.groups?.length ?? null;
    }
    result.pass = worstMs(result) <= PAGE_TARGET_MS;
    console.error(`${query.name}: first p50 ${result.first.p50} p99 ${result.first.p99}${result.later ? `, later p50 ${result.later.p50} p99 ${result.later.p99}` : ''} ms`);
    results.push(result);
  }
  return results;
}

/** Follows next_cursor from the first page for up to `pages` pages after it, timing each. */
async function walk(query, pages) {
  let { json } = await timedGet(withParams(query.path, query.params));
  const pageMs = [];
  const cursors = [];
  let rows = json.items.length;
  while (json.next_cursor && pageMs.length < pages) {
    cursors.push(json.next_cursor);
    const answer = await timedGet(withParams(query.path, { ...query.params, cursor: json.next_cursor }));
    pageMs.push(answer.ms);
    json = answer.json;
    rows += json.items.length;
  }
  return { pageMs, cursors, rows };
}

function withParams(path, params) {
  const search = new URLSearchParams(params).toString();
  return search ? `${path}?${search}` : path;
}

/** Request sent to body read (not parsed); fetch keeps the connection alive between calls. */
async function timedGet(url) {
  const started = performance.now();
  const response = await fetch(stack.baseUrl + url, { headers: API_KEY_HEADER });
  const text = await response.text();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${text.slice(0, 500)}`);
  return { ms, json: JSON.parse(text) };
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => Number(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)].toFixed(1));
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: Number(sorted.at(-1).toFixed(1)) };
}

function worstMs(result) {
  return Math.max(result.first.p99, result.later?.p99 ?? 0);
}

/** GET /runs/export?format=csv of every run, read as it streams, with the api's RSS every 50 ms against rows received. */
async function timeExport() {
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${stack.pid}/status`, 'utf8'))[1]) / 1024;
  const before = rss();
  const trace = [];
  let rows = -1;
  let bytes = 0;
  const sampler = setInterval(() => trace.push({ rows: Math.max(rows, 0), rss_mb: Number(rss().toFixed(1)) }), 50);
  const started = performance.now();
  const response = await fetch(`${stack.baseUrl}/runs/export?format=csv`, { headers: API_KEY_HEADER });
  if (!response.ok) throw new Error(`export: ${response.status} ${await response.text()}`);
  for await (const chunk of response.body) {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  // Flat: memory does not grow with the rows sent, so the highest RSS of the export's second half
  // stays within 50 MB of its first half's (the garbage collector's saw-tooth aside).
  const early = trace.find((point) => point.rows >= rows / 10) ?? trace[0];
  const peak = Math.max(...trace.map((point) => point.rss_mb));
  const highest = (points) => Math.max(...points.map((point) => point.rss_mb));
  const firstHalf = highest(trace.filter((point) => point.rows < rows / 2));
  const secondHalf = highest(trace.filter((point) => point.rows >= rows / 2));
  const flat = secondHalf - firstHalf <= 50;
  const step = Math.max(1, Math.floor(trace.length / 20));
  return {
    seconds: Number(seconds.toFixed(2)),
    rows,
    megabytes: Number((bytes / 1e6).toFixed(1)),
    rss_mb: { before: Number(before.toFixed(1)), at_tenth: early.rss_mb, peak, first_half_max: firstHalf, second_half_max: secondHalf, end: trace.at(-1)?.rss_mb ?? null },
    flat,
    pass: (nRuns > 100_000 || seconds <= EXPORT_TARGET_S) && flat,
    trace: trace.filter((_, i) => i % step === 0),
  };
}

/**
 * A Prisma client stand-in for libs/infra's HistorySearch and RunAnalysis: runs each statement
 * they compile on the benchmark's own connection and records it with its time, so that their
 * exact SQL (for the admin's scope) can be explained.
 */
function recordingClient(statements) {
  return {
    // RunAnalysis.export streams its rows from the pool's own connection (pg-query-stream): not recorded.
    pool: connections,
    $queryRaw: async (strings, ...values) => {
      const sql = Prisma.sql(strings, ...values);
      const started = performance.now();
      // A pool, as Prisma's: RunAnalysis runs some statements in parallel.
      const { rows } = await connections.query(sql.text, sql.values);
      statements.push({ sql, ms: performance.now() - started, rows: rows.length });
      return rows;
    },
  };
}

async function explain(statement) {
  const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql.text}`, statement.sql.values);
  return { sql: shorten(statement.sql.text.replace(/\s+/g, ' ').trim()), values: statement.sql.values.slice(0, 10), plan: rows.map((row) => shorten(row['QUERY PLAN'])) };
}

/** An id list of an export batch (1000 bind parameters, or their values in a plan) cut to its first ones. */
function shorten(text) {
  return text
    .replace(/((?:CAST\(\$\d+ AS uuid\),){3})(?:CAST\(\$\d+ AS uuid\),)+/g, '$1 ..., ')
    .replace(/('\{(?:[0-9a-f-]{36},){3})(?:[0-9a-f-]{36},)+/g, '$1...,');
}

/** EXPLAIN (ANALYZE, BUFFERS) of the statements of a timed query's first page, or of the page after `cursor`. */
async function explainQuery(result, cursor) {
  const statements = [];
  const client = recordingClient(statements);
  const trials = result.path.includes('/trials');
  const scope = trials ? { sweepId: result.path.split('/')[2] } : { projects: 'all', project: undefined };
  const params = result.params;
  if (result.path === '/runs/aggregate') {
    await new infra.RunAnalysis(client).aggregate({ filter: params.filter, conditions: [], scope, groupBy: params.group_by, metric: params.metric });
  } else {
    await new infra.HistorySearch(client).search(trials ? infra.TRIAL_HISTORY : infra.RUN_HISTORY, {
      filter: params.filter, orderBy: params.order_by, limit: 20, cursor, count: params.count === 'true', conditions: [], scope,
    });
  }
  const plans = [];
  for (const statement of statements.filter((recorded) => !/^\s*EXPLAIN/.test(recorded.sql.text))) plans.push(await explain(statement));
  const executionMs = plans.reduce((sum, plan) => sum + Number(/Execution Time: ([\d.]+)/.exec(plan.plan.at(-1))?.[1] ?? 0), 0);
  return { page: cursor ? 'a later page (the last one walked)' : 'the first page', execution_ms: Number(executionMs.toFixed(1)), statements: plans };
}

/**
 * Postgres's own time for each query (EXPLAIN ANALYZE of its statements, first page and last
 * walked page), apart from HTTP, Node and the load of the machine; the plans stay in the results.
 */
async function explainAll(results) {
  for (const result of results) {
    result.explain = { first: await explainQuery(result) };
    if (result.last_cursor) result.explain.later = await explainQuery(result, result.last_cursor);
    result.sql_ms = { first: result.explain.first.execution_ms, later: result.explain.later?.execution_ms ?? null };
  }
}

/**
 * libs/infra's RunAnalysis.export run in this process over its first PROFILED_EXPORT_ROWS runs
 * (batches of 1000, as the api's): where its time goes, statement by statement, and EXPLAIN of
 * the slowest statement.
 */
async function profileExport() {
  const statements = [];
  const started = performance.now();
  const { rows } = await new infra.RunAnalysis(recordingClient(statements)).export({ conditions: [], scope: { projects: 'all', project: undefined } });
  let count = 0;
  for await (const row of rows) if (row && ++count >= PROFILED_EXPORT_ROWS) break;
  const seconds = (performance.now() - started) / 1000;
  const kinds = new Map();
  for (const statement of statements) {
    const kind = statement.sql.text.replace(/\s+/g, ' ').trim().slice(0, 90);
    const entry = kinds.get(kind) ?? { statement: kind, count: 0, ms: 0 };
    entry.count++;
    entry.ms += statement.ms;
    kinds.set(kind, entry);
  }
  const slowest = statements.reduce((a, b) => (b.ms > a.ms ? b : a), statements[0]);
  return {
    rows: count,
    seconds: Number(seconds.toFixed(2)),
    sql_seconds: Number((statements.reduce((sum, statement) => sum + statement.ms, 0) / 1000).toFixed(2)),
    by_statement: [...kinds.values()].map((entry) => ({ ...entry, ms: Number(entry.ms.toFixed(1)) })).sort((a, b) => b.ms - a.ms),
    slowest: slowest === undefined ? null : { ms: Number(slowest.ms.toFixed(1)), ...(await explain(slowest)) },
  };
}

function printReport(result) {
  const cell = (value) => (value === undefined || value === null ? '' : String(value));
  console.log(`\n${result.runs.toLocaleString('en-US')} runs (${result.fill.counts.run_metrics.toLocaleString('en-US')} run_metrics rows, ${result.fill.counts.database_size}); fill ${result.fill.seconds} s (SQL ${result.fill.sql_seconds} s); ${result.samples} first pages and up to ${result.samples} later pages per query, limit 20; ms, request to body read\n`);
  console.log('| query | first p50 | first p99 | later p50 | later p99 | target p99 | pass | SQL first / later |');
  console.log('|---|---:|---:|---:|---:|---:|---|---:|');
  for (const q of result.queries) {
    console.log(`| ${q.name} | ${q.first.p50} | ${q.first.p99} | ${cell(q.later?.p50)} | ${cell(q.later?.p99)} | ${result.page_target_ms} | ${q.pass ? 'pass' : '**FAIL**'} | ${q.sql_ms.first} / ${cell(q.sql_ms.later)} |`);
  }
  const walked = result.queries.find((q) => q.name === 'order metrics.test.accuracy DESC');
  console.log(`| 50-page cursor walk (${walked.name}) | total ${walked.walk_ms} ms for ${walked.pages_walked} pages | | | | ${result.page_target_ms} per page | ${walked.pass ? 'pass' : '**FAIL**'} |`);
  const e = result.export;
  console.log(`| CSV export of every run (${e.rows} rows, ${e.megabytes} MB) | ${e.seconds} s | | | | ${EXPORT_TARGET_S} s at 100k, flat RSS | ${e.pass ? 'pass' : '**FAIL**'} |`);
  console.log(`\nexport RSS (MB): before ${e.rss_mb.before}, at a tenth of the rows ${e.rss_mb.at_tenth}, highest in the first half ${e.rss_mb.first_half_max} and in the second ${e.rss_mb.second_half_max}, end ${e.rss_mb.end}: ${e.flat ? 'flat' : 'NOT flat'}`);
  const profile = result.export_profile;
  console.log(`\nRunAnalysis.export in this process: ${profile.rows} rows in ${profile.seconds} s, ${profile.sql_seconds} s of it in SQL:`);
  for (const entry of profile.by_statement) console.log(`  ${entry.count} x ${entry.ms} ms  ${entry.statement}`);
  if (profile.slowest) console.log(`slowest export statement (${profile.slowest.ms} ms):\n${profile.slowest.sql}\n${profile.slowest.plan.join("\n")}`);
  console.log(`\nslowest: ${result.slowest.name} (${result.slowest.explain.page})`);
  for (const statement of result.slowest.explain.statements) {
    console.log(`\n${statement.sql}\n-- ${JSON.stringify(statement.values)}\n${statement.plan.join('\n')}`);
  }
}
