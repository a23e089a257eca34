import { Controller, Get, Param, ParseEnumPipe, Query, StreamableFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Caller } from '@mnist-lab/contracts';
import { InvalidParameterError } from '@mnist-lab/ml/spec';
import { CurrentCaller } from '../auth/current-caller';
import { ImmutableResponseInterceptor } from '../common/immutable-response.interceptor';
import { IdParam } from '../common/resource-routes';
import { ConfusionMatrixQuery, EvaluationQuery, MisclassifiedQuery } from './dto/run-view.query';
import { RunViewsService } from './run-views.service';
import { RUN_EVALUATION } from '../common/response-schemas';

const PICTURE = { schema: { type: 'string', format: 'binary' } } as const;

/** The confusion matrix's picture formats, by file extension. */
const PICTURE_TYPES = { png: 'image/png', svg: 'image/svg+xml' } as const;
type PictureFormat = keyof typeof PICTURE_TYPES;
const PICTURE_FORMATS = { png: 'png', svg: 'svg' } as const satisfies Record<PictureFormat, PictureFormat>;

/** The notebook's evaluation section for one run: every view as JSON, and the pictures. */
@ApiTags('runs')
@ApiNotFoundResponse({ description: 'Unknown run, or a run of a project the caller cannot read' })
@ApiConflictResponse({ description: 'The run has not succeeded (yet)' })
@UseInterceptors(ImmutableResponseInterceptor)
@Controller('runs/:id')
export class RunViewsController {
  constructor(private readonly views: RunViewsService) {}

  @Get('evaluation')
  @ApiOperation({
    summary:
      'Every evaluation view of a subset: confusion matrices (raw, normalised, errors only, multilabel), ' +
      'classification report, most confused pairs, misclassified samples (test only)',
  })
  @ApiOkResponse({ schema: RUN_EVALUATION })
  @ApiBadRequestResponse({ description: 'Bad query value; the message names it' })
  evaluation(@CurrentCaller() caller: Caller, @IdParam() id: string, @Query() query: EvaluationQuery) {
    return this.views.evaluation(caller, id, query.set);
  }

  @Get('confusion-matrix.:format')
  @ApiOperation({ summary: 'The confusion matrix as a heatmap (confusion-matrix.png or .svg), as ConfusionMatrixDisplay draws it' })
  @ApiParam({ name: 'format', enum: Object.keys(PICTURE_TYPES) })
  @ApiProduces(...Object.values(PICTURE_TYPES))
  @ApiOkResponse(PICTURE)
  @ApiBadRequestResponse({ description: 'Bad query value, or errors_only=true with normalize pred or all; the message names the field' })
  async confusionMatrix(
    @CurrentCaller() caller: Caller,
    @IdParam() id: string,
    @Param('format', new ParseEnumPipe(PICTURE_FORMATS, { exceptionFactory: () => new InvalidParameterError('format', 'must be png or svg') })) format: PictureFormat,
    @Query() query: ConfusionMatrixQuery,
  ): Promise<StreamableFile> {
    const picture = await this.views.confusionMatrix(caller, id, query.set, { normalize: query.normalize, errorsOnly: query.errors_only }, format);
    return new StreamableFile(picture, { type: PICTURE_TYPES[format] });
  }

  @Get('misclassified.png')
  @ApiOperation({ summary: 'Misclassified test digits in a grid, each captioned true → predicted; true and/or pred pick one cell, row or column of the confusion matrix' })
  @ApiProduces('image/png')
  @ApiOkResponse(PICTURE)
  @ApiBadRequestResponse({ description: "limit is not in [1, 100], columns not in [1, 20], true or pred not one of the run's classes, or true equal to pred" })
  async misclassified(@CurrentCaller() caller: Caller, @IdParam() id: string, @Query() query: MisclassifiedQuery): Promise<StreamableFile> {
    const cell = { trueLabel: query.true, predictedLabel: query.pred };
    return new StreamableFile(await this.views.misclassified(caller, id, { limit: query.limit, columns: query.columns, cell }), { type: 'image/png' });
  }
}
