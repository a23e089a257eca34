import { Prisma } from '../generated/prisma/client';
import { resolveField, type FieldCatalogue, type HistoryField } from './fields';
import type { OrderKey } from './grammar';
import { HistoryQueryError } from './query-error';

/** Most keys one order_by may have. */
export const MAX_ORDER_KEYS = 5;

export interface SortKey {
  readonly name: string;
  readonly sql: Prisma.Sql;
  readonly type: 'number' | 'time';
  readonly direction: 'ASC' | 'DESC';
}

/** An ordering compiled: its keys (nulls always last, then the id), the joins they need, and a canonical text for cursors. */
export interface CompiledOrder {
  readonly keys: readonly SortKey[];
  /** The tie-break: the id, in the last key's direction, so that an index on (key, id) serves both directions. */
  readonly idDirection: 'ASC' | 'DESC';
  readonly joins: Prisma.Sql;
  readonly signature: string;
}

/** A cursor: the last row's sort values and id, and the ordering it belongs to. */
interface CursorState {
  readonly s: string;
  readonly k: readonly (number | string | null)[];
  readonly id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function compileOrder(keys: readonly OrderKey[], catalogue: FieldCatalogue, parameter = 'order_by'): CompiledOrder {
  if (keys.length > MAX_ORDER_KEYS) throw new HistoryQueryError(parameter, `has ${keys.length} keys; at most ${MAX_ORDER_KEYS} are accepted`, keys[MAX_ORDER_KEYS].field.position, []);
  const numeric = keys.map((key, index) => numericExpression(resolveField(catalogue, key.field, parameter), key.field.position, `mo${index}`, parameter, 'order a listing'));
  const sortKeys = numeric.map(({ name, sql, type }, index): SortKey => ({ name, sql, type, direction: keys[index].direction }));
  const joins = numeric.flatMap(({ join }) => (join ? [join] : []));
  return {
    keys: sortKeys,
    idDirection: sortKeys[sortKeys.length - 1]?.direction ?? 'DESC',
    joins: joins.length === 0 ? Prisma.empty : Prisma.join(joins, ' '),
    signature: sortKeys.map((key) => `${key.name} ${key.direction}`).join(','),
  };
}

/** A numeric or time field as an SQL expression, with the LEFT JOIN (aliased `alias`) a metric needs. */
export interface NumericExpression {
  readonly name: string;
  readonly sql: Prisma.Sql;
  readonly type: 'number' | 'time';
  readonly join: Prisma.Sql | null;
}

/** A field that orders or is aggregated (`purpose` says which, for the message): a number or a time, params.* and metrics.* included. */
export function numericExpression(field: HistoryField, position: number, alias: string, parameter: string, purpose: string): NumericExpression {
  const refuse = (detail: string): never => {
    throw new HistoryQueryError(parameter, `${field.name} cannot ${purpose}: ${detail}`, position, ['a numeric or time field']);
  };
  switch (field.kind) {
    case 'column':
      if (field.type !== 'number' && field.type !== 'time') refuse(`it is a ${field.type}; use a numeric or time field`);
      return { name: field.name, sql: field.sql, type: field.type as 'number' | 'time', join: null };
    case 'param':
      if (!field.types.has('number')) refuse('it takes no numbers');
      return {
        name: field.name,
        sql: Prisma.sql`(CASE WHEN jsonb_typeof(r."params" -> CAST(${field.key} AS text)) = 'number' THEN (r."params" ->> CAST(${field.key} AS text))::double precision END)`,
        type: 'number',
        join: null,
      };
    case 'metric': {
      if (field.column) return { name: field.name, sql: field.column, type: 'number', join: null };
      const table = Prisma.raw(alias);
      return {
        name: field.name,
        sql: Prisma.sql`${table}."value"`,
        type: 'number',
        join: Prisma.sql`LEFT JOIN "run_metrics" ${table} ON ${table}."run_id" = r."id" AND ${table}."subset" = CAST(${field.subset} AS text) AND ${table}."name" = CAST(${field.metric} AS text) AND ${table}."class_label" = CAST(${field.classLabel} AS text)`,
      };
    }
    case 'tag':
      return refuse('tags are strings');
  }
}

/**
 * `ORDER BY` of an ordering within a segment: each key nulls last, then the id. The first
 * `settled` keys are known by the segment's condition to be all null or all non-null, so their
 * null placement is left to Postgres's default (ASC NULLS LAST, DESC NULLS FIRST): that is the
 * order a btree index on the key gives forwards or backwards, and an explicit DESC NULLS LAST
 * would make Postgres sort every matching row instead of reading the index.
 */
export function orderByClause(order: CompiledOrder, settled = 0): Prisma.Sql {
  const keys = order.keys.map((key, index) => Prisma.sql`${key.sql} ${Prisma.raw(index < settled ? key.direction : `${key.direction} NULLS LAST`)}`);
  return Prisma.join([...keys, Prisma.raw(`r."id" ${order.idDirection}`)], ', ');
}

export function encodeHistoryCursor(order: CompiledOrder, values: readonly unknown[], id: string): string {
  const k = values.map((value) => (value instanceof Date ? value.toISOString() : (value as number | null)));
  return Buffer.from(JSON.stringify({ s: order.signature, k, id } satisfies CursorState), 'utf8').toString('base64url');
}

/** The cursor's values, checked against the ordering it is used with. */
export function decodeHistoryCursor(order: CompiledOrder, cursor: string): CursorState {
  const invalid = (detail: string) => new HistoryQueryError('cursor', detail, 0, ['next_cursor of the previous page']);
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('is not a cursor returned by this API');
  }
  const { s, k, id } = (state ?? {}) as Partial<CursorState>;
  if (typeof s !== 'string' || !Array.isArray(k) || typeof id !== 'string' || !UUID.test(id)) throw invalid('is not a cursor returned by this API');
  if (s !== order.signature) throw invalid(`was made for order_by ${JSON.stringify(s)}, not ${JSON.stringify(order.signature)}; start again without a cursor`);
  if (k.length !== order.keys.length) throw invalid('is not a cursor returned by this API');
  order.keys.forEach((key, index) => {
    const value = k[index];
    const valid = value === null || (key.type === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === 'string' && !Number.isNaN(Date.parse(value)));
    if (!valid) throw invalid('is not a cursor returned by this API');
  });
  return { s, k, id };
}

/** One part of the rows after a cursor: its condition, and how many leading keys it settles (see orderByClause). */
export interface PageSegment {
  readonly where: Prisma.Sql;
  readonly settled: number;
}

/**
 * The rows after a cursor (or all rows), as conditions whose results follow each other in the
 * ordering: rows tied with the cursor on every key but the last and after it on that one, then
 * those tied on all keys before it, and so on up to the first key, each split into its non-null
 * values and its nulls. Each part is one index range, so a later page costs what the first does
 * (one OR of all of them would make Postgres read every row before the cursor).
 */
export function pageSegments(order: CompiledOrder, cursor: CursorState | null): PageSegment[] {
  const first = order.keys[0];
  if (!cursor) return first ? [{ where: Prisma.sql`${first.sql} IS NOT NULL`, settled: 1 }, { where: Prisma.sql`${first.sql} IS NULL`, settled: 1 }] : [{ where: Prisma.sql`TRUE`, settled: 0 }];
  const value = (index: number) => {
    const raw = cursor.k[index];
    return order.keys[index].type === 'number' ? Prisma.sql`CAST(${raw} AS double precision)` : Prisma.sql`CAST(${raw} AS timestamptz)`;
  };
  const tiedUpTo = (count: number) =>
    order.keys.slice(0, count).map((key, index) => (cursor.k[index] === null ? Prisma.sql`${key.sql} IS NULL` : Prisma.sql`${key.sql} = ${value(index)}`));
  const after = (direction: 'ASC' | 'DESC') => Prisma.raw(direction === 'ASC' ? '>' : '<');
  const segments: PageSegment[] = [
    { where: Prisma.join([...tiedUpTo(order.keys.length), Prisma.sql`r."id" ${after(order.idDirection)} CAST(${cursor.id} AS uuid)`], ' AND '), settled: order.keys.length },
  ];
  for (let index = order.keys.length - 1; index >= 0; index--) {
    if (cursor.k[index] === null) continue;
    const key = order.keys[index];
    const tied = tiedUpTo(index);
    segments.push({ where: Prisma.join([...tied, Prisma.sql`${key.sql} ${after(key.direction)} ${value(index)}`], ' AND '), settled: index + 1 });
    segments.push({ where: Prisma.join([...tied, Prisma.sql`${key.sql} IS NULL`], ' AND '), settled: index + 1 });
  }
  return segments;
}
