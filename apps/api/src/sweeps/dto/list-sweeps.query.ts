import { ApiPropertyOptional } from '@nestjs/swagger';
import type { SweepListQuery } from '@mnist-lab/infra';
import { IsIn, IsOptional } from 'class-validator';
import { HistoryQuery } from '../../common/history.query';

export const SWEEP_STATUSES = ['queued', 'running', 'refitting', 'succeeded', 'failed', 'cancelled'] as const;

export class ListSweepsQuery extends HistoryQuery {
  @ApiPropertyOptional({ enum: SWEEP_STATUSES })
  @IsOptional()
  @IsIn(SWEEP_STATUSES)
  status?: (typeof SWEEP_STATUSES)[number];

  @ApiPropertyOptional({ enum: ['created_at', 'best_score'], default: 'created_at', description: 'Both descending' })
  @IsOptional()
  @IsIn(['created_at', 'best_score'])
  sort: 'created_at' | 'best_score' = 'created_at';

  toSweepListQuery(): SweepListQuery {
    return { ...this.history(), status: this.status, sort: this.sort };
  }
}
