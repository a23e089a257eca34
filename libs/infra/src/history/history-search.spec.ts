import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { finalEstimatorType, validateRunRequest } from '@mnist-lab/contracts';
import { createEstimator, type EstimatorSpec } from '@mnist-lab/ml';
import type { PrismaService } from '../prisma/prisma.service';
import { connectRepositories, createTestDatabase, type TestDatabase } from '../testing/test-database';
import { parseFilter, parseOrderBy, type FilterExpression, type Literal } from './grammar';
import { HistoryQueryError } from './query-error';
import { RunsRepository } from '../runs/runs.repository';
import { EXACT_COUNT_LIMIT } from './history-search';
import { RunAnalysis } from './run-analysis';

/*
 * The history language against an in-memory reference: a few hundred generated runs in a real
 * Postgres, random filters and orderings, every page walked, the ids compared with what the
 * reference's three-valued logic and sort give. Also: injection attempts in every position, and
 * cursor walks while runs are being inserted.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A run as the reference sees it: each field's value, params as get_params(deep=True) gives them. */
interface ReferenceRun {
  readonly id: string;
  readonly columns: Record<string, string | number | null>;
  readonly params: Record<string, Json>;
  readonly metrics: Record<string, number>;
  readonly tags: Record<string, string>;
}

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
const BASE = Date.parse('2026-11-01T00:00:00.000Z');
const TIMES = [0, 1, 2, 3, 5, 8].map((hours) => BASE + hours * 3_600_000);
const SECONDS = [0.5, 1, 2.25, 10];
const SCORES = [0.5, 0.9, 0.95, 0.97];
const ALL = { projects: 'all' } as const;

const estimatorArb: fc.Arbitrary<EstimatorSpec> = fc.oneof(
  fc
    .record({
      max_depth: fc.constantFrom(null, 3, 5, 12),
      n_estimators: fc.constantFrom(10, 50, 100),
      max_features: fc.constantFrom('sqrt', 'log2', 0.5, null),
      bootstrap: fc.boolean(),
    })
    .map((params) => ({ type: 'pipeline', params: { steps: [['scale', { type: 'standard_scaler' }], ['model', { type: 'random_forest', params }]] } }) as unknown as EstimatorSpec),
  fc
    .constantFrom(0.1, 0.5, 1, 10)
    .map((C) => ({ type: 'pipeline', params: { steps: [['scale', { type: 'standard_scaler', params: { with_mean: false } }], ['model', { type: 'logistic_regression', params: { C } }]] } }) as unknown as EstimatorSpec),
  fc.constantFrom(0.5, 1).map((C) => ({ type: 'one_vs_rest', params: { estimator: { type: 'logistic_regression', params: { C } } } }) as unknown as EstimatorSpec),
);

const runArb = fc.record({
  status: fc.constantFrom(...STATUSES),
  estimator: estimatorArb,
  dataset: fc.constantFrom('mnist_784', 'digits'),
  project: fc.constantFrom('default', 'vision'),
  name: fc.option(fc.constantFrom('rf-1', 'rf-10', 'baseline', 'Base_2'), { nil: null }),
  tags: fc.record({ baseline: fc.constantFrom('true', 'false'), team: fc.constantFrom('a', 'b') }, { requiredKeys: [] }),
  createdAt: fc.constantFrom(...TIMES),
  started: fc.option(fc.constantFrom(...TIMES), { nil: null }),
  took: fc.constantFrom(...SECONDS),
  fitSeconds: fc.option(fc.constantFrom(...SECONDS), { nil: null }),
  predictSeconds: fc.option(fc.double({ min: 0, max: 5, noNaN: true }), { nil: null }),
  attempts: fc.integer({ min: 0, max: 3 }),
  accuracy: fc.constantFrom(...SCORES),
  recall: fc.array(fc.option(fc.constantFrom(...SCORES), { nil: null }), { minLength: 3, maxLength: 3 }),
  trainMacroF1: fc.option(fc.constantFrom(...SCORES), { nil: null }),
});

type GeneratedRun = typeof runArb extends fc.Arbitrary<infer T> ? T : never;

/** getParams(deep=True) without the nested estimators' specs and the steps: what runs.params holds. */
function flatParams(spec: EstimatorSpec): Record<string, Json> {
  const deep = createEstimator(spec).getParams({ deep: true }) as Record<string, Json>;
  const isSpec = (value: Json) => typeof value === 'object' && value !== null && !Array.isArray(value) && 'type' in value;
  return Object.fromEntries(Object.entries(deep).filter(([name, value]) => name !== 'steps' && !isSpec(value)));
}

class Store {
  readonly runs: ReferenceRun[] = [];

  constructor(private readonly prisma: PrismaService) {}

  async insert(generated: readonly GeneratedRun[]): Promise<ReferenceRun[]> {
    const added = generated.map((run) => ({ run, id: randomUUID(), spec: validateRunRequest({ dataset: run.dataset, n_samples: 1000, estimator: run.estimator }) }));
    await this.prisma.run.createMany({
      data: added.map(({ run, id, spec }) => {
        const finished = run.status === 'succeeded' || run.status === 'failed';
        return {
          id,
          status: run.status,
          spec: spec as object,
          dataset: run.dataset,
          modelType: finalEstimatorType(spec.estimator),
          project: run.project,
          name: run.name,
          tags: run.tags,
          createdAt: new Date(run.createdAt),
          startedAt: run.started === null ? null : new Date(run.started),
          finishedAt: finished && run.started !== null ? new Date(run.started + run.took * 1000) : null,
          fitSeconds: run.fitSeconds,
          predictSeconds: run.predictSeconds,
          attempts: run.attempts,
          testAccuracy: run.status === 'succeeded' ? run.accuracy : null,
          schemaVersion: 1,
        };
      }),
    });
    const metricRows = added.flatMap(({ run, id }) =>
      run.status !== 'succeeded'
        ? []
        : [
            { runId: id, subset: 'test', name: 'accuracy', classLabel: '', value: run.accuracy },
            ...run.recall.flatMap((value, label) => (value === null ? [] : [{ runId: id, subset: 'test', name: 'recall', classLabel: String(label), value }])),
            ...(run.trainMacroF1 === null ? [] : [{ runId: id, subset: 'train', name: 'macro_f1', classLabel: '', value: run.trainMacroF1 }]),
          ],
    );
    await this.prisma.runMetric.createMany({ data: metricRows });
    const references = added.map(({ run, id, spec }): ReferenceRun => {
      const finished = (run.status === 'succeeded' || run.status === 'failed') && run.started !== null ? run.started + run.took * 1000 : null;
      const metrics: Record<string, number> = {};
      for (const row of metricRows.filter((row) => row.runId === id)) metrics[`${row.subset}.${row.name}${row.classLabel ? `['${row.classLabel}']` : ''}`] = row.value;
      return {
        id,
        columns: {
          status: run.status,
          dataset: run.dataset,
          model_type: finalEstimatorType(spec.estimator),
          project: run.project,
          name: run.name,
          created_at: run.createdAt,
          finished_at: finished,
          fit_seconds: run.fitSeconds,
          predict_seconds: run.predictSeconds,
          duration_seconds: finished !== null && run.started !== null ? (finished - run.started) / 1000 : null,
          attempts: run.attempts,
          tensor_backend: null,
          sweep_id: null,
        },
        params: flatParams(spec.estimator),
        metrics,
        tags: run.tags,
      };
    });
    this.runs.push(...references);
    return references;
  }
}

// ---------------------------------------------------------------- the reference

type Truth = boolean | null;

function fieldValue(run: ReferenceRun, parts: readonly string[], key: string | null): Json | undefined {
  const [head, ...rest] = parts;
  if (head === 'params') return run.params[rest[0]];
  if (head === 'metrics') return run.metrics[`${rest.join('.')}${key === null ? '' : `['${key}']`}`];
  if (head === 'tags') return run.tags[key ?? rest.join('.')];
  return run.columns[head];
}

function literalValue(literal: Literal, time: boolean): Json {
  if (literal.type === 'timestamp' || (time && literal.type === 'string')) return Date.parse(literal.value);
  return literal.value;
}

function likeRegex(pattern: string, insensitive: boolean): RegExp {
  const body = [...pattern].map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, insensitive ? 'is' : 's');
}

function compare(value: Json | undefined, op: string, literal: Json): Truth {
  if (value === undefined || value === null || typeof value !== typeof literal) return null;
  switch (op) {
    case '=':
      return value === literal;
    case '!=':
      return value !== literal;
    case '<':
      return (value as number) < (literal as number);
    case '<=':
      return (value as number) <= (literal as number);
    case '>':
      return (value as number) > (literal as number);
    case '>=':
      return (value as number) >= (literal as number);
    case 'LIKE':
      return likeRegex(literal as string, false).test(value as string);
    case 'NOT LIKE':
      return !likeRegex(literal as string, false).test(value as string);
    case 'ILIKE':
      return likeRegex(literal as string, true).test(value as string);
    default:
      return !likeRegex(literal as string, true).test(value as string);
  }
}

const TIME_FIELDS = new Set(['created_at', 'finished_at']);

/** SQL's three-valued logic, evaluated directly on the parsed expression. */
function evaluate(run: ReferenceRun, expression: FilterExpression): Truth {
  switch (expression.kind) {
    case 'and': {
      const values = expression.operands.map((operand) => evaluate(run, operand));
      return values.includes(false) ? false : values.includes(null) ? null : true;
    }
    case 'or': {
      const values = expression.operands.map((operand) => evaluate(run, operand));
      return values.includes(true) ? true : values.includes(null) ? null : false;
    }
    case 'not': {
      const value = evaluate(run, expression.operand);
      return value === null ? null : !value;
    }
    case 'null': {
      const value = fieldValue(run, expression.field.parts, expression.field.key);
      return (value === undefined || value === null) !== expression.negated;
    }
    case 'in': {
      const time = TIME_FIELDS.has(expression.field.parts[0]);
      const value = fieldValue(run, expression.field.parts, expression.field.key);
      const matches = expression.values.map((literal) => compare(value, '=', literalValue(literal, time)));
      const any: Truth = matches.includes(true) ? true : matches.includes(null) ? null : false;
      return any === null ? null : any !== expression.negated;
    }
    case 'compare': {
      const value = fieldValue(run, expression.field.parts, expression.field.key);
      if (expression.value.type === 'null') return (value === undefined || value === null) === (expression.op === '=');
      return compare(value, expression.op, literalValue(expression.value, TIME_FIELDS.has(expression.field.parts[0])));
    }
  }
}

function referenceQuery(runs: readonly ReferenceRun[], filter: string, orderBy: string, projects: readonly string[] | 'all'): string[] {
  const expression = parseFilter(filter);
  const keys = parseOrderBy(orderBy);
  const sortValue = (run: ReferenceRun, index: number): number | null => {
    const value = fieldValue(run, keys[index].field.parts, keys[index].field.key);
    return typeof value === 'number' ? value : null;
  };
  const idDirection = keys[keys.length - 1].direction === 'ASC' ? 1 : -1;
  return runs
    .filter((run) => (projects === 'all' || projects.includes(run.columns['project'] as string)) && evaluate(run, expression) === true)
    .sort((a, b) => {
      for (let index = 0; index < keys.length; index++) {
        const [x, y] = [sortValue(a, index), sortValue(b, index)];
        if (x === y) continue;
        if (x === null) return 1;
        if (y === null) return -1;
        return (x - y) * (keys[index].direction === 'ASC' ? 1 : -1);
      }
      return (a.id < b.id ? -1 : 1) * idDirection;
    })
    .map((run) => run.id);
}

// ---------------------------------------------------------------- generated queries

const iso = (ms: number) => new Date(ms).toISOString();
const leafArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...STATUSES).map((s) => `status = '${s}'`),
  fc.subarray([...STATUSES], { minLength: 1 }).map((list) => `status IN (${list.map((s) => `'${s}'`).join(', ')})`),
  fc.constantFrom('random_forest', 'logistic_regression', 'one_vs_rest').map((m) => `model_type = '${m}'`),
  fc.constant("dataset != 'digits'"),
  fc.constant("project = 'vision'"),
  fc.constantFrom("name LIKE 'rf-1%'", "name ILIKE 'base%'", "name NOT LIKE '%_2'", 'name IS NULL'),
  fc.tuple(fc.constantFrom('<', '<=', '>', '>=', '=', '!='), fc.constantFrom(...SECONDS)).map(([op, v]) => `fit_seconds ${op} ${v}`),
  fc.constantFrom('fit_seconds IS NULL', 'predict_seconds <= 2.5', 'duration_seconds >= 2.25', 'finished_at IS NOT NULL'),
  fc.subarray([0, 1, 2, 3], { minLength: 1 }).map((list) => `attempts NOT IN (${list.join(', ')})`),
  fc.tuple(fc.constantFrom('<', '>=', '='), fc.constantFrom(...TIMES)).map(([op, t]) => `created_at ${op} '${iso(t)}'`),
  fc.constantFrom(...TIMES).map((t) => `finished_at < ${iso(t)}`),
  fc.constantFrom('params.model__max_depth = 5', 'params.model__max_depth IS NULL', 'params.model__max_depth > 3', 'params.model__max_depth != 12'),
  fc.constantFrom("params.model__max_features = 'sqrt'", 'params.model__max_features > 0.3', "params.model__max_features IN ('log2', 0.5)", 'params.model__bootstrap = true', 'params.model__bootstrap != true'),
  fc.constantFrom('params.model__C < 1', 'params.estimator__C >= 0.5', 'params.scale__with_mean = false', 'params.model__n_estimators IN (10, 100)'),
  fc.tuple(fc.constantFrom('>', '<=', '='), fc.constantFrom(...SCORES)).map(([op, v]) => `metrics.test.accuracy ${op} ${v}`),
  fc.tuple(fc.constantFrom('0', '1', '2'), fc.constantFrom('>', '<', '>='), fc.constantFrom(...SCORES)).map(([label, op, v]) => `metrics.test.recall['${label}'] ${op} ${v}`),
  fc.constantFrom('metrics.train.macro_f1 IS NOT NULL', 'metrics.train.macro_f1 IN (0.5, 0.97)', "metrics.test.recall['2'] IS NULL"),
  fc.constantFrom("tags.baseline = 'true'", 'tags.team IS NULL', "tags.team NOT IN ('a')", "tags['team'] != 'b'"),
);

const filterArb: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.tuple(tie('expr'), fc.constantFrom('AND', 'OR', 'and', 'or'), tie('expr')).map(([a, op, b]) => `(${a}) ${op} (${b})`),
    tie('expr').map((a) => `NOT (${a})`),
  ),
})).expr;

const SORT_FIELDS = ['created_at', 'finished_at', 'fit_seconds', 'predict_seconds', 'duration_seconds', 'attempts', 'params.model__max_depth', 'params.model__C', 'metrics.test.accuracy', "metrics.test.recall['1']", 'metrics.train.macro_f1'];
const orderArb = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...SORT_FIELDS), fc.constantFrom('ASC', 'DESC', '')), { minLength: 1, maxLength: 3, selector: ([field]) => field })
  .map((keys) => keys.map(([field, direction]) => `${field} ${direction}`.trim()).join(', '));

async function walk(history: RunsRepository, filter: string, orderBy: string, limit: number, projects: readonly string[] | 'all' = 'all', between?: () => Promise<void>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const result = await history.search({ filter, orderBy, limit, cursor, scope: { projects } });
    assert.ok(result.items.length <= limit);
    ids.push(...result.items.map((run) => run.id));
    if (result.nextCursor === null) return ids;
    cursor = result.nextCursor;
    await between?.();
  }
  throw new Error('the walk did not end');
}

describe('run history against a reference', () => {
  let database: TestDatabase;
  let prisma: PrismaService;
  let history: RunsRepository;
  let store: Store;

  before(async () => {
    database = await createTestDatabase('history');
    ({ prisma } = await connectRepositories(database.url));
    history = new RunsRepository(prisma);
    store = new Store(prisma);
    await store.insert(fc.sample(runArb, { numRuns: 300, seed: 16 }));
  });

  after(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('flattens params in Postgres as get_params(deep=True) names them', async () => {
    const rows = await prisma.run.findMany({ select: { id: true, params: true } });
    for (const row of rows) assert.deepEqual(row.params, store.runs.find((run) => run.id === row.id)?.params);
  });

  it('gives every page of any filter and ordering as the reference does', async () => {
    await fc.assert(
      fc.asyncProperty(filterArb, orderArb, fc.integer({ min: 5, max: 60 }), fc.constantFrom<readonly string[] | 'all'>('all', ['vision'], []), async (filter, orderBy, limit, projects) => {
        const expected = referenceQuery(store.runs, filter, orderBy, projects);
        assert.deepEqual(await walk(history, filter, orderBy, limit, projects), expected, `${filter} ORDER BY ${orderBy}`);
        const first = await history.search({ filter, orderBy, limit, count: true, scope: { projects } });
        assert.deepEqual(first.count, { value: expected.length, estimated: false });
      }),
      { numRuns: 40, seed: 1616 },
    );
  });

  it('exports, batch by batch, and aggregates what the reference finds', async () => {
    const analysis = new RunAnalysis(prisma);
    await fc.assert(
      fc.asyncProperty(filterArb, orderArb, fc.integer({ min: 3, max: 40 }), async (filter, orderBy, batch) => {
        const expected = referenceQuery(store.runs, filter, orderBy, 'all');
        const exported = await analysis.export({ filter, orderBy, scope: ALL }, batch);
        const rows: Record<string, unknown>[] = [];
        for await (const values of exported.rows) {
          assert.equal(values.length, exported.columns.length);
          rows.push(Object.fromEntries(exported.columns.flatMap((column, index) => (values[index] === undefined ? [] : [[column, values[index]]]))));
        }
        assert.deepEqual(rows.map((row) => row['id']), expected, `${filter} ORDER BY ${orderBy}`);
        for (const row of rows) {
          const reference = store.runs.find((run) => run.id === row['id'])!;
          for (const [name, value] of Object.entries(reference.params)) assert.deepEqual(row[`params.${name}`], value, name);
          for (const [name, value] of Object.entries(reference.metrics)) assert.equal(row[`metrics.${name}`], value, name);
          for (const [key, value] of Object.entries(reference.tags)) assert.equal(row[`tags.${key}`], value, key);
          for (const column of Object.keys(row).filter((name) => name.startsWith('metrics.'))) assert.ok(column.slice('metrics.'.length) in reference.metrics, `${column} is not a metric of the run`);
        }

        const aggregate = await analysis.aggregate({ filter, scope: ALL, groupBy: 'model_type', metric: 'fit_seconds' });
        const kept = store.runs.filter((run) => expected.includes(run.id));
        const types = [...new Set(kept.map((run) => run.columns['model_type'] as string))].sort();
        assert.deepEqual(aggregate.groups.map((group) => group.group), types);
        for (const group of aggregate.groups) {
          const values = kept.filter((run) => run.columns['model_type'] === group.group).map((run) => run.columns['fit_seconds']).filter((value): value is number => value !== null);
          const mean = values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
          assert.equal(group.count, kept.filter((run) => run.columns['model_type'] === group.group).length);
          assert.equal(group.n, values.length);
          assert.deepEqual([group.min, group.max], values.length === 0 ? [null, null] : [Math.min(...values), Math.max(...values)]);
          assert.ok(mean === null ? group.mean === null : Math.abs(group.mean! - mean) < 1e-9, `${group.group}: mean ${group.mean} vs ${mean}`);
        }
      }),
      { numRuns: 25, seed: 1617 },
    );
  });

  it('orders newest first by default', async () => {
    const page = await history.search({ limit: 500, scope: ALL });
    assert.deepEqual(page.items.map((run) => run.id), referenceQuery(store.runs, 'attempts >= 0', 'created_at DESC', 'all'));
  });

  it('keeps injection attempts in literals as values and refuses them in field positions', async () => {
    const before = await prisma.run.count();
    const evils = ["x' OR '1'='1", "'; DROP TABLE runs; --", "\\'; SELECT pg_sleep(5); --", 'a") OR 1=1 --', '%'];
    for (const evil of evils) {
      const quoted = `'${evil.replace(/'/g, "''")}'`;
      for (const filter of [`name = ${quoted}`, `dataset IN (${quoted}, 'x')`, `tags.team = ${quoted}`, `tags.team LIKE ${quoted}`, `params.model__criterion = ${quoted}`, `params.model__max_features != ${quoted}`, `model_type ILIKE ${quoted}`]) {
        const page = await history.search({ filter, limit: 500, scope: ALL });
        assert.deepEqual(page.items.map((run) => run.id), referenceQuery(store.runs, filter, 'created_at DESC', 'all'), filter);
      }
      for (const filter of [`created_at = ${quoted}`, `sweep_id = ${quoted}`, `status = ${quoted}`, `fit_seconds = ${quoted}`]) {
        await assert.rejects(history.search({ filter, limit: 5, scope: ALL }), HistoryQueryError, filter);
      }
    }
    const fieldAttacks = ["params.x'--' = 1", "tags['a'' OR 1=1 --'] = 'x'", "metrics.test.recall['1''); DROP TABLE runs; --'] > 0", 'status; DROP TABLE runs = 1', "name = 'a' ; DROP TABLE runs"];
    for (const filter of fieldAttacks) await assert.rejects(history.search({ filter, limit: 5, scope: ALL }), HistoryQueryError, filter);
    for (const orderBy of ['fit_seconds; DROP TABLE runs', 'fit_seconds DESC, (SELECT 1)', "params.x'--"]) {
      await assert.rejects(history.search({ orderBy, limit: 5, scope: ALL }), HistoryQueryError, orderBy);
    }
    const forged = (k: unknown[]) => Buffer.from(JSON.stringify({ s: 'fit_seconds DESC', k, id: randomUUID() })).toString('base64url');
    for (const cursor of [forged(["1; DROP TABLE runs"]), forged([{}]), forged([1, 2]), 'not base64 at all', Buffer.from('[]').toString('base64url')]) {
      await assert.rejects(history.search({ orderBy: 'fit_seconds DESC', cursor, limit: 5, scope: ALL }), HistoryQueryError, cursor);
    }
    await assert.rejects(history.search({ orderBy: 'fit_seconds ASC', cursor: forged([1]), limit: 5, scope: ALL }), /was made for order_by/);
    assert.equal(await prisma.run.count(), before);
  });

  it('walks every run once while runs are inserted, for ascending and descending orders', async () => {
    for (const orderBy of ['fit_seconds ASC, created_at DESC', "metrics.test.recall['1'] DESC"]) {
      const existing = referenceQuery(store.runs, 'attempts >= 0', orderBy, 'all');
      let inserted = 0;
      // New runs land before, at and after the cursor (their values are drawn from the same pools, ties included).
      const insert = async (): Promise<void> => {
        await Promise.all([store.insert(fc.sample(runArb, { numRuns: 4, seed: 100 + inserted })), store.insert(fc.sample(runArb, { numRuns: 3, seed: 500 + inserted }))]);
        inserted++;
      };
      // Inserts between pages, and others at the same time as the page queries.
      let walking = true;
      const background = (async () => {
        for (let round = 0; walking && round < 8; round++) await insert();
      })();
      const walked = await walk(history, 'attempts >= 0', orderBy, 17, 'all', insert).finally(() => (walking = false));
      await background;
      assert.equal(new Set(walked).size, walked.length, `no run twice (${orderBy})`);
      const walkedSet = new Set(walked);
      assert.ok(existing.every((id) => walkedSet.has(id)), `every run that existed is listed (${orderBy})`);
      assert.ok(inserted > 5);
      // The walk is in order: the reference over the runs it listed gives the same sequence.
      const listed = store.runs.filter((run) => walkedSet.has(run.id));
      assert.deepEqual(walked, referenceQuery(listed, 'attempts >= 0', orderBy, 'all'));
    }
  });

  it(`counts exactly up to ${EXACT_COUNT_LIMIT} and estimates beyond`, async () => {
    const exact = await history.search({ filter: "status = 'succeeded'", limit: 1, count: true, scope: ALL });
    assert.deepEqual(exact.count, { value: store.runs.filter((run) => run.columns['status'] === 'succeeded').length, estimated: false });
    await prisma.$executeRaw`
      INSERT INTO "runs" ("id", "spec", "dataset", "model_type", "schema_version")
      SELECT gen_random_uuid(), r."spec", r."dataset", r."model_type", 1 FROM "runs" r, generate_series(1, 40) LIMIT ${EXACT_COUNT_LIMIT + 500}`;
    await prisma.$executeRaw`ANALYZE "runs"`;
    const estimate = await history.search({ limit: 1, count: true, scope: ALL });
    assert.equal(estimate.count?.estimated, true);
    const total = await prisma.run.count();
    assert.ok(Math.abs((estimate.count?.value ?? 0) - total) / total < 0.2, `${estimate.count?.value} estimates ${total}`);
  });
});
