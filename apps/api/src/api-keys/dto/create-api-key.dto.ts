import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { PROJECT_NAME, PROJECT_NAME_RULE, ROLES, type Role } from '@mnist-lab/contracts';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'ci-pipeline', description: 'What the key is for, 1-100 characters' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ type: 'string', nullable: true, example: 'default', description: `The project the role holds in (${PROJECT_NAME_RULE}); null for a global admin key` })
  @ValidateIf((dto: CreateApiKeyDto) => dto.project !== null)
  @IsString()
  @Matches(PROJECT_NAME, { message: `project must be ${PROJECT_NAME_RULE}, or null for a global admin key` })
  project!: string | null;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ format: 'date-time', example: '2030-01-01T00:00:00Z', description: 'When the key stops working; never when absent' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expires_at?: string;
}
