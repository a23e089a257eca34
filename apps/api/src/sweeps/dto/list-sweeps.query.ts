import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export const SWEEP_STATUSES = ['queued', 'running', 'refitting', 'succeeded', 'failed', 'cancelled'] as const;

export class ListSweepsQuery {
  @ApiPropertyOptional({ enum: SWEEP_STATUSES })
  @IsOptional()
  @IsIn(SWEEP_STATUSES)
  status?: (typeof SWEEP_STATUSES)[number];

  @ApiPropertyOptional({ example: 'mnist_784' })
  @IsOptional()
  @IsString()
  dataset?: string;

  @ApiPropertyOptional({ example: 'random_forest' })
  @IsOptional()
  @IsString()
  model_type?: string;

  @ApiPropertyOptional({ enum: ['created_at', 'best_score'], default: 'created_at', description: 'Both descending' })
  @IsOptional()
  @IsIn(['created_at', 'best_score'])
  sort: 'created_at' | 'best_score' = 'created_at';

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;
}
