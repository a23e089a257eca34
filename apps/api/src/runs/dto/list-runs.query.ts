import type { Caller } from '@mnist-lab/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { fieldCondition, type HistoryRequest } from '@mnist-lab/infra';
import { IsOptional, IsUUID } from 'class-validator';
import { HistoryQuery } from '../../common/history.query';
import { OptionalChoiceQuery } from '../../common/query-params';

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

/** `GET /runs`: the filter language, and the older fixed filters as shorthands ANDed in. */
export class ListRunsQuery extends HistoryQuery {
  @OptionalChoiceQuery(RUN_STATUSES, { description: "Shorthand for filter `status = '...'`, ANDed in" })
  status?: (typeof RUN_STATUSES)[number];

  @ApiPropertyOptional({ description: "Only the runs of this sweep; shorthand for filter `sweep_id = '...'`" })
  @IsOptional()
  @IsUUID()
  sweep_id?: string;

  @OptionalChoiceQuery(['created_at', 'test_accuracy'], { default: 'created_at', description: 'Both descending; order_by, when given, overrides it' })
  sort?: 'created_at' | 'test_accuracy';

  toHistoryRequest(caller: Caller): HistoryRequest {
    const conditions = [
      ...(this.status === undefined ? [] : [fieldCondition('status', '=', this.status)]),
      ...(this.sweep_id === undefined ? [] : [fieldCondition('sweep_id', '=', this.sweep_id)]),
    ];
    return this.historySearch(caller, conditions, this.sort === 'test_accuracy' ? 'metrics.test.accuracy DESC' : undefined);
  }
}
