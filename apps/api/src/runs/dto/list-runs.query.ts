import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

export class ListRunsQuery {
  @ApiPropertyOptional({ enum: RUN_STATUSES })
  @IsOptional()
  @IsIn(RUN_STATUSES)
  status?: (typeof RUN_STATUSES)[number];

  @ApiPropertyOptional({ example: 'mnist_784' })
  @IsOptional()
  @IsString()
  dataset?: string;

  @ApiPropertyOptional({ description: 'Type of the final estimator', example: 'random_forest' })
  @IsOptional()
  @IsString()
  model_type?: string;

  @ApiPropertyOptional({ description: 'Only the runs of this sweep' })
  @IsOptional()
  @IsUUID()
  sweep_id?: string;

  @ApiPropertyOptional({ enum: ['created_at', 'test_accuracy'], default: 'created_at', description: 'Both descending' })
  @IsOptional()
  @IsIn(['created_at', 'test_accuracy'])
  sort: 'created_at' | 'test_accuracy' = 'created_at';

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
