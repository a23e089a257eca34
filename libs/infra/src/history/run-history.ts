import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { decodeRun, type StoredRun } from '../runs/run-documents';
import type { ProjectScope } from '../scope/project-scope';
import { compileFilter, NO_FILTER } from './compile-filter';
import { RUN_FIELDS } from './fields';
import { parseFilter, parseOrderBy, type FilterExpression, type OrderKey } from './grammar';
import { compileOrder, decodeHistoryCursor, encodeHistoryCursor, orderByClause, pageSegments, type CompiledOrder } from './order';

export interface HistoryRequest {
  /** The filter language's text (see the README); absent lists everything in scope. */
  readonly filter?: string;
  /** `field [ASC|DESC], ...`; newest first by default. */
  readonly orderBy?: string;
  readonly limit: number;
  readonly cursor?: string;
  /** Also count every matching row. */
  readonly count?: boolean;
  /** Fields that must equal a value (the listing's older parameters: `status=`, `dataset=`, ...), ANDed in. */
  readonly equals?: Readonly<Record<string, string | undefined>>;
  /** The caller's projects (issue #15), ANDed into the filter whatever it says. */
  readonly scope: ProjectScope;
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

const NEWEST_FIRST: readonly OrderKey[] = [{ field: { parts: ['created_at'], key: null, text: 'created_at', position: 0 }, direction: 'DESC' }];

/**
 * The history of runs as the filter language asks for it: a filter and an ordering compiled to
 * parameterized SQL, keyset pages that stay correct while runs are inserted, and counts.
 * It knows Postgres, not HTTP.
 */
@Injectable()
export class RunHistory {
  constructor(private readonly prisma: PrismaService) {}

  async search(request: HistoryRequest): Promise<HistoryPage<StoredRun>> {
    const where = this.where(request);
    const order = compileOrder(request.orderBy === undefined ? NEWEST_FIRST : parseOrderBy(request.orderBy), RUN_FIELDS);
    const cursor = request.cursor === undefined ? null : decodeHistoryCursor(order, request.cursor);
    const [rows, count] = await Promise.all([this.pageRows(where, order, cursor, request.limit + 1), request.count ? this.count(where) : null]);
    const page = rows.slice(0, request.limit);
    const last = page[page.length - 1];
    return {
      items: await this.load(page.map((row) => row.id)),
      nextCursor: rows.length > request.limit && last ? encodeHistoryCursor(order, order.keys.map((_, index) => last[`k${index}`]), last.id) : null,
      count,
    };
  }

  /** The filter with the caller's projects ANDed in. */
  where(request: Pick<HistoryRequest, 'filter' | 'equals' | 'scope'>): Prisma.Sql {
    const filter = request.filter === undefined || request.filter.trim() === '' ? NO_FILTER : compileFilter(parseFilter(request.filter), RUN_FIELDS);
    const equals = Object.entries(request.equals ?? {}).flatMap(([field, value]) => (value === undefined ? [] : [compileFilter(equalsCondition(field, value), RUN_FIELDS, field)]));
    return Prisma.join([Prisma.sql`(${filter})`, ...equals, scopeCondition(request.scope)], ' AND ');
  }

  /** The ids and sort values of the page, segment by segment until it is full (most pages need one). */
  private async pageRows(where: Prisma.Sql, order: CompiledOrder, cursor: Parameters<typeof pageSegments>[1], wanted: number) {
    const rows: Record<string, unknown>[] = [];
    const keys = order.keys.map((key, index) => Prisma.sql`${key.sql} AS ${Prisma.raw(`"k${index}"`)}`);
    for (const segment of pageSegments(order, cursor)) {
      const found = await this.prisma.$queryRaw<Record<string, unknown>[]>`
        SELECT r."id" AS "id" ${keys.length > 0 ? Prisma.sql`, ${Prisma.join(keys)}` : Prisma.empty}
        FROM "runs" r ${order.joins}
        WHERE ${where} AND ${segment}
        ORDER BY ${orderByClause(order)}
        LIMIT ${wanted - rows.length}`;
      rows.push(...found);
      if (rows.length >= wanted) break;
    }
    return rows as ({ id: string } & Record<string, unknown>)[];
  }

  private async load(ids: string[]): Promise<StoredRun[]> {
    if (ids.length === 0) return [];
    const rows = await this.prisma.run.findMany({ where: { id: { in: ids } } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return Promise.all(ids.flatMap((id) => (byId.has(id) ? [decodeRun(byId.get(id)!)] : [])));
  }

  /** Exact up to EXACT_COUNT_LIMIT rows; beyond, the planner's estimate (reading a million rows to count them would take seconds). */
  async count(where: Prisma.Sql): Promise<HistoryCount> {
    const [{ n }] = await this.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM "runs" r WHERE ${where} LIMIT ${EXACT_COUNT_LIMIT + 1}) AS matching`;
    if (n <= EXACT_COUNT_LIMIT) return { value: n, estimated: false };
    const [plan] = await this.prisma.$queryRaw<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[]>`
      EXPLAIN (FORMAT JSON) SELECT 1 FROM "runs" r WHERE ${where}`;
    return { value: Math.max(EXACT_COUNT_LIMIT + 1, Math.round(plan['QUERY PLAN'][0].Plan['Plan Rows'])), estimated: true };
  }
}

/** `field = 'value'` as the parser would give it, for parameters that are not in the language's text. */
function equalsCondition(field: string, value: string): FilterExpression {
  return { kind: 'compare', field: { parts: [field], key: null, text: field, position: 0 }, op: '=', value: { type: 'string', value, position: 0 }, position: 0 };
}

/** The caller's scope as a condition on `r."project"`, as projectWhere gives it to Prisma. */
export function scopeCondition(scope: ProjectScope): Prisma.Sql {
  const readable = scope.projects === 'all' ? null : scope.projects;
  const projects = scope.project === undefined ? readable : readable === null || readable.includes(scope.project) ? [scope.project] : [];
  if (projects === null) return Prisma.sql`TRUE`;
  if (projects.length === 0) return Prisma.sql`FALSE`;
  return Prisma.sql`r."project" IN (${Prisma.join(projects.map((project) => Prisma.sql`CAST(${project} AS text)`))})`;
}
