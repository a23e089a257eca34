import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import type { ProjectScope } from '../scope/project-scope';
import { compileFilter, NO_FILTER } from './compile-filter';
import { MODEL_FIELDS, RUN_FIELDS, SWEEP_FIELDS, TRIAL_FIELDS, type FieldCatalogue } from './fields';
import { parseFilter, parseOrderBy, type ComparisonOperator, type FilterExpression } from './grammar';
import { compileOrder, decodeHistoryCursor, encodeHistoryCursor, orderByClause, pageSegments, type CompiledOrder } from './order';

/** A listing the filter language searches: its table (aliased `r` in every compiled condition), its fields, its default order. */
export interface HistoryTable {
  readonly table: string;
  readonly fields: FieldCatalogue;
  readonly defaultOrder: string;
}

export const RUN_HISTORY: HistoryTable = { table: 'runs', fields: RUN_FIELDS, defaultOrder: 'created_at DESC' };
export const SWEEP_HISTORY: HistoryTable = { table: 'sweeps', fields: SWEEP_FIELDS, defaultOrder: 'created_at DESC' };
export const MODEL_HISTORY: HistoryTable = { table: 'model_artifacts', fields: MODEL_FIELDS, defaultOrder: 'created_at DESC' };
export const TRIAL_HISTORY: HistoryTable = { table: 'sweep_trials', fields: TRIAL_FIELDS, defaultOrder: 'candidate_index ASC, fold ASC' };

/** The trials of one sweep (its project was authorized with the sweep). */
export interface SweepScope {
  readonly sweepId: string;
}

export interface HistoryRequest {
  /** The filter language's text (see the README); absent lists everything in scope. */
  readonly filter?: string;
  /** `field [ASC|DESC], ...`; the table's default order when absent. */
  readonly orderBy?: string;
  readonly limit: number;
  readonly cursor?: string;
  /** Also count every matching row. */
  readonly count?: boolean;
  /** Conditions of the listing's older parameters (`status=`, `dataset=`, `min_test_accuracy=`, ...), ANDed in. */
  readonly conditions?: readonly FilterExpression[];
  /** The caller's projects (issue #15), or a sweep's trials: ANDed into the filter whatever it says. */
  readonly scope: ProjectScope | SweepScope;
}

export interface HistoryCount {
  readonly value: number;
  /** True beyond EXACT_COUNT_LIMIT: then `value` is the planner's estimate. */
  readonly estimated: boolean;
}

export interface HistoryPage<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
  readonly count: HistoryCount | null;
}

/** Counts are exact up to here; beyond, the planner's row estimate is given instead, flagged as such. */
export const EXACT_COUNT_LIMIT = 10_000;

/**
 * `field op value` as the parser would give it, for a listing's parameters that are not in the
 * language's text (`status=succeeded`): compiled and type-checked as a written condition is.
 */
export function fieldCondition(field: string, op: ComparisonOperator, value: string | number): FilterExpression {
  const path = { parts: [field], key: null, text: field, position: 0 };
  const literal = typeof value === 'number' ? { type: 'number' as const, value, position: 0 } : { type: 'string' as const, value, position: 0 };
  return { kind: 'compare', field: path, op, value: literal, position: 0 };
}

/**
 * The filter language over one table: a filter and an ordering compiled to parameterized SQL,
 * keyset pages that stay correct while rows are inserted, and counts. It gives the ids of a page;
 * each repository loads and decodes its own rows. It knows Postgres, not HTTP.
 */
@Injectable()
export class HistorySearch {
  constructor(private readonly prisma: PrismaService) {}

  async search(source: HistoryTable, request: HistoryRequest): Promise<HistoryPage<string>> {
    const where = this.where(source, request);
    const order = compileOrder(parseOrderBy(request.orderBy ?? source.defaultOrder), source.fields);
    const cursor = request.cursor === undefined ? null : decodeHistoryCursor(order, request.cursor);
    const [rows, count] = await Promise.all([this.pageRows(source, where, order, cursor, request.limit + 1), request.count ? this.count(source, where) : null]);
    const page = rows.slice(0, request.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => row.id),
      nextCursor: rows.length > request.limit && last ? encodeHistoryCursor(order, order.keys.map((_, index) => last[`k${index}`]), last.id) : null,
      count,
    };
  }

  /** The filter with the listing's older parameters and the caller's scope ANDed in. */
  where(source: HistoryTable, request: Pick<HistoryRequest, 'filter' | 'conditions' | 'scope'>): Prisma.Sql {
    const filter = request.filter === undefined || request.filter.trim() === '' ? NO_FILTER : compileFilter(parseFilter(request.filter), source.fields);
    const conditions = (request.conditions ?? []).map((condition) => compileFilter(condition, source.fields, condition.kind === 'compare' ? condition.field.text : 'filter'));
    return Prisma.join([Prisma.sql`(${filter})`, ...conditions, scopeCondition(request.scope)], ' AND ');
  }

  /** The ids and sort values of the page, segment by segment until it is full (most pages need one). */
  private async pageRows(source: HistoryTable, where: Prisma.Sql, order: CompiledOrder, cursor: Parameters<typeof pageSegments>[1], wanted: number) {
    const rows: Record<string, unknown>[] = [];
    const keys = order.keys.map((key, index) => Prisma.sql`${key.sql} AS ${Prisma.raw(`"k${index}"`)}`);
    for (const segment of pageSegments(order, cursor)) {
      const found = await this.prisma.$queryRaw<Record<string, unknown>[]>`
        SELECT r."id" AS "id" ${keys.length > 0 ? Prisma.sql`, ${Prisma.join(keys)}` : Prisma.empty}
        FROM ${tableOf(source)} ${order.joins}
        WHERE ${where} AND ${segment.where}
        ORDER BY ${orderByClause(order, segment.settled)}
        LIMIT ${wanted - rows.length}`;
      rows.push(...found);
      if (rows.length >= wanted) break;
    }
    return rows as ({ id: string } & Record<string, unknown>)[];
  }

  /** Exact up to EXACT_COUNT_LIMIT rows; beyond, the planner's estimate (reading a million rows to count them would take seconds). */
  async count(source: HistoryTable, where: Prisma.Sql): Promise<HistoryCount> {
    const [{ n }] = await this.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM ${tableOf(source)} WHERE ${where} LIMIT ${EXACT_COUNT_LIMIT + 1}) AS matching`;
    if (n <= EXACT_COUNT_LIMIT) return { value: n, estimated: false };
    const [plan] = await this.prisma.$queryRaw<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[]>`
      EXPLAIN (FORMAT JSON) SELECT 1 FROM ${tableOf(source)} WHERE ${where}`;
    return { value: Math.max(EXACT_COUNT_LIMIT + 1, Math.round(plan['QUERY PLAN'][0].Plan['Plan Rows'])), estimated: true };
  }
}

/** `"table" r`: the table names are this module's constants, never user text. */
export function tableOf(source: HistoryTable): Prisma.Sql {
  return Prisma.raw(`"${source.table}" r`);
}

/** The caller's scope as a condition on `r."project"` (as projectWhere gives it to Prisma), or a sweep's trials. */
export function scopeCondition(scope: ProjectScope | SweepScope): Prisma.Sql {
  if ('sweepId' in scope) return Prisma.sql`r."sweep_id" = CAST(${scope.sweepId} AS uuid)`;
  const readable = scope.projects === 'all' ? null : scope.projects;
  const projects = scope.project === undefined ? readable : readable === null || readable.includes(scope.project) ? [scope.project] : [];
  if (projects === null) return Prisma.sql`TRUE`;
  if (projects.length === 0) return Prisma.sql`FALSE`;
  return Prisma.sql`r."project" IN (${Prisma.join(projects.map((project) => Prisma.sql`CAST(${project} AS text)`))})`;
}

/** Rows loaded by id (in any order), decoded in the order of `ids`; an id deleted meanwhile is left out. */
export function inIdOrder<Row extends { id: string }, T>(ids: readonly string[], rows: readonly Row[], decode: (row: Row) => Promise<T>): Promise<T[]> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return Promise.all(ids.flatMap((id) => { const row = byId.get(id); return row ? [decode(row)] : []; }));
}
