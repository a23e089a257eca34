import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches } from 'class-validator';
import { PROJECT_NAME, PROJECT_NAME_RULE, type Caller } from '@mnist-lab/contracts';
import { callerScope, describeFields, fieldCondition, MAX_FILTER_LENGTH, MAX_FILTER_TERMS, MAX_ORDER_KEYS, type FieldCatalogue, type FilterExpression, type HistoryRequest } from '@mnist-lab/infra';
import { OptionalIntQuery } from './query-params';

/** The filter language as OpenAPI shows it (the README has the same grammar, with examples). */
export const FILTER_GRAMMAR = [
  'filter     := or',
  'or         := and ("OR" and)*',
  'and        := not ("AND" not)*',
  'not        := "NOT" not | "(" or ")" | condition',
  'condition  := field ("=" | "!=" | "<>" | "<" | "<=" | ">" | ">=" | ["NOT"] "LIKE" | ["NOT"] "ILIKE") value',
  '            | field ["NOT"] "IN" "(" value ("," value)* ")"',
  '            | field "IS" ["NOT"] "NULL"',
  "field      := name (\".\" name)* [\"[\" ('string' | integer) \"]\"]     e.g. params.model__max_depth, metrics.test.recall['8'], tags.team",
  "value      := number | 'string' | \"string\" | true | false | null | 2026-12-03 | 2026-12-03T18:00:00Z",
  `Keywords are case-insensitive; NOT binds tighter than AND, AND tighter than OR. A quote doubled inside a string is one quote. At most ${MAX_FILTER_LENGTH} characters and ${MAX_FILTER_TERMS} conditions.`,
  'A condition on a value a row does not have (a null column, a parameter its estimator lacks, a metric not stored) is unknown, and so is its negation: the row is listed only when the whole filter is true.',
  'A refused filter is a 400 {error: "invalid_query", message, field, position, expected}: position is the 0-based offset in the text, expected what would have been accepted there.',
].join('\n');

/** The `filter` and `order_by` parameters' documentation for one listing, naming its fields. */
export function filterDescription(fields: FieldCatalogue): string {
  return `The filter language over ${fields.resource}'s fields: ${describeFields(fields).join(', ')}.\n\n${FILTER_GRAMMAR}`;
}

/** `project=`: only that project's resources (a project the caller cannot read lists nothing, or is a 404 where one resource is meant). */
export function OptionalProjectQuery(description = "Only this project's; without it, every project the caller may read"): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description, example: 'default', pattern: PROJECT_NAME.source }),
    IsOptional(),
    Matches(PROJECT_NAME, { message: `project must be ${PROJECT_NAME_RULE}` }),
  );
}

/** A listing whose only filter is `project=` (datasets). */
export class ProjectQuery {
  @OptionalProjectQuery()
  project?: string;
}

/** `filter=`: the filter language, checked by its parser (a 400 with the position), not here. */
export function FilterParam(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: 'The filter language (its grammar and this listing\'s fields are in the operation\'s description)',
      example: "status = 'succeeded' AND created_at >= 2026-12-01",
      maxLength: MAX_FILTER_LENGTH,
    }),
    IsOptional(),
    IsString(),
  );
}

/** `order_by=`: sort keys, checked by the parser. */
export function OrderByParam(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: `Sort keys, \`field [ASC|DESC]\` separated by commas (at most ${MAX_ORDER_KEYS}; descending unless ASC, nulls last, then the id): any numeric or time field, params.* and metrics.* included`,
      example: 'created_at DESC',
    }),
    IsOptional(),
    IsString(),
  );
}

/** What every listing the filter language searches (runs, sweeps, models, a sweep's trials) takes. */
export class SearchQuery {
  @FilterParam()
  filter?: string;

  @OrderByParam()
  order_by?: string;

  @ApiPropertyOptional({ description: 'Also give the number of matching rows as `count`: exact up to 10,000, beyond that the planner\'s estimate with `count_estimated` true', type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  count?: boolean;

  @OptionalIntQuery({ minimum: 1, maximum: 100, default: 20 })
  limit = 20;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page (with the same order_by)' })
  @IsOptional()
  @IsString()
  cursor?: string;

  /** The request for HistorySearch but its scope: the older parameters' conditions ANDed in, `order_by` or else the older `sort`'s ordering. */
  protected search(conditions: readonly FilterExpression[] = [], sortOrder?: string): Omit<HistoryRequest, 'scope'> {
    return { filter: this.filter, orderBy: this.order_by ?? sortOrder, limit: this.limit, cursor: this.cursor, count: this.count ?? false, conditions };
  }
}

/** What the history listings of runs, sweeps and models filter by besides the language: their older fixed parameters. */
export class HistoryQuery extends SearchQuery {
  @OptionalProjectQuery()
  project?: string;

  @ApiPropertyOptional({ example: 'mnist_784', description: 'Shorthand for filter `dataset = \'...\'`, ANDed in' })
  @IsOptional()
  @IsString()
  dataset?: string;

  @ApiPropertyOptional({ description: 'Type of the final estimator; shorthand for filter `model_type = \'...\'`, ANDed in', example: 'random_forest' })
  @IsOptional()
  @IsString()
  model_type?: string;

  /** The caller's projects narrowed by `project=`, and `dataset=` / `model_type=` as conditions, with the listing's own. */
  protected historySearch(caller: Caller, conditions: readonly FilterExpression[], sortOrder?: string): HistoryRequest {
    const shorthands = [
      ...(this.dataset === undefined ? [] : [fieldCondition('dataset', '=', this.dataset)]),
      ...(this.model_type === undefined ? [] : [fieldCondition('model_type', '=', this.model_type)]),
    ];
    return { ...this.search([...shorthands, ...conditions], sortOrder), scope: callerScope(caller, this.project) };
  }
}
