import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { DATASET_NAME, DATASET_NAME_RULE } from '@mnist-lab/ml/spec';

export class DatasetNameParams {
  @ApiProperty({ example: 'mnist_784', description: DATASET_NAME_RULE })
  @Matches(DATASET_NAME, { message: `name must be ${DATASET_NAME_RULE}` })
  name!: string;
}
