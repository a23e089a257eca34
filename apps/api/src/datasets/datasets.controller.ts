import { rm } from 'node:fs/promises';
import { Body, Controller, Get, HttpStatus, Param, Query, Res, StreamableFile, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiConsumes, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Caller } from '@mnist-lab/contracts';
import { callerScope, type Env } from '@mnist-lab/infra';
import { CurrentCaller } from '../auth/current-caller';
import { ProjectQuery } from '../common/history.query';
import { ImmutableResponseInterceptor } from '../common/immutable-response.interceptor';
import { UploadRoute } from '../common/resource-routes';
import { DATASET } from '../common/response-schemas';
import { DatasetsService } from './datasets.service';
import { DatasetImageParams, DatasetImageQuery } from './dto/dataset-image.query';
import { DatasetNameParams } from './dto/dataset-name.params';
import { UPLOAD_DATASET_SCHEMA } from './dto/upload-dataset.dto';

/** The part of a multer disk file the upload reads. */
interface DiskFile {
  readonly fieldname: string;
  readonly path: string;
}

const FILE_FIELDS = ['images', 'labels', 'data'] as const;

@ApiTags('datasets')
@Controller('datasets')
export class DatasetsController {
  private readonly maxBytes: number;

  constructor(
    private readonly datasets: DatasetsService,
    config: ConfigService<Env, true>,
  ) {
    this.maxBytes = config.get('DATASET_MAX_BYTES', { infer: true });
  }

  @Get()
  @ApiOperation({ summary: "The datasets of the caller's projects (or of `project`) and the public built-in ones, described as GET /datasets/{name} describes them" })
  @ApiOkResponse({ schema: { type: 'array', items: DATASET } })
  list(@CurrentCaller() caller: Caller, @Query() query: ProjectQuery) {
    return this.datasets.list(callerScope(caller, query.project));
  }

  @UploadRoute(DATASET, {
    created: 'Registered; the dataset as GET /datasets/{name} describes it',
    existing: 'Already registered under this name with the same content',
    tooLarge: 'A file, or what it decodes to, is larger than DATASET_MAX_BYTES',
  })
  @UseInterceptors(FileFieldsInterceptor(FILE_FIELDS.map((name) => ({ name, maxCount: 1 }))))
  @ApiOperation({
    summary: 'Register a dataset: IDX images and labels (raw or gzip), or a CSV file with a label column',
    description:
      'Files stream to disk and are decoded from there; nothing is stored unless every check passes. The content is stored by the sha256 of its canonical form, so the same content under the same name again is a 200. The dataset belongs to the form field `project` (default: the caller\'s only project, else `default`); names are global, so a name another project took is a 409.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_DATASET_SCHEMA })
  @ApiBadRequestResponse({ description: 'A missing field or file, a bad IDX or CSV file; the message names the problem and `field` the part' })
  @ApiConflictResponse({ description: 'The name is taken by other content' })
  async upload(
    @CurrentCaller() caller: Caller,
    @UploadedFiles() files: Partial<Record<string, DiskFile[]>> | undefined,
    @Body() fields: Record<string, unknown> | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const uploaded = Object.values(files ?? {}).flatMap((list) => list ?? []);
    try {
      const { created, dataset } = await this.datasets.upload(caller, {
        fields: fields ?? {},
        files: Object.fromEntries(uploaded.map((file) => [file.fieldname, { path: file.path, field: file.fieldname }])),
        maxBytes: this.maxBytes,
      });
      res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
      return dataset;
    } finally {
      await Promise.all(uploaded.map((file) => rm(file.path, { force: true })));
    }
  }

  @Get(':name')
  @ApiOperation({ summary: 'A dataset: n_samples, n_features, image_shape, classes and their counts, min, max, mean, nan_count, sha256, size_bytes, created_at' })
  @ApiOkResponse({ schema: DATASET })
  @ApiNotFoundResponse({ description: 'Unknown dataset, or one of a project the caller cannot read; the message lists the ones it can' })
  describe(@CurrentCaller() caller: Caller, @Param() params: DatasetNameParams) {
    return this.datasets.describe(params.name, callerScope(caller));
  }

  @Get(':name/images/:index.png')
  @UseInterceptors(ImmutableResponseInterceptor)
  @ApiOperation({ summary: "One sample as the notebook's draw_number shows it: ink black on white, scaled up" })
  @ApiProduces('image/png')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ description: 'index is not an integer in range, scale is not in [1, 32], or the dataset has no square images' })
  @ApiNotFoundResponse({ description: 'Unknown dataset' })
  async image(@CurrentCaller() caller: Caller, @Param() params: DatasetImageParams, @Query() query: DatasetImageQuery): Promise<StreamableFile> {
    return new StreamableFile(await this.datasets.image(params.name, params.index, query.scale, callerScope(caller)), { type: 'image/png' });
  }
}
