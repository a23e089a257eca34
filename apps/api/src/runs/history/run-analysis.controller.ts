import { pipeline } from 'node:stream';
import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@mnist-lab/contracts';
import { RUN_FIELDS } from '@mnist-lab/infra';
import type { Response } from 'express';
import { CurrentCaller } from '../../auth/current-caller';
import { filterDescription, ProjectQuery } from '../../common/history.query';
import { RUN_AGGREGATE, RUN_COMPARISON, RUN_FIELDS_PRESENT } from '../../common/response-schemas';
import { AggregateRunsQuery, CompareRunsQuery, ExportRunsQuery } from './run-analysis.query';
import { RunAnalysisService } from './run-analysis.service';

const REFUSED_QUERY = 'A malformed filter, group_by, metric or order_by, an unknown field or a type mismatch: {error: "invalid_query", message, field, position, expected}';

/** The run history's analyses. Registered before RunsController, so that /runs/fields is not taken for /runs/:id. */
@ApiTags('runs')
@Controller('runs')
export class RunAnalysisController {
  private readonly logger = new Logger('RunExport');

  constructor(private readonly analysis: RunAnalysisService) {}

  @Get('fields')
  @ApiOperation({ summary: 'The fields GET /runs can filter and sort by: its columns, and the params, metrics (per class too) and tags some run in scope has' })
  @ApiOkResponse({ schema: RUN_FIELDS_PRESENT })
  fields(@CurrentCaller() caller: Caller, @Query() query: ProjectQuery) {
    return this.analysis.fields(caller, query.project);
  }

  @Get('compare')
  @ApiOperation({ summary: 'Runs side by side: their params (the differing ones marked), every metric including per-class ones, and the difference of the first two runs\' test confusion matrices' })
  @ApiOkResponse({ schema: RUN_COMPARISON })
  @ApiBadRequestResponse({ description: 'ids is not 1 to 20 UUIDs separated by commas' })
  @ApiNotFoundResponse({ description: 'One of the runs does not exist (or is in a project the caller cannot read)' })
  compare(@CurrentCaller() caller: Caller, @Query() query: CompareRunsQuery) {
    return this.analysis.compare(caller, query.ids.split(','));
  }

  @Get('aggregate')
  @ApiOperation({ summary: 'count, mean, min, max and stddev of a metric per value of a field, over the runs a filter keeps', description: filterDescription(RUN_FIELDS) })
  @ApiOkResponse({ schema: RUN_AGGREGATE })
  @ApiBadRequestResponse({ description: REFUSED_QUERY })
  aggregate(@CurrentCaller() caller: Caller, @Query() query: AggregateRunsQuery) {
    return this.analysis.aggregate(caller, query);
  }

  @Get('export')
  @ApiOperation({
    summary: 'Every run a filter keeps, one row per run with a column per param, metric and tag, streamed as CSV or NDJSON',
    description: `Read from Postgres in keyset batches as the client reads: memory stays that of one batch. ${filterDescription(RUN_FIELDS)}`,
  })
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOkResponse({ content: { 'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string' } } } })
  @ApiBadRequestResponse({ description: REFUSED_QUERY })
  async export(@CurrentCaller() caller: Caller, @Query() query: ExportRunsQuery, @Res() res: Response): Promise<void> {
    const exported = await this.analysis.export(caller, query);
    res.setHeader('Content-Type', exported.type);
    res.setHeader('Content-Disposition', `attachment; filename="${exported.fileName}"`);
    // pipeline: backpressure from the socket, and a client that goes away stops the reading.
    pipeline(exported.body, res, (error) => {
      if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') this.logger.error(`export failed midway: ${error.message}`);
    });
  }
}
