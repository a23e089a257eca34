import { Controller, Get, Param, Query, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ImmutableResponseInterceptor } from '../common/immutable-response.interceptor';
import { DatasetsService } from './datasets.service';
import { DatasetImageParams, DatasetImageQuery } from './dto/dataset-image.query';

@ApiTags('datasets')
@Controller('datasets')
export class DatasetsController {
  constructor(private readonly datasets: DatasetsService) {}

  @Get()
  @ApiOperation({ summary: 'The datasets a run may name: name, n_samples, n_features, description' })
  list() {
    return this.datasets.list();
  }

  @Get(':name/images/:index.png')
  @UseInterceptors(ImmutableResponseInterceptor)
  @ApiOperation({ summary: "One sample as the notebook's draw_number shows it: ink black on white, scaled up" })
  @ApiProduces('image/png')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ description: 'index is not an integer in range, or scale is not in [1, 32]' })
  @ApiNotFoundResponse({ description: 'Unknown dataset' })
  async image(@Param() params: DatasetImageParams, @Query() query: DatasetImageQuery): Promise<StreamableFile> {
    return new StreamableFile(await this.datasets.image(params.name, params.index, query.scale), { type: 'image/png' });
  }
}
