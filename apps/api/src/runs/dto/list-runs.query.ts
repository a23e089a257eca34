import type { Caller } from '@mnist-lab/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { RunListQuery } from '@mnist-lab/infra';
import { IsOptional, IsUUID } from 'class-validator';
import { HistoryQuery } from '../../common/history.query';
import { OptionalChoiceQuery } from '../../common/query-params';

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

export class ListRunsQuery extends HistoryQuery {
  @OptionalChoiceQuery(RUN_STATUSES)
  status?: (typeof RUN_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Only the runs of this sweep' })
  @IsOptional()
  @IsUUID()
  sweep_id?: string;

  @OptionalChoiceQuery(['created_at', 'test_accuracy'], { default: 'created_at', description: 'Both descending' })
  sort: RunListQuery['sort'] = 'created_at';

  toRunListQuery(caller: Caller): RunListQuery {
    return { ...this.history(caller), status: this.status, sweepId: this.sweep_id, sort: this.sort };
  }
}
