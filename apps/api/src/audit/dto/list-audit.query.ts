import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { PROJECT_NAME, PROJECT_NAME_RULE } from '@mnist-lab/contracts';
import { OptionalIntQuery } from '../../common/query-params';

export class ListAuditQuery {
  @ApiPropertyOptional({ example: 'default', description: "Only this project's events" })
  @IsOptional()
  @Matches(PROJECT_NAME, { message: `project must be ${PROJECT_NAME_RULE}` })
  project?: string;

  @ApiPropertyOptional({ example: 'api_key.revoke', description: 'Only this action (`<resource>.<verb>`)' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]+\.[a-z_]+$/, { message: 'action must look like resource.verb, e.g. run.create' })
  action?: string;

  @OptionalIntQuery({ minimum: 1, maximum: 100, default: 50 })
  limit = 50;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;
}
