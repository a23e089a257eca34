import { Prisma } from '../generated/prisma/client';
import { resolveField, type ColumnField, type FieldCatalogue, type HistoryField } from './fields';
import type { ComparisonOperator, Condition, FilterExpression, Literal } from './grammar';
import { HistoryQueryError } from './query-error';

/*
 * Filter expression → a parameterized SQL condition over the table alias `r`. Every literal is a
 * bind parameter with an explicit cast; SQL text comes only from this module and the field
 * catalogue, never from the query.
 *
 * NOT is pushed down to the conditions (De Morgan, `<` becomes `>=`, `IN` becomes `NOT IN`, ...).
 * That is exactly SQL's three-valued logic: a condition on a missing value (a null column, a
 * parameter the run's estimator does not have, a metric not stored) is unknown, its negation is
 * unknown too, and a run is listed only when the whole filter is true. With negations at the
 * leaves, each condition can be an EXISTS on run_metrics or a JSONB containment the indexes serve.
 */

const NEGATED: Record<ComparisonOperator, ComparisonOperator> = {
  '=': '!=',
  '!=': '=',
  '<': '>=',
  '<=': '>',
  '>': '<=',
  '>=': '<',
  LIKE: 'NOT LIKE',
  'NOT LIKE': 'LIKE',
  ILIKE: 'NOT ILIKE',
  'NOT ILIKE': 'ILIKE',
};

const SQL_OPERATOR: Record<ComparisonOperator, string> = {
  '=': '=',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  LIKE: 'LIKE',
  'NOT LIKE': 'NOT LIKE',
  ILIKE: 'ILIKE',
  'NOT ILIKE': 'NOT ILIKE',
};

const ORDERING = new Set<ComparisonOperator>(['<', '<=', '>', '>=']);
const PATTERN = new Set<ComparisonOperator>(['LIKE', 'NOT LIKE', 'ILIKE', 'NOT ILIKE']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

const TRUE = Prisma.sql`TRUE`;
const NULL_JSON = Prisma.raw(`'null'::jsonb`);

/** A normalised condition: NOT already applied. */
type Leaf =
  | { readonly kind: 'compare'; readonly op: ComparisonOperator; readonly value: Literal }
  | { readonly kind: 'in'; readonly negated: boolean; readonly values: readonly Literal[] }
  | { readonly kind: 'null'; readonly negated: boolean };

export function compileFilter(expression: FilterExpression, catalogue: FieldCatalogue, parameter = 'filter'): Prisma.Sql {
  return compile(expression, false, catalogue, parameter);
}

function compile(expression: FilterExpression, negated: boolean, catalogue: FieldCatalogue, parameter: string): Prisma.Sql {
  switch (expression.kind) {
    case 'and':
    case 'or': {
      const conjunction = (expression.kind === 'and') !== negated;
      const parts = expression.operands.map((operand) => compile(operand, negated, catalogue, parameter));
      return Prisma.sql`(${Prisma.join(parts, conjunction ? ' AND ' : ' OR ')})`;
    }
    case 'not':
      return compile(expression.operand, !negated, catalogue, parameter);
    default:
      return condition(expression, negated, catalogue, parameter);
  }
}

function condition(written: Condition, negated: boolean, catalogue: FieldCatalogue, parameter: string): Prisma.Sql {
  const field = resolveField(catalogue, written.field, parameter);
  const leaf = normalise(written, negated, field, parameter);
  switch (field.kind) {
    case 'column':
      return columnCondition(field.sql, field, leaf, parameter);
    case 'metric':
      return metricCondition(field, leaf, parameter);
    case 'param':
      return jsonCondition(Prisma.raw('r."params"'), field.key, field.types, field.name, leaf, parameter);
    case 'tag':
      return jsonCondition(field.tags, field.key, new Set(['string'] as const), field.name, leaf, parameter);
  }
}

/** Applies NOT, turns `= null` into `IS NULL`, and refuses null where SQL would make it always unknown. */
function normalise(written: Condition, negated: boolean, field: HistoryField, parameter: string): Leaf {
  if (written.kind === 'null') return { kind: 'null', negated: written.negated !== negated };
  if (written.kind === 'in') {
    const nullValue = written.values.find((value) => value.type === 'null');
    if (nullValue) throw mismatch(parameter, nullValue, `IN lists take no null; add OR ${field.name} IS NULL`, ['number', 'string', 'timestamp']);
    return { kind: 'in', negated: written.negated !== negated, values: written.values };
  }
  if (written.value.type === 'null') {
    if (written.op === '=' || written.op === '!=') return { kind: 'null', negated: (written.op === '!=') !== negated };
    throw mismatch(parameter, written.value, `${field.name} ${written.op} null is never true; use ${field.name} IS NULL or IS NOT NULL`, ['IS NULL', 'IS NOT NULL']);
  }
  return { kind: 'compare', op: negated ? NEGATED[written.op] : written.op, value: written.value };
}

function columnCondition(sql: Prisma.Sql, field: Pick<ColumnField, 'type' | 'values' | 'enumType'> & { name: string }, leaf: Leaf, parameter: string): Prisma.Sql {
  if (leaf.kind === 'null') return leaf.negated ? Prisma.sql`${sql} IS NOT NULL` : Prisma.sql`${sql} IS NULL`;
  if (leaf.kind === 'in') {
    const values = leaf.values.map((value) => columnValue(field, value, parameter));
    return Prisma.sql`${sql} ${Prisma.raw(leaf.negated ? 'NOT IN' : 'IN')} (${Prisma.join(values)})`;
  }
  if (PATTERN.has(leaf.op)) {
    if (field.type !== 'string' && field.type !== 'enum') throw mismatch(parameter, leaf.value, `${leaf.op} takes a text field; ${field.name} is a ${field.type}`, [field.type]);
    if (leaf.value.type !== 'string') throw mismatch(parameter, leaf.value, `${leaf.op} takes a quoted pattern`, ['string']);
    const text = field.type === 'enum' ? Prisma.sql`${sql}::text` : sql;
    return Prisma.sql`${text} ${Prisma.raw(SQL_OPERATOR[leaf.op])} CAST(${leaf.value.value} AS text)`;
  }
  if (ORDERING.has(leaf.op) && (field.type === 'enum' || field.type === 'uuid')) {
    throw mismatch(parameter, leaf.value, `${field.name} is compared only with =, !=, IN or LIKE`, ['=', '!=', 'IN']);
  }
  return Prisma.sql`${sql} ${Prisma.raw(SQL_OPERATOR[leaf.op])} ${columnValue(field, leaf.value, parameter)}`;
}

/** A literal as a bind parameter of the column's type, or a HistoryQueryError saying which type was needed. */
function columnValue(field: Pick<ColumnField, 'type' | 'values' | 'enumType'> & { name: string }, literal: Literal, parameter: string): Prisma.Sql {
  const wrong = (detail: string, expected: string[]) => mismatch(parameter, literal, detail, expected);
  switch (field.type) {
    case 'number':
      if (literal.type !== 'number') throw wrong(`${field.name} is a number`, ['number']);
      return Prisma.sql`CAST(${literal.value} AS double precision)`;
    case 'string':
      if (literal.type !== 'string') throw wrong(`${field.name} is a string: quote the value`, ['string']);
      return Prisma.sql`CAST(${literal.value} AS text)`;
    case 'time': {
      const text = literal.type === 'timestamp' || literal.type === 'string' ? literal.value : null;
      if (text === null || !ISO_TIME.test(text) || Number.isNaN(Date.parse(text))) throw wrong(`${field.name} is a time: give an ISO 8601 timestamp such as 2026-12-03T18:00:00Z`, ['timestamp']);
      return Prisma.sql`CAST(${new Date(text).toISOString()} AS timestamptz)`;
    }
    case 'uuid':
      if (literal.type !== 'string' || !UUID.test(literal.value)) throw wrong(`${field.name} is a UUID: quote it`, ['uuid']);
      return Prisma.sql`CAST(${literal.value} AS uuid)`;
    case 'enum':
      if (literal.type !== 'string' || !field.values?.includes(literal.value)) throw wrong(`${field.name} is one of ${field.values?.join(', ')}`, (field.values ?? []).map((v) => `'${v}'`));
      return Prisma.sql`CAST(${literal.value} AS ${Prisma.raw(field.enumType ?? 'text')})`;
  }
}

const METRIC_VALUE = Prisma.raw('m."value"');

function metricCondition(field: Extract<HistoryField, { kind: 'metric' }>, leaf: Leaf, parameter: string): Prisma.Sql {
  const numeric = { name: field.name, type: 'number' as const };
  if (field.column) return columnCondition(field.column, numeric, leaf, parameter);
  const row = Prisma.sql`SELECT 1 FROM "run_metrics" m WHERE m."run_id" = r."id" AND m."subset" = CAST(${field.subset} AS text) AND m."name" = CAST(${field.metric} AS text) AND m."class_label" = CAST(${field.classLabel} AS text)`;
  if (leaf.kind === 'null') return leaf.negated ? Prisma.sql`EXISTS (${row})` : Prisma.sql`NOT EXISTS (${row})`;
  return Prisma.sql`EXISTS (${row} AND ${columnCondition(METRIC_VALUE, numeric, leaf, parameter)})`;
}

/**
 * A condition on one key of a flat JSONB object (params, tags). `=` is a containment (`@>`), which
 * the GIN index answers; the other comparisons read the value as the literal's type, and a value
 * of another type (a string `max_features` against a number) is unknown, as a null would be.
 */
function jsonCondition(
  column: Prisma.Sql,
  key: string,
  types: ReadonlySet<'number' | 'string' | 'boolean'>,
  name: string,
  leaf: Leaf,
  parameter: string,
): Prisma.Sql {
  const value = Prisma.sql`${column} -> CAST(${key} AS text)`;
  if (leaf.kind === 'null') return leaf.negated ? Prisma.sql`(${value} IS NOT NULL AND ${value} <> ${NULL_JSON})` : Prisma.sql`(${value} IS NULL OR ${value} = ${NULL_JSON})`;
  const one = (op: ComparisonOperator, literal: Literal): Prisma.Sql => {
    if (literal.type === 'timestamp') throw mismatch(parameter, literal, 'quote a timestamp compared with a parameter or tag', [...types]);
    if (literal.type === 'null' || !types.has(literal.type)) throw mismatch(parameter, literal, `${name} takes ${[...types].join(' or ')} values`, [...types, 'null']);
    if (literal.type === 'boolean') {
      if (op !== '=' && op !== '!=') throw mismatch(parameter, literal, 'a boolean is compared only with = or !=', ['=', '!=']);
      return Prisma.sql`${column} @> CAST(${JSON.stringify({ [key]: op === '=' ? literal.value : !literal.value })} AS jsonb)`;
    }
    if (op === '=') return Prisma.sql`${column} @> CAST(${JSON.stringify({ [key]: literal.value })} AS jsonb)`;
    if (PATTERN.has(op) && literal.type !== 'string') throw mismatch(parameter, literal, `${op} takes a quoted pattern`, ['string']);
    const typed =
      literal.type === 'number'
        ? Prisma.sql`(CASE WHEN jsonb_typeof(${value}) = 'number' THEN (${column} ->> CAST(${key} AS text))::double precision END)`
        : Prisma.sql`(CASE WHEN jsonb_typeof(${value}) = 'string' THEN ${column} ->> CAST(${key} AS text) END)`;
    const cast = literal.type === 'number' ? Prisma.sql`CAST(${literal.value} AS double precision)` : Prisma.sql`CAST(${literal.value} AS text)`;
    return Prisma.sql`${typed} ${Prisma.raw(SQL_OPERATOR[op])} ${cast}`;
  };
  if (leaf.kind === 'in') {
    const parts = leaf.values.map((literal) => one(leaf.negated ? '!=' : '=', literal));
    return Prisma.sql`(${Prisma.join(parts, leaf.negated ? ' AND ' : ' OR ')})`;
  }
  return one(leaf.op, leaf.value);
}

function mismatch(parameter: string, literal: Literal, detail: string, expected: readonly string[]): HistoryQueryError {
  return new HistoryQueryError(parameter, `type mismatch at position ${literal.position}: ${detail}`, literal.position, expected);
}

/** The filter that keeps every row, for a listing without one. */
export const NO_FILTER = TRUE;

