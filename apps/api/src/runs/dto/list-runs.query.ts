import { ApiPropertyOptional } from '@nestjs/swagger';
import type { RunListQuery } from '@mnist-lab/infra';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { HistoryQuery } from '../../common/history.query';

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

export class ListRunsQuery extends HistoryQuery {
  @ApiPropertyOptional({ enum: RUN_STATUSES })
  @IsOptional()
  @IsIn(RUN_STATUSES)
  status?: (typeof RUN_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Only the runs of this sweep' })
  @IsOptional()
  @IsUUID()
  sweep_id?: string;

  @ApiPropertyOptional({ enum: ['created_at', 'test_accuracy'], default: 'created_at', description: 'Both descending' })
  @IsOptional()
  @IsIn(['created_at', 'test_accuracy'])
  sort: 'created_at' | 'test_accuracy' = 'created_at';

  toRunListQuery(): RunListQuery {
    return { ...this.history(), status: this.status, sweepId: this.sweep_id, sort: this.sort };
  }
}
