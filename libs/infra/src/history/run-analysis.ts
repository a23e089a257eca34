import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import type { RunWithResults } from '../runs/runs.repository';
import type { ProjectScope } from '../scope/project-scope';
import { metricName, resolveField, RUN_FIELDS, type HistoryField, type ValueType } from './fields';
import { parseField } from './grammar';
import { HistorySearch, RUN_HISTORY, scopeCondition, type HistoryRequest } from './history-search';
import { numericExpression } from './order';
import { HistoryQueryError } from './query-error';

/*
 * What the history does besides listing: the fields present (for completion), the comparison of a
 * few runs, aggregates per group, and exports, all over the same filter language as GET /runs.
 */

/** Most groups an aggregate returns (the rest are cut, and `truncated` says so). */
export const MAX_AGGREGATE_GROUPS = 1000;
/** Runs read per query while exporting: memory stays that of one batch whatever the export's size. */
export const EXPORT_BATCH = 1000;

export interface PresentFields {
  readonly columns: { readonly name: string; readonly type: ValueType }[];
  readonly params: { readonly name: string; readonly types: string[] }[];
  readonly metrics: string[];
  readonly tags: string[];
}

export interface AggregateGroup {
  /** The group's value of group_by (null for runs without one). */
  readonly group: unknown;
  /** Runs in the group. */
  readonly count: number;
  /** Of those, the runs with a value of the metric; mean, min, max and stddev (sample) are over these. */
  readonly n: number;
  readonly mean: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly stddev: number | null;
}

export interface MetricRow {
  readonly run_id: string;
  readonly subset: string;
  readonly name: string;
  readonly class_label: string;
  readonly value: number;
}

/** The columns of an export, in order, and its rows (flat objects keyed by column), read batch by batch as they are consumed. */
export interface RunExport {
  readonly columns: string[];
  readonly rows: AsyncGenerator<Record<string, unknown>>;
}

/** The runs table's columns an export starts with. */
const EXPORT_COLUMNS = ['id', 'name', 'status', 'dataset', 'model_type', 'sweep_id', 'project', 'created_at', 'started_at', 'finished_at', 'fit_seconds', 'predict_seconds', 'duration_seconds', 'attempts', 'tensor_backend'] as const;

const IDENTIFIER_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** A tag key as the filter language writes it: `tags.team`, or `tags['my key']` when it is not a dotted name. */
export function tagName(key: string): string {
  return IDENTIFIER_PATH.test(key) ? `tags.${key}` : `tags['${key}']`;
}

@Injectable()
export class RunAnalysis {
  private readonly history: HistorySearch;

  constructor(private readonly prisma: PrismaService) {
    this.history = new HistorySearch(prisma);
  }

  /** The columns, and the params, metrics and tags some run in scope has: what a search bar completes. */
  async fields(scope: ProjectScope): Promise<PresentFields> {
    const where = scopeCondition(scope);
    const [params, metrics, tags] = await Promise.all([
      this.prisma.$queryRaw<{ key: string; types: string[] }[]>`
        SELECT p.key AS "key", array_agg(DISTINCT jsonb_typeof(p.value) ORDER BY jsonb_typeof(p.value)) AS "types"
        FROM "runs" r CROSS JOIN LATERAL jsonb_each(r."params") AS p WHERE ${where} GROUP BY p.key ORDER BY p.key`,
      this.metricNames(where),
      this.prisma.$queryRaw<{ key: string }[]>`SELECT DISTINCT jsonb_object_keys(r."tags") AS "key" FROM "runs" r WHERE ${where} ORDER BY 1`,
    ]);
    return {
      columns: Object.values(RUN_FIELDS.columns).map((column) => ({ name: column.name, type: column.type })),
      params: params.map((param) => ({ name: `params.${param.key}`, types: param.types })),
      metrics,
      tags: tags.map((tag) => tagName(tag.key)),
    };
  }

  /**
   * The metric names stored for some run the condition keeps. The distinct (subset, name, class)
   * triples are walked on the run_metrics index one at a time (a loose index scan: a few dozen
   * probes instead of reading every row), each kept if a run in scope has it.
   */
  private async metricNames(where: Prisma.Sql): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ subset: string; name: string; class_label: string }[]>`
      WITH RECURSIVE present AS (
        (SELECT m."subset", m."name", m."class_label" FROM "run_metrics" m ORDER BY 1, 2, 3 LIMIT 1)
        UNION ALL
        SELECT next.* FROM present CROSS JOIN LATERAL (
          SELECT m."subset", m."name", m."class_label" FROM "run_metrics" m
          WHERE (m."subset", m."name", m."class_label") > (present."subset", present."name", present."class_label")
          ORDER BY 1, 2, 3 LIMIT 1
        ) AS next
      )
      SELECT present.* FROM present
      WHERE EXISTS (
        SELECT 1 FROM "run_metrics" m JOIN "runs" r ON r."id" = m."run_id"
        WHERE m."subset" = present."subset" AND m."name" = present."name" AND m."class_label" = present."class_label" AND ${where}
      )`;
    return rows.map((row) => metricName(row.subset, row.name, row.class_label)).sort(byName);
  }

  /** count, mean, min, max and stddev of `metric` per value of `groupBy`, over the runs the filter keeps. */
  async aggregate(request: Pick<HistoryRequest, 'filter' | 'conditions' | 'scope'> & { readonly groupBy: string; readonly metric: string }) {
    const where = this.history.where(RUN_HISTORY, request);
    const groupField = resolveField(RUN_FIELDS, parseField(request.groupBy, 'group_by'), 'group_by');
    const group = groupExpression(groupField, 'ag');
    const metricPath = parseField(request.metric, 'metric');
    const metric = numericExpression(resolveField(RUN_FIELDS, metricPath, 'metric'), metricPath.position, 'am', 'metric', 'be aggregated');
    if (metric.type !== 'number') throw new HistoryQueryError('metric', `${metric.name} is a time; aggregate a numeric field`, metricPath.position, ['a numeric field']);
    const joins = [group.join, metric.join].flatMap((join) => (join ? [join] : []));
    const rows = await this.prisma.$queryRaw<AggregateGroup[]>`
      SELECT ${group.sql} AS "group", count(*)::int AS "count", count(${metric.sql})::int AS "n",
        avg(${metric.sql})::double precision AS "mean", min(${metric.sql})::double precision AS "min",
        max(${metric.sql})::double precision AS "max", stddev_samp(${metric.sql})::double precision AS "stddev"
      FROM "runs" r ${joins.length > 0 ? Prisma.join(joins, ' ') : Prisma.empty}
      WHERE ${where}
      GROUP BY 1 ORDER BY 1 NULLS LAST LIMIT ${MAX_AGGREGATE_GROUPS + 1}`;
    return {
      group_by: groupField.name,
      metric: metric.name,
      groups: rows.slice(0, MAX_AGGREGATE_GROUPS).map((row) => ({ ...row, group: row.group instanceof Date ? row.group.toISOString() : row.group })),
      truncated: rows.length > MAX_AGGREGATE_GROUPS,
    };
  }

  /** Every stored metric of these runs. */
  metricsOf(ids: readonly string[]): Promise<MetricRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.prisma.$queryRaw<MetricRow[]>`
      SELECT m."run_id"::text AS "run_id", m."subset", m."name", m."class_label", m."value" FROM "run_metrics" m
      WHERE m."run_id" IN (${Prisma.join(ids.map((id) => Prisma.sql`CAST(${id} AS uuid)`))})
      ORDER BY m."subset", m."name", m."class_label"`;
  }

  /**
   * An export of the runs the filter keeps, in `orderBy`'s order: the filter and ordering are
   * checked (and the columns found) before it returns, so that a bad query is a 400 before any
   * byte is sent; rows are then read EXPORT_BATCH at a time, on keyset cursors, as the consumer
   * asks for them.
   */
  async export(request: Pick<HistoryRequest, 'filter' | 'conditions' | 'scope' | 'orderBy'>, batch = EXPORT_BATCH): Promise<RunExport> {
    const where = this.history.where(RUN_HISTORY, request);
    const [params, tags, metrics] = await Promise.all([
      this.prisma.$queryRaw<{ key: string }[]>`SELECT DISTINCT jsonb_object_keys(r."params") AS "key" FROM "runs" r WHERE ${where} ORDER BY 1`,
      this.prisma.$queryRaw<{ key: string }[]>`SELECT DISTINCT jsonb_object_keys(r."tags") AS "key" FROM "runs" r WHERE ${where} ORDER BY 1`,
      this.metricNames(where),
    ]);
    // Fails here, before streaming, on a bad order_by.
    const first = await this.history.search(RUN_HISTORY, { ...request, limit: batch });
    const columns = [...EXPORT_COLUMNS, ...params.map((p) => `params.${p.key}`), ...metrics, ...tags.map((t) => tagName(t.key))];
    return { columns, rows: this.exportRows({ ...request, limit: batch }, first, params.map((p) => p.key), tags.map((t) => t.key)) };
  }

  private async *exportRows(
    request: Pick<HistoryRequest, 'filter' | 'conditions' | 'scope' | 'orderBy' | 'limit'>,
    first: Awaited<ReturnType<HistorySearch['search']>>,
    params: readonly string[],
    tags: readonly string[],
  ): AsyncGenerator<Record<string, unknown>> {
    let page = first;
    for (;;) {
      if (page.items.length > 0) yield* await this.exportBatch(page.items, params, tags);
      if (page.nextCursor === null) return;
      page = await this.history.search(RUN_HISTORY, { ...request, cursor: page.nextCursor });
    }
  }

  /** One batch of an export in one query: the runs' columns, params and tags, and their metrics gathered per run. */
  private async exportBatch(ids: readonly string[], params: readonly string[], tags: readonly string[]): Promise<Record<string, unknown>[]> {
    const runs = await this.prisma.$queryRaw<Record<string, unknown>[]>`
      SELECT r."id"::text AS "id", r."name", r."status"::text AS "status", r."dataset", r."model_type", r."sweep_id"::text AS "sweep_id", r."project",
        r."created_at", r."started_at", r."finished_at", r."fit_seconds", r."predict_seconds",
        ${RUN_FIELDS.columns['duration_seconds'].sql} AS "duration_seconds", r."attempts", r."tensor_backend", r."params", r."tags",
        (SELECT jsonb_agg(jsonb_build_array(m."subset", m."name", m."class_label", m."value")) FROM "run_metrics" m WHERE m."run_id" = r."id") AS "metrics"
      FROM "runs" r WHERE r."id" = ANY(CAST(${ids} AS uuid[]))`;
    const byId = new Map(runs.map((run) => [run['id'] as string, run]));
    return ids.flatMap((id) => {
      const run = byId.get(id);
      if (!run) return [];
      const own = (run['params'] ?? {}) as Record<string, unknown>;
      const tagged = run['tags'] as Record<string, string>;
      const metrics = (run['metrics'] ?? []) as [string, string, string, number][];
      return [
        {
          ...Object.fromEntries(EXPORT_COLUMNS.map((column) => [column, run[column] instanceof Date ? (run[column] as Date).toISOString() : run[column]])),
          ...Object.fromEntries(params.map((key) => [`params.${key}`, own[key] ?? null])),
          ...Object.fromEntries(metrics.map(([subset, name, classLabel, value]) => [metricName(subset, name, classLabel), value])),
          ...Object.fromEntries(tags.map((key) => [tagName(key), tagged[key] ?? null])),
        },
      ];
    });
  }
}

/** What a run is grouped by: a column, a parameter's JSON value (a missing one and None alike null), a tag, or a metric's value. */
function groupExpression(field: HistoryField, alias: string): { sql: Prisma.Sql; join: Prisma.Sql | null } {
  switch (field.kind) {
    case 'column':
      return { sql: field.type === 'enum' || field.type === 'uuid' ? Prisma.sql`${field.sql}::text` : field.sql, join: null };
    case 'param':
      return { sql: Prisma.sql`NULLIF(r."params" -> CAST(${field.key} AS text), 'null'::jsonb)`, join: null };
    case 'tag':
      return { sql: Prisma.sql`(${field.tags} ->> CAST(${field.key} AS text))`, join: null };
    case 'metric': {
      const { sql, join } = numericExpression(field, 0, alias, 'group_by', 'group runs');
      return { sql, join };
    }
  }
}

/** Names in order, class labels as numbers where they are (recall['2'] before recall['10']). */
function byName(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Two or more runs side by side: params (differing ones marked), every metric, and the difference of the first two's test confusion matrices. */
export function compareRuns(runs: readonly RunWithResults[], metrics: readonly MetricRow[]) {
  const side = <T>(names: Iterable<string>, valueOf: (run: RunWithResults, name: string) => T) =>
    [...new Set(names)].sort(byName).map((name) => {
      const values = runs.map((run) => valueOf(run, name));
      return { name, values, differs: new Set(values.map((value) => JSON.stringify(value ?? null))).size > 1 };
    });
  const paramsOf = (run: RunWithResults) => (run.params ?? {}) as Record<string, unknown>;
  const metricValues = new Map(metrics.map((row) => [`${row.run_id} ${metricName(row.subset, row.name, row.class_label)}`, row.value]));
  return {
    runs: runs.map((run) => ({ id: run.id, name: run.name, status: run.status, model_type: run.modelType, dataset: run.dataset, tags: run.tags, created_at: run.createdAt.toISOString() })),
    params: side(
      runs.flatMap((run) => Object.keys(paramsOf(run)).map((key) => `params.${key}`)),
      (run, name) => paramsOf(run)[name.slice('params.'.length)] ?? null,
    ),
    metrics: side(
      metrics.map((row) => metricName(row.subset, row.name, row.class_label)),
      (run, name) => metricValues.get(`${run.id} ${name}`) ?? null,
    ),
    confusion_matrix_difference: runs.length >= 2 ? confusionDifference(runs[0], runs[1]) : null,
  };
}

/** The first run's test confusion matrix minus the second's, over the union of their labels; null unless both have one. */
function confusionDifference(minuend: RunWithResults, subtrahend: RunWithResults) {
  const matrixOf = (run: RunWithResults) => run.results.find((result) => result.subset === 'test')?.metrics.confusion_matrix ?? null;
  const a = matrixOf(minuend);
  const b = matrixOf(subtrahend);
  if (!a || !b) return null;
  const labels = [...new Set([...a.labels, ...b.labels])].sort((x, y) => x - y);
  const cell = (m: typeof a, row: number, column: number) => {
    const i = m.labels.indexOf(row);
    const j = m.labels.indexOf(column);
    return i < 0 || j < 0 ? 0 : m.matrix[i][j];
  };
  return {
    subset: 'test',
    minuend: minuend.id,
    subtrahend: subtrahend.id,
    labels,
    matrix: labels.map((row) => labels.map((column) => cell(a, row, column) - cell(b, row, column))),
  };
}
