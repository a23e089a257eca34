import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACCEPTED_RUN, CANCELLED_RUN, pageOf, RUN, RUN_SUMMARY } from '../common/response-schemas';
import { ConfigService } from '@nestjs/config';
import { admitRun, validateRunRequest } from '@mnist-lab/contracts';
import type { Env } from '@mnist-lab/infra';
import type { FitLimits } from '@mnist-lab/ml/spec';
import { fitLimits } from '../common/fit-limits';
import { DatasetsService } from '../datasets/datasets.service';
import { CreateRunDto } from './dto/create-run.dto';
import { ListRunsQuery } from './dto/list-runs.query';
import { RunsService } from './runs.service';

@ApiTags('runs')
@Controller('runs')
export class RunsController {
  private readonly limits: FitLimits;

  constructor(
    private readonly runs: RunsService,
    private readonly datasets: DatasetsService,
    config: ConfigService<Env, true>,
  ) {
    this.limits = fitLimits(config);
  }

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Queue a training run: fit an estimator on a dataset split and evaluate it' })
  @ApiBody({ type: CreateRunDto })
  @ApiAcceptedResponse({ description: 'Stored and queued', schema: ACCEPTED_RUN })
  @ApiBadRequestResponse({ description: 'Invalid spec, or a fit estimated to need more memory or time than RUN_MAX_MEMORY_MB / RUN_MAX_FIT_SECONDS allow; `field` names the offending field' })
  async submit(@Body() body: unknown) {
    // Any registered dataset may be named: the check needs the database, so it is not a plain pipe.
    const datasets = await this.datasets.catalog();
    const request = validateRunRequest(body, datasets);
    admitRun(request, this.limits, datasets);
    return this.runs.submit(request);
  }

  @Get()
  @ApiOperation({ summary: 'Run history, newest first or best test accuracy first, with cursor pagination' })
  @ApiOkResponse({ schema: pageOf(RUN_SUMMARY) })
  list(@Query() query: ListRunsQuery) {
    return this.runs.list(query.toRunListQuery());
  }

  @Get(':id')
  @ApiOperation({ summary: 'A run: status, spec, progress while it runs (stage, trees or iterations, loss, elapsed, ETA), timings by stage, backend, and train/test metrics once it succeeded' })
  @ApiOkResponse({ schema: RUN })
  @ApiNotFoundResponse({ description: 'No such run' })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.runs.get(id);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel a queued or running run: its job is withdrawn or its fit stopped; the run ends cancelled, without results' })
  @ApiOkResponse({ schema: CANCELLED_RUN })
  @ApiNotFoundResponse({ description: 'No such run' })
  @ApiConflictResponse({ description: 'The run already finished (succeeded, failed or cancelled)' })
  cancel(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.runs.cancel(id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a finished run with its results and model artifact' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No such run' })
  @ApiConflictResponse({ description: 'The run is queued or running: cancel it first' })
  async delete(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.runs.delete(id);
  }
}
