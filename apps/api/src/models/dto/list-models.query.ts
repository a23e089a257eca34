import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';

export class ListModelsQuery {
  @ApiPropertyOptional({ description: 'Type of the final estimator', example: 'logistic_regression' })
  @IsOptional()
  @IsString()
  model_type?: string;

  @ApiPropertyOptional({ example: 'mnist_784' })
  @IsOptional()
  @IsString()
  dataset?: string;

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
