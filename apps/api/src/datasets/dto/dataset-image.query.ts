import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { OptionalIntQuery } from '../../common/query-params';
import { DatasetNameParams } from './dataset-name.params';

export class DatasetImageParams extends DatasetNameParams {
  @ApiProperty({ minimum: 0, example: 0, description: "The sample's row in the dataset (MNIST: the 60000 training images, then the 10000 test images)" })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  index!: number;
}

export class DatasetImageQuery {
  @OptionalIntQuery({ minimum: 1, maximum: 32, default: 10, description: 'Screen pixels per image pixel (MNIST: 10 gives 280 x 280)' })
  scale = 10;
}
