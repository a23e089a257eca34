import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  NotAcceptableException,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiExtraModels, ApiNotAcceptableResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnsupportedMediaTypeResponse, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { targetProject, type Caller } from '@mnist-lab/contracts';
import { CurrentCaller } from '../auth/current-caller';
import { ProjectQuery } from '../common/history.query';
import { ListModelsQuery } from './dto/list-models.query';
import { MAX_PREDICT_BATCH_BYTES, MAX_PREDICT_IMAGE_BYTES, MAX_PREDICT_INSTANCES, parsePredictRequest, PREDICTION_MEDIA_TYPES, PredictInstancesDto } from './dto/predict.dto';
import { MAX_ARTIFACT_HEADER_BYTES } from '@mnist-lab/ml';
import { artifactStorage, readRawUpload } from './artifact-upload';
import { MAX_ARTIFACT_UPLOAD_BYTES, UploadModelFormDto, type UploadedArtifactFile } from './dto/upload-model.dto';
import { DeleteRoute, GetRoute, IdParam, ListRoute, UploadRoute } from '../common/resource-routes';
import { MODEL, MODEL_SUMMARY, PREDICTIONS } from '../common/response-schemas';
import { ModelsService } from './models.service';

/** Response headers of a binary prediction: what the body's rows and columns are. */
const CLASSES_HEADER = 'X-Classes';
const INSTANCES_HEADER = 'X-Instances';

@ApiTags('models')
@Controller('models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @ListRoute('Model history: every fitted model (runs, sweep refits, uploads), newest or most accurate first, with cursor pagination', MODEL_SUMMARY)
  list(@CurrentCaller() caller: Caller, @Query() query: ListModelsQuery) {
    return this.models.list(query.toModelListQuery(caller));
  }

  @GetRoute('model', "A model's metadata and its artifact's JSON header (format version, estimator, classes, dataset, split, metrics, ...)", MODEL)
  get(@CurrentCaller() caller: Caller, @IdParam() id: string) {
    return this.models.get(caller, id);
  }

  @DeleteRoute('model', 'Delete a model artifact; the run that made it stays, without a model')
  async delete(@CurrentCaller() caller: Caller, @IdParam() id: string): Promise<void> {
    await this.models.delete(caller, id);
  }

  @Get(':id/artifact')
  @ApiOperation({ summary: 'Download the artifact (docs/artifact-format.md), streamed from Postgres; ETag is its sha256' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'No such model' })
  async download(@CurrentCaller() caller: Caller, @IdParam() id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const artifact = await this.models.download(caller, id);
    res.setHeader('ETag', `"${artifact.sha256}"`);
    return new StreamableFile(artifact.stream, {
      type: 'application/octet-stream',
      length: artifact.sizeBytes,
      disposition: `attachment; filename="${artifact.fileName}"`,
    });
  }

  @UploadRoute(MODEL, {
    created: 'Stored; the model as GET /models/{id} shows it',
    existing: 'Already stored (same sha256); that model',
    tooLarge: 'Larger than the upload limit, or a header larger than its cap',
  })
  @UseInterceptors(FileInterceptor('file', { storage: artifactStorage, limits: { fileSize: MAX_ARTIFACT_UPLOAD_BYTES, files: 1 } }))
  @ApiOperation({
    summary: 'Upload an artifact made by another instance: the raw bytes as application/octet-stream, or a multipart form field "file"',
    description: `At most ${MAX_ARTIFACT_UPLOAD_BYTES / 1024 / 1024} MB, with a JSON header of at most ${MAX_ARTIFACT_HEADER_BYTES / 1024 / 1024} MB. The artifact is checked as it streams in (a header or declared size over the limits is a 413 after its first 16 bytes; the payload's sha256 is computed chunk by chunk), its estimator spec is validated as a submitted one and its estimator restored, as for a prediction, before it is stored. The same bytes uploaded again to the same project return the stored model with 200. The model belongs to the query parameter \`project\` (default: the caller's only project, else \`default\`).`,
  })
  @ApiConsumes('application/octet-stream', 'multipart/form-data')
  @ApiExtraModels(UploadModelFormDto)
  @ApiBody({ schema: { oneOf: [{ type: 'string', format: 'binary' }, { $ref: getSchemaPath(UploadModelFormDto) }] } })
  @ApiBadRequestResponse({ description: 'Not a loadable artifact: not one at all, truncated, tampered with, or a format version this api cannot read; the message says which' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Neither application/octet-stream nor multipart/form-data' })
  async upload(
    @CurrentCaller() caller: Caller,
    @Query() query: ProjectQuery,
    @UploadedFile() file: UploadedArtifactFile | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    // Before a raw body is read: a project the caller may not write to is refused without reading it.
    const project = targetProject(caller, query.project);
    const { created, model } = await this.models.upload(caller, project, file?.artifact ?? (await readRawUpload(req)));
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return model;
  }

  @Post(':id/predict')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Predict with a model: JSON {\"instances\": [[one value per feature], ...]}, the same values as raw bytes, or (for 28x28 image models) one PNG image of any size",
    description:
      `Each instance has exactly the model's number of features (GET /models/{id}: header.metadata.features.n_features; the classifier's n_features_in_), ` +
      `of the kind it was trained on (header.metadata.features.dtype): integers 0-255 for a model trained on bytes (mnist_784, other image datasets, CSVs of small integers), ` +
      `finite numbers in float32 range for a model trained on float32 features. At most ${MAX_PREDICT_INSTANCES} instances: as JSON, ` +
      `or as application/octet-stream, which skips parsing a large JSON body: the values back to back, one byte each for a byte model, ` +
      `or with Content-Type application/octet-stream; dtype=float32 four little-endian bytes each for a float32 model (at most ${MAX_PREDICT_BATCH_BYTES / 1024 / 1024} MB either way; docs/predict-format.md). ` +
      `A model trained on 28x28 byte images also takes a PNG of at most ${MAX_PREDICT_IMAGE_BYTES / 1024 / 1024} MB, which is preprocessed as MNIST was (grey levels, inverted if the background is light, cropped to the ink, longest side scaled to 20 px, centred by centre of mass in 28x28). ` +
      `Each prediction has the label and the probability of every class.`,
  })
  @ApiConsumes('application/json', 'application/octet-stream', 'image/png')
  @ApiBody({ type: PredictInstancesDto })
  @ApiProduces(...PREDICTION_MEDIA_TYPES)
  @ApiOkResponse({
    description:
      'application/json (the default): {"model_id": ..., "classes": [0, ..., 9], "predictions": [{"label": 7, "probabilities": {"0": 0.001, ...}}]}. ' +
      'With Accept: application/octet-stream (docs/predict-format.md): n labels as int32, then n x n_classes probabilities as float32, row-major, little-endian; ' +
      'the classes and n are in the response headers (a PNG\'s preprocessed pixels are only in the JSON form).',
    content: {
      'application/json': { schema: PREDICTIONS },
      'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
    },
    headers: {
      [CLASSES_HEADER]: { description: 'Binary responses: the class labels, comma-separated, in the order of each row\'s probabilities', schema: { type: 'string', example: '0,1,2,3,4,5,6,7,8,9' } },
      [INSTANCES_HEADER]: { description: 'Binary responses: n, the number of instances (rows)', schema: { type: 'integer' } },
    },
  })
  @ApiBadRequestResponse({
    description:
      'Instances that do not fit the model: `field` names e.g. instances[3] (not as many values as the model has features; the message says how many) or instances[3][17] (not a byte, or not a finite float32); ' +
      '`body` for a binary batch that is not whole instances; `content-type` for a dtype the model was not trained on, or a PNG to a model that is not a 28x28 image model; or an unreadable image',
  })
  @ApiNotFoundResponse({ description: 'No such model' })
  @ApiNotAcceptableResponse({ description: 'Accept allows neither application/json nor application/octet-stream' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Neither application/json, application/octet-stream (dtype uint8 or float32) nor image/png' })
  async predict(
    @CurrentCaller() caller: Caller,
    @IdParam() id: string,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    // Without an Accept header, or with */*, the first type: JSON.
    const format = req.accepts([...PREDICTION_MEDIA_TYPES]);
    if (!format) {
      throw new NotAcceptableException(`predictions are sent as ${PREDICTION_MEDIA_TYPES.join(' or ')}; got Accept: ${JSON.stringify(req.headers.accept)}`);
    }
    // What needs no model is checked first (the media type, a body of instances); each row against the model's features once it is loaded.
    const request = parsePredictRequest(contentType, body);
    if (format === 'application/json') return this.models.predict(caller, id, request);
    const predictions = await this.models.predictBinary(caller, id, request);
    res.setHeader(CLASSES_HEADER, predictions.classes.join(','));
    res.setHeader(INSTANCES_HEADER, String(predictions.instances));
    return new StreamableFile(predictions.body, { type: 'application/octet-stream', length: predictions.body.length });
  }
}
