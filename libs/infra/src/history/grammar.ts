import { generate, type GrammarError, type Parser } from 'peggy';
import { HistoryQueryError } from './query-error';

/** A field as written: `status`, `params.model__max_depth`, `metrics.test.recall['8']`, `tags.team`. */
export interface FieldPath {
  /** The dotted parts: `['metrics', 'test', 'recall']`. */
  readonly parts: readonly string[];
  /** The bracketed key (`'8'` of `recall['8']`), if any. */
  readonly key: string | null;
  readonly text: string;
  readonly position: number;
}

export type Literal =
  | { readonly type: 'number'; readonly value: number; readonly position: number }
  | { readonly type: 'string'; readonly value: string; readonly position: number }
  | { readonly type: 'boolean'; readonly value: boolean; readonly position: number }
  | { readonly type: 'timestamp'; readonly value: string; readonly position: number }
  | { readonly type: 'null'; readonly value: null; readonly position: number };

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'NOT LIKE' | 'ILIKE' | 'NOT ILIKE';

export type Condition =
  | { readonly kind: 'compare'; readonly field: FieldPath; readonly op: ComparisonOperator; readonly value: Literal; readonly position: number }
  | { readonly kind: 'in'; readonly field: FieldPath; readonly negated: boolean; readonly values: readonly Literal[]; readonly position: number }
  | { readonly kind: 'null'; readonly field: FieldPath; readonly negated: boolean; readonly position: number };

export type FilterExpression =
  | Condition
  | { readonly kind: 'and' | 'or'; readonly operands: readonly FilterExpression[]; readonly position: number }
  | { readonly kind: 'not'; readonly operand: FilterExpression; readonly position: number };

export interface OrderKey {
  readonly field: FieldPath;
  readonly direction: 'ASC' | 'DESC';
}

/** Longest filter accepted, in UTF-16 code units (about bytes for the ASCII a filter is written in). */
export const MAX_FILTER_LENGTH = 4096;
/** Most conditions (`field op value`) one filter may hold. */
export const MAX_FILTER_TERMS = 64;

/*
 * The language, in peggy's notation. Keywords are case-insensitive and must end at a word
 * boundary (`ANDROID` is a field, not `AND ROID`). Strings take single or double quotes, a quote
 * doubled inside is one quote, as in SQL. An unquoted `2026-12-03` or `2026-12-03T18:00:00Z` is
 * a timestamp. Precedence: NOT binds tighter than AND, AND tighter than OR.
 */
const GRAMMAR = String.raw`
Filter = _ e:Or _ { return e; }
OrderBy = _ head:OrderKey tail:(_ "," _ k:OrderKey { return k; })* _ { return [head, ...tail]; }

OrderKey = field:Field dir:(__ d:Direction { return d; })? { return { field, direction: dir ?? 'DESC' }; }
Direction "ASC or DESC" = "ASC"i !IdentChar { return 'ASC'; } / "DESC"i !IdentChar { return 'DESC'; }

Or = head:And tail:(__ OrKw __ e:And { return e; })* { return tail.length === 0 ? head : { kind: 'or', operands: [head, ...tail], position: location().start.offset }; }
And = head:Not tail:(__ AndKw __ e:Not { return e; })* { return tail.length === 0 ? head : { kind: 'and', operands: [head, ...tail], position: location().start.offset }; }
Not = NotKw _ operand:Not { return { kind: 'not', operand, position: location().start.offset }; }
    / Primary
Primary = "(" _ e:Or _ ")" { return e; }
        / Condition

Condition
  = field:Field __ IsKw __ NotKw __ NullKw { return { kind: 'null', field, negated: true, position: location().start.offset }; }
  / field:Field __ IsKw __ NullKw { return { kind: 'null', field, negated: false, position: location().start.offset }; }
  / field:Field __ NotKw __ InKw _ values:List { return { kind: 'in', field, negated: true, values, position: location().start.offset }; }
  / field:Field __ InKw _ values:List { return { kind: 'in', field, negated: false, values, position: location().start.offset }; }
  / field:Field _ op:Operator _ value:Literal { return { kind: 'compare', field, op, value, position: location().start.offset }; }

Operator "operator"
  = "<=" { return '<='; } / ">=" { return '>='; } / "!=" { return '!='; } / "<>" { return '!='; }
  / "=" { return '='; } / "<" { return '<'; } / ">" { return '>'; }
  / NotKw __ "LIKE"i !IdentChar { return 'NOT LIKE'; } / NotKw __ "ILIKE"i !IdentChar { return 'NOT ILIKE'; }
  / "LIKE"i !IdentChar { return 'LIKE'; } / "ILIKE"i !IdentChar { return 'ILIKE'; }

List "list of values" = "(" _ head:Literal tail:(_ "," _ v:Literal { return v; })* _ ")" { return [head, ...tail]; }

Field "field"
  = !Keyword head:Ident tail:("." p:Ident { return p; })* key:("[" _ k:(String / Integer) _ "]" { return String(k); })?
    { return { parts: [head, ...tail], key: key ?? null, text: text(), position: location().start.offset }; }

Literal "value"
  = value:Timestamp { return { type: 'timestamp', value, position: location().start.offset }; }
  / value:Number { return { type: 'number', value, position: location().start.offset }; }
  / value:String { return { type: 'string', value, position: location().start.offset }; }
  / TrueKw { return { type: 'boolean', value: true, position: location().start.offset }; }
  / FalseKw { return { type: 'boolean', value: false, position: location().start.offset }; }
  / NullKw { return { type: 'null', value: null, position: location().start.offset }; }

Timestamp "timestamp" = t:$(Digit4 "-" Digit2 "-" Digit2 ("T" Digit2 ":" Digit2 (":" Digit2 ("." [0-9]+)?)? ("Z" / [+-] Digit2 ":" Digit2)?)?) !IdentChar { return t; }
Digit4 = [0-9][0-9][0-9][0-9]
Digit2 = [0-9][0-9]
Number "number" = n:$("-"? [0-9]+ ("." [0-9]+)? ([eE] [+-]? [0-9]+)?) !IdentChar { return Number(n); }
Integer = n:$([0-9]+) { return n; }
String "string"
  = "'" chars:$("''" / [^'])* "'" { return chars.replace(/''/g, "'"); }
  / '"' chars:$('""' / [^"])* '"' { return chars.replace(/""/g, '"'); }

Ident "name" = $([A-Za-z_] IdentChar*)
IdentChar = [A-Za-z0-9_]
Keyword = (AndKw / OrKw / NotKw / InKw / IsKw / NullKw / TrueKw / FalseKw) !IdentChar
AndKw = "AND"i !IdentChar
OrKw = "OR"i !IdentChar
NotKw = "NOT"i !IdentChar
InKw = "IN"i !IdentChar
IsKw = "IS"i !IdentChar
NullKw = "NULL"i !IdentChar
TrueKw = "TRUE"i !IdentChar
FalseKw = "FALSE"i !IdentChar

_ "whitespace" = [ \t\r\n]*
__ "whitespace" = [ \t\r\n]+ / &[()'"]
`;

const parser: Parser = generate(GRAMMAR, { allowedStartRules: ['Filter', 'OrderBy'] });

/** Parses a `filter` parameter; a HistoryQueryError says where and what was expected. */
export function parseFilter(text: string, field = 'filter'): FilterExpression {
  if (text.length > MAX_FILTER_LENGTH) {
    throw new HistoryQueryError(field, `is ${text.length} characters long; at most ${MAX_FILTER_LENGTH} are accepted`, MAX_FILTER_LENGTH, []);
  }
  const expression = parse(text, 'Filter', field) as FilterExpression;
  const conditions = collectConditions(expression);
  if (conditions.length > MAX_FILTER_TERMS) {
    const extra = conditions[MAX_FILTER_TERMS];
    throw new HistoryQueryError(field, `has ${conditions.length} conditions; at most ${MAX_FILTER_TERMS} are accepted`, extra.position, []);
  }
  return expression;
}

/** Parses an `order_by` parameter: `field [ASC|DESC], ...`, descending unless ASC is given. */
export function parseOrderBy(text: string, field = 'order_by'): OrderKey[] {
  if (text.length > MAX_FILTER_LENGTH) {
    throw new HistoryQueryError(field, `is ${text.length} characters long; at most ${MAX_FILTER_LENGTH} are accepted`, MAX_FILTER_LENGTH, []);
  }
  return parse(text, 'OrderBy', field) as OrderKey[];
}

/** Parses one field name on its own (`group_by`). */
export function parseField(text: string, field: string): FieldPath {
  const [key, ...more] = parseOrderBy(text, field);
  if (more.length > 0 || /\s(asc|desc)\s*$/i.test(text)) throw new HistoryQueryError(field, 'must be a single field', more[0]?.field.position ?? 0, ['field']);
  return key.field;
}

/** Every condition of an expression, in the order written. */
export function collectConditions(expression: FilterExpression): Condition[] {
  switch (expression.kind) {
    case 'and':
    case 'or':
      return expression.operands.flatMap(collectConditions);
    case 'not':
      return collectConditions(expression.operand);
    default:
      return [expression];
  }
}

function parse(text: string, startRule: 'Filter' | 'OrderBy', field: string): unknown {
  try {
    return parser.parse(text, { startRule });
  } catch (error) {
    if (!isSyntaxError(error)) throw error;
    const position = error.location.start.offset;
    const expected = [...new Set((error.expected ?? []).map(describeExpectation))].sort();
    const found = position >= text.length ? 'the end of the text' : JSON.stringify(text.slice(position, position + 12));
    throw new HistoryQueryError(field, `expected ${expected.join(', ')} at position ${position}, found ${found}`, position, expected);
  }
}

interface PeggySyntaxError {
  readonly location: { readonly start: { readonly offset: number } };
  readonly expected: readonly { readonly type: string; readonly description?: string; readonly text?: string }[] | null;
}

function isSyntaxError(error: unknown): error is PeggySyntaxError & GrammarError {
  return error instanceof Error && error.name === 'SyntaxError' && 'location' in error && 'expected' in error;
}

function describeExpectation(expectation: { readonly type: string; readonly description?: string; readonly text?: string }): string {
  if (expectation.type === 'end') return 'end of input';
  if (expectation.type === 'literal') return JSON.stringify(expectation.text);
  return expectation.description ?? expectation.type;
}
