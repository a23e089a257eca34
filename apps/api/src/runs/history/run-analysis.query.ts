import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { FilterParam, OrderByParam, ProjectQuery } from '../../common/history.query';

/** Most runs GET /runs/compare puts side by side. */
export const MAX_COMPARED_RUNS = 20;
const UUID_LIST = new RegExp(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(,[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}){0,${MAX_COMPARED_RUNS - 1}}$`, 'i');

export class CompareRunsQuery {
  @ApiProperty({ description: `1 to ${MAX_COMPARED_RUNS} run ids, comma-separated; the confusion-matrix difference is the first's minus the second's`, example: '6f1c2d0b-0000-4000-8000-000000000001,6f1c2d0b-0000-4000-8000-000000000002' })
  @IsString()
  @Matches(UUID_LIST, { message: `ids must be 1 to ${MAX_COMPARED_RUNS} run ids (UUIDs) separated by commas` })
  ids!: string;
}

/** `GET /runs/aggregate`: the filter language's filter, and what to group by and aggregate. */
export class AggregateRunsQuery extends ProjectQuery {
  @FilterParam()
  filter?: string;

  @ApiProperty({ description: 'The field whose values make the groups: a column, params.<name>, tags.<key> or a metric', example: 'params.model__max_depth' })
  @IsString()
  group_by!: string;

  @ApiProperty({ description: 'The numeric field aggregated in each group: a numeric column, params.<name> or metrics.<subset>.<name>[...]', example: 'metrics.test.accuracy' })
  @IsString()
  metric!: string;
}

export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;

/** `GET /runs/export`: every run the filter keeps, in order_by's order. */
export class ExportRunsQuery extends ProjectQuery {
  @FilterParam()
  filter?: string;

  @OrderByParam()
  order_by?: string;

  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format: (typeof EXPORT_FORMATS)[number] = 'csv';
}
