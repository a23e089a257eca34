import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { HistoryQuery } from '../../common/history.query';

export class ListModelsQuery extends HistoryQuery {
  @ApiPropertyOptional({ description: 'Only models with at least this test accuracy', minimum: 0, maximum: 1, example: 0.9 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  min_test_accuracy?: number;

  @ApiPropertyOptional({ description: 'Only models with at most this test accuracy', minimum: 0, maximum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  max_test_accuracy?: number;

  @ApiPropertyOptional({ enum: ['created_at', 'test_accuracy'], default: 'created_at', description: 'Both descending; models without a test accuracy last' })
  @IsOptional()
  @IsIn(['created_at', 'test_accuracy'])
  sort: 'created_at' | 'test_accuracy' = 'created_at';
}
