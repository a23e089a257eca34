import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { OptionalIntQuery } from './query-params';

/** What every history listing (runs, sweeps, models) filters and pages by. */
export class HistoryQuery {
  @ApiPropertyOptional({ example: 'mnist_784' })
  @IsOptional()
  @IsString()
  dataset?: string;

  @ApiPropertyOptional({ description: 'Type of the final estimator', example: 'random_forest' })
  @IsOptional()
  @IsString()
  model_type?: string;

  @OptionalIntQuery({ minimum: 1, maximum: 100, default: 20 })
  limit = 20;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;

  /** These filters and the page, as the repositories name them. */
  protected history() {
    return { dataset: this.dataset, modelType: this.model_type, limit: this.limit, cursor: this.cursor };
  }
}
