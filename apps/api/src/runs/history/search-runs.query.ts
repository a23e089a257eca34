import type { Caller } from '@mnist-lab/contracts';
import { callerScope, MAX_FILTER_LENGTH, type HistoryRequest } from '@mnist-lab/infra';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { ListRunsQuery } from '../dto/list-runs.query';

/**
 * `GET /runs`: the history language's `filter` and `order_by`, `count`, and the older fixed
 * filters (`status`, `dataset`, `model_type`, `sweep_id`, `sort`), which are ANDed in.
 */
export class SearchRunsQuery extends ListRunsQuery {
  @ApiPropertyOptional({
    description:
      'The history filter language (see the README): fields status, dataset, model_type, sweep_id, project, name, created_at, finished_at, fit_seconds, predict_seconds, duration_seconds, attempts, tensor_backend, params.<get_params name>, metrics.<subset>.<name>, metrics.<subset>.<name>[\'<class>\'], tags.<key>; operators = != < <= > >= IN NOT IN LIKE ILIKE IS [NOT] NULL, AND OR NOT and parentheses. A malformed filter is a 400 with position and expected.',
    example: "model_type = 'random_forest' AND params.model__max_depth IS NULL AND metrics.test.recall['8'] > 0.95",
    maxLength: MAX_FILTER_LENGTH,
  })
  @IsOptional()
  @IsString()
  filter?: string;

  @ApiPropertyOptional({
    description: 'Sort keys, `field [ASC|DESC]` separated by commas (descending by default, nulls last): any numeric or time field, params.* and metrics.* included. Overrides `sort`.',
    example: "metrics.test.accuracy DESC, fit_seconds ASC",
  })
  @IsOptional()
  @IsString()
  order_by?: string;

  @ApiPropertyOptional({ description: 'Also give the number of matching runs: exact up to 10,000, then the planner estimate with count_estimated true', type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  count?: boolean;

  toHistoryRequest(caller: Caller): HistoryRequest {
    return {
      filter: this.filter,
      orderBy: this.order_by ?? (this.sort === 'test_accuracy' ? 'metrics.test.accuracy DESC' : undefined),
      limit: this.limit,
      cursor: this.cursor,
      count: this.count ?? false,
      equals: { status: this.status, dataset: this.dataset, model_type: this.model_type, sweep_id: this.sweep_id },
      scope: callerScope(caller, this.project),
    };
  }
}
