import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { PROJECT_NAME, PROJECT_NAME_RULE, type Caller } from '@mnist-lab/contracts';
import { callerScope } from '@mnist-lab/infra';
import { OptionalIntQuery } from './query-params';

/** `project=`: only that project's resources (a project the caller cannot read lists nothing, or is a 404 where one resource is meant). */
export function OptionalProjectQuery(description = "Only this project's; without it, every project the caller may read"): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description, example: 'default', pattern: PROJECT_NAME.source }),
    IsOptional(),
    Matches(PROJECT_NAME, { message: `project must be ${PROJECT_NAME_RULE}` }),
  );
}

/** A listing whose only filter is `project=` (datasets). */
export class ProjectQuery {
  @OptionalProjectQuery()
  project?: string;
}

/** What every history listing (runs, sweeps, models) filters and pages by. */
export class HistoryQuery extends ProjectQuery {
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

  /** The caller's projects (narrowed by `project=`), these filters and the page, as the repositories name them. */
  protected history(caller: Caller) {
    return { ...callerScope(caller, this.project), dataset: this.dataset, modelType: this.model_type, limit: this.limit, cursor: this.cursor };
  }
}
