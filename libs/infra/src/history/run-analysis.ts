import { Injectable } from '@nestjs/common';
import QueryStream from 'pg-query-stream';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import type { RunWithResults } from '../runs/runs.repository';
import type { ProjectScope } from '../scope/project-scope';
import { metricName, resolveField, RUN_FIELDS, type HistoryField, type ValueType } from './fields';
import { parseField, parseOrderBy } from './grammar';
import { HistorySearch, RUN_HISTORY, scopeCondition, type HistoryRequest } from './history-search';
import { compileOrder, numericExpression, orderByClause, pageSegments } from './order';
import { HistoryQueryError } from './query-error';

/*
 * What the history does besides listing: the fields present (for completion), the comparison of a
 * few runs, aggregates per group, and exports, all over the same filter language as GET /runs.
 */

/** Most groups an aggregate returns (the rest are cut, and `truncated` says so). */
export const MAX_AGGREGATE_GROUPS = 1000;
/**
 * Rows read per round trip of an export's cursor: memory stays that of one batch whatever the
 * export's size. Measured reading the rows of 100,000 runs (without encoding them): at 1000 rows a
 * batch the heap climbed by 120 MB between full collections, at 250 it stayed within 20 MB, no slower.
 */
export const EXPORT_BATCH = 250;

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

/**
 * The columns of an export, in order, and its rows, read batch by batch as they are consumed:
 * each an array of its values in the columns' order (undefined for a metric the run does not
 * have), not an object keyed by 160-odd column names, which V8 keeps as a slow dictionary.
 */
export interface RunExport {
  readonly columns: string[];
  readonly rows: AsyncGenerator<unknown[]>;
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

  /**
   * The columns, and the params, metrics and tags some run in scope has: what a search bar
   * completes. Params and tags come from their catalogue (history_fields, kept by a trigger on
   * runs), a few hundred rows whatever the number of runs, metrics from a loose index scan.
   */
  async fields(scope: ProjectScope): Promise<PresentFields> {
    const where = scopeCondition(scope);
    const [catalogue, metrics] = await Promise.all([
      this.prisma.$queryRaw<{ kind: 'param' | 'tag'; name: string; types: string[] }[]>`
        SELECT r."kind", r."name", array_agg(DISTINCT r."json_type" ORDER BY r."json_type") AS "types"
        FROM "history_fields" r WHERE ${where} GROUP BY r."kind", r."name" ORDER BY r."kind", r."name"`,
      this.metricNames(where),
    ]);
    return {
      columns: Object.values(RUN_FIELDS.columns).map((column) => ({ name: column.name, type: column.type })),
      params: catalogue.filter((entry) => entry.kind === 'param').map((param) => ({ name: `params.${param.name}`, types: param.types })),
      metrics,
      tags: catalogue.filter((entry) => entry.kind === 'tag').map((tag) => tagName(tag.name)),
    };
  }

  /**
   * The metric names stored for some run the condition keeps. The distinct (subset, name, class)
   * triples are walked on the run_metrics index one at a time (a loose index scan: a few dozen
   * probes instead of reading every row), each kept if a run in scope has it: a lateral LIMIT 1
   * per triple, which Postgres stops at the first such run (an EXISTS was planned as one
   * semi-join over every row of run_metrics, 7 s at 100,000 runs).
   */
  private async metricNames(where: Prisma.Sql): Promise<string[]> {
    const rows = await this.presentMetrics(where);
    return rows.map((row) => metricName(row.subset, row.name, row.class_label)).sort(byName);
  }

  private presentMetrics(where: Prisma.Sql) {
    return this.prisma.$queryRaw<{ subset: string; name: string; class_label: string }[]>`
      WITH RECURSIVE present AS (
        (SELECT m."subset", m."name", m."class_label" FROM "run_metrics" m ORDER BY 1, 2, 3 LIMIT 1)
        UNION ALL
        SELECT next.* FROM present CROSS JOIN LATERAL (
          SELECT m."subset", m."name", m."class_label" FROM "run_metrics" m
          WHERE (m."subset", m."name", m."class_label") > (present."subset", present."name", present."class_label")
          ORDER BY 1, 2, 3 LIMIT 1
        ) AS next
      )
      SELECT present.* FROM present CROSS JOIN LATERAL (
        SELECT 1 FROM "run_metrics" m JOIN "runs" r ON r."id" = m."run_id"
        WHERE m."subset" = present."subset" AND m."name" = present."name" AND m."class_label" = present."class_label" AND ${where}
        LIMIT 1
      ) AS kept`;
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
   * byte is sent. The rows then come from one server-side cursor per page segment (the search's
   * own, so the ordering's index is read rather than every run sorted), `batch` rows at a time as
   * the consumer asks for them, all in one snapshot. Postgres gathers each run's metrics and
   * formats its times, so that little is done in JS per row: Prisma decoding 100,000 rows took
   * most of a minute.
   */
  async export(request: Pick<HistoryRequest, 'filter' | 'conditions' | 'scope' | 'orderBy'>, batch = EXPORT_BATCH): Promise<RunExport> {
    const where = this.history.where(RUN_HISTORY, request);
    const order = compileOrder(parseOrderBy(request.orderBy ?? RUN_HISTORY.defaultOrder), RUN_HISTORY.fields);
    const [params, tags, metrics] = await Promise.all([
      this.prisma.$queryRaw<{ key: string }[]>`SELECT DISTINCT jsonb_object_keys(r."params") AS "key" FROM "runs" r WHERE ${where} ORDER BY 1`,
      this.prisma.$queryRaw<{ key: string }[]>`SELECT DISTINCT jsonb_object_keys(r."tags") AS "key" FROM "runs" r WHERE ${where} ORDER BY 1`,
      this.metricTriples(where),
    ]);
    const columns = [...EXPORT_COLUMNS, ...params.map((p) => `params.${p.key}`), ...metrics.map((m) => m.column), ...tags.map((t) => tagName(t.key))];
    const queries = pageSegments(order, null).map(
      (segment) => Prisma.sql`
        SELECT r."id"::text AS "id", r."name", r."status"::text AS "status", r."dataset", r."model_type", r."sweep_id"::text AS "sweep_id", r."project",
          ${isoTime(Prisma.sql`r."created_at"`)} AS "created_at", ${isoTime(Prisma.sql`r."started_at"`)} AS "started_at", ${isoTime(Prisma.sql`r."finished_at"`)} AS "finished_at",
          r."fit_seconds", r."predict_seconds", ${RUN_FIELDS.columns['duration_seconds'].sql} AS "duration_seconds", r."attempts", r."tensor_backend",
          r."params"::json AS "params", r."tags"::json AS "tags",
          (SELECT json_object_agg(m."subset" || ' ' || m."name" || ' ' || m."class_label", m."value") FROM "run_metrics" m WHERE m."run_id" = r."id") AS "metrics"
        FROM "runs" r ${order.joins}
        WHERE ${where} AND ${segment.where}
        ORDER BY ${orderByClause(order, segment.settled)}`,
    );
    const toRow = exportRow(params.map((p) => p.key), metrics, tags.map((t) => t.key));
    return { columns, rows: this.streamRows(queries, batch, toRow) };
  }

  /** The metric triples the condition's runs have (see metricNames), with their column names, in the columns' order. */
  private async metricTriples(where: Prisma.Sql): Promise<ExportMetric[]> {
    const triples = await this.presentMetrics(where);
    return triples.map((t) => ({ column: metricName(t.subset, t.name, t.class_label), key: `${t.subset} ${t.name} ${t.class_label}` })).sort((a, b) => byName(a.column, b.column));
  }

  /**
   * The rows of `queries`, one after the other, read through a cursor `batch` rows at a time:
   * the socket's backpressure stops the reading (memory stays that of a batch), and a consumer
   * that stops early (the client went away) closes the cursor and discards the connection.
   */
  private async *streamRows(queries: readonly Prisma.Sql[], batch: number, toRow: (row: ExportedRun) => unknown[]): AsyncGenerator<unknown[]> {
    const client = await this.prisma.pool.connect();
    let finished = false;
    try {
      // One snapshot for every segment: a run updated meanwhile is neither missed nor given twice.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      for (const query of queries) {
        for await (const row of client.query(new QueryStream(query.text, query.values, { batchSize: batch }))) yield toRow(row as ExportedRun);
      }
      await client.query('COMMIT');
      finished = true;
    } finally {
      client.release(!finished);
    }
  }
}

/** A metric column of an export, and its key in a row's `metrics` (subset, name and class label, as the export's query joins them). */
interface ExportMetric {
  readonly column: string;
  readonly key: string;
}

/** A row of the export's query. */
type ExportedRun = Record<(typeof EXPORT_COLUMNS)[number], unknown> & {
  readonly params: Record<string, unknown>;
  readonly tags: Record<string, string>;
  readonly metrics: Record<string, number> | null;
};

/** `t` as toISOString writes it (UTC, milliseconds), formatted by Postgres: a Date per time and row cost more than the query. */
function isoTime(t: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`to_char(${t} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** A run as an export's row: its columns, every param and tag column (null when it has none), and the metrics it has. */
function exportRow(params: readonly string[], metrics: readonly ExportMetric[], tags: readonly string[]) {
  return (run: ExportedRun): unknown[] => {
    const values = run.metrics ?? {};
    return [
      ...EXPORT_COLUMNS.map((column) => run[column]),
      ...params.map((key) => run.params[key] ?? null),
      ...metrics.map(({ key }) => values[key]),
      ...tags.map((key) => run.tags[key] ?? null),
    ];
  };
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
