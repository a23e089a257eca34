import { Controller, Get, Param, ParseUUIDPipe, Query, StreamableFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { ImmutableResponseInterceptor } from '../common/immutable-response.interceptor';
import { ConfusionMatrixQuery, EvaluationQuery, MisclassifiedQuery } from './dto/run-view.query';
import { RunViewsService } from './run-views.service';

const PICTURE = { schema: { type: 'string', format: 'binary' } } as const;

/** The notebook's evaluation section for one run: every view as JSON, and the pictures. */
@ApiTags('runs')
@ApiNotFoundResponse({ description: 'Unknown run' })
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
  @ApiBadRequestResponse({ description: 'Bad query value; the message names it' })
  evaluation(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: EvaluationQuery) {
    return this.views.evaluation(id, query.set);
  }

  @Get('confusion-matrix.png')
  @ApiOperation({ summary: 'The confusion matrix as a heatmap (PNG), as ConfusionMatrixDisplay draws it' })
  @ApiProduces('image/png')
  @ApiOkResponse(PICTURE)
  @ApiBadRequestResponse({ description: 'Bad query value, or errors_only=true with normalize pred or all; the message names the field' })
  async confusionMatrixPng(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: ConfusionMatrixQuery): Promise<StreamableFile> {
    const png = await this.views.confusionMatrix(id, query.set, { normalize: query.normalize, errorsOnly: query.errors_only }, 'png');
    return new StreamableFile(png, { type: 'image/png' });
  }

  @Get('confusion-matrix.svg')
  @ApiOperation({ summary: 'The confusion matrix as a heatmap (SVG)' })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse(PICTURE)
  @ApiBadRequestResponse({ description: 'Bad query value, or errors_only=true with normalize pred or all; the message names the field' })
  async confusionMatrixSvg(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: ConfusionMatrixQuery): Promise<StreamableFile> {
    const svg = await this.views.confusionMatrix(id, query.set, { normalize: query.normalize, errorsOnly: query.errors_only }, 'svg');
    return new StreamableFile(svg, { type: 'image/svg+xml' });
  }

  @Get('misclassified.png')
  @ApiOperation({ summary: 'Misclassified test digits in a grid, each captioned true → predicted' })
  @ApiProduces('image/png')
  @ApiOkResponse(PICTURE)
  @ApiBadRequestResponse({ description: 'limit is not in [1, 100] or columns not in [1, 20]' })
  async misclassified(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: MisclassifiedQuery): Promise<StreamableFile> {
    return new StreamableFile(await this.views.misclassified(id, query.limit, query.columns), { type: 'image/png' });
  }
}
