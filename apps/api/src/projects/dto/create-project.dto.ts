import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { PROJECT_NAME, PROJECT_NAME_RULE } from '@mnist-lab/contracts';

export class CreateProjectDto {
  @ApiProperty({ example: 'vision-team', description: PROJECT_NAME_RULE })
  @IsString()
  @Matches(PROJECT_NAME, { message: `name must be ${PROJECT_NAME_RULE}` })
  name!: string;
}
