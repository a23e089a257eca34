import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
  UnsupportedMediaTypeException,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ListModelsQuery } from './dto/list-models.query';
import { MAX_PREDICT_IMAGE_BYTES, MAX_PREDICT_INSTANCES, parsePredictRequest, PredictInstancesDto } from './dto/predict.dto';
import { MAX_ARTIFACT_UPLOAD_BYTES, UploadModelFormDto, type UploadedArtifactFile } from './dto/upload-model.dto';
import { ModelsService } from './models.service';

@ApiTags('models')
@Controller('models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get()
  @ApiOperation({ summary: 'Model history: every fitted model (runs, sweep refits, uploads), newest or most accurate first, with cursor pagination' })
  list(@Query() query: ListModelsQuery) {
    return this.models.list({
      modelType: query.model_type,
      dataset: query.dataset,
      minTestAccuracy: query.min_test_accuracy,
      maxTestAccuracy: query.max_test_accuracy,
      sort: query.sort,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  @Get(':id')
  @ApiOperation({ summary: "A model's metadata and its artifact's JSON header (format version, estimator, classes, dataset, split, metrics, ...)" })
  @ApiNotFoundResponse({ description: 'No such model' })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.models.get(id);
  }

  @Get(':id/artifact')
  @ApiOperation({ summary: 'Download the artifact (docs/artifact-format.md), streamed from Postgres; ETag is its sha256' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'No such model' })
  async download(@Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const artifact = await this.models.download(id);
    res.setHeader('ETag', `"${artifact.sha256}"`);
    return new StreamableFile(artifact.stream, {
      type: 'application/octet-stream',
      length: artifact.sizeBytes,
      disposition: `attachment; filename="${artifact.fileName}"`,
    });
  }

  @Post()
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_ARTIFACT_UPLOAD_BYTES, files: 1 } }))
  @ApiOperation({
    summary: 'Upload an artifact made by another instance: the raw bytes as application/octet-stream, or a multipart form field "file"',
    description: `At most ${MAX_ARTIFACT_UPLOAD_BYTES / 1024 / 1024} MB. The artifact is decoded and its estimator restored, as for a prediction, before it is stored. The same bytes uploaded again return the stored model with 200.`,
  })
  @ApiConsumes('application/octet-stream', 'multipart/form-data')
  @ApiExtraModels(UploadModelFormDto)
  @ApiBody({ schema: { oneOf: [{ type: 'string', format: 'binary' }, { $ref: getSchemaPath(UploadModelFormDto) }] } })
  @ApiCreatedResponse({ description: 'Stored; the model as GET /models/{id} shows it' })
  @ApiOkResponse({ description: 'Already stored (same sha256); that model' })
  @ApiBadRequestResponse({ description: 'Not a loadable artifact: not one at all, truncated, tampered with, or a format version this api cannot read; the message says which' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than the upload limit' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Neither application/octet-stream nor multipart/form-data' })
  async upload(
    @UploadedFile() file: UploadedArtifactFile | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, model } = await this.models.upload(uploadedBytes(file, body));
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return model;
  }

  @Post(':id/predict')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Predict digits: JSON {"instances": [[784 pixels 0-255], ...]}, the same pixels as raw bytes, or one PNG image of any size',
    description: `At most ${MAX_PREDICT_INSTANCES} instances (as JSON, or as application/octet-stream: 784 bytes per image, back to back, which skips parsing a large JSON body), or a PNG of at most ${MAX_PREDICT_IMAGE_BYTES / 1024 / 1024} MB, which is preprocessed as MNIST was (grey levels, inverted if the background is light, cropped to the ink, longest side scaled to 20 px, centred by centre of mass in 28x28). Each prediction has the label and the probability of every class.`,
  })
  @ApiConsumes('application/json', 'application/octet-stream', 'image/png')
  @ApiBody({ type: PredictInstancesDto })
  @ApiOkResponse({ description: '{"model_id": ..., "classes": [0, ..., 9], "predictions": [{"label": 7, "probabilities": {"0": 0.001, ...}}]}' })
  @ApiBadRequestResponse({ description: 'Bad instances (`field` names e.g. instances[3][17]) or an unreadable image' })
  @ApiNotFoundResponse({ description: 'No such model' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Neither application/json, application/octet-stream nor image/png' })
  predict(@Param('id', new ParseUUIDPipe()) id: string, @Headers('content-type') contentType: string | undefined, @Body() body: unknown) {
    return this.models.predict(id, parsePredictRequest(contentType, body));
  }
}

function uploadedBytes(file: UploadedArtifactFile | undefined, body: unknown): Buffer {
  if (file) return file.buffer;
  if (Buffer.isBuffer(body)) return body;
  throw new UnsupportedMediaTypeException(
    'send the artifact as the request body with Content-Type application/octet-stream, or as the field "file" of a multipart/form-data form',
  );
}
