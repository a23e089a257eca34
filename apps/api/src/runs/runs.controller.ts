import { Body, Controller, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CancelRoute, DeleteRoute, GetRoute, IdParam, ListRoute } from '../common/resource-routes';
import { ACCEPTED_RUN, CANCELLED_RUN, RUN, RUN_SUMMARY } from '../common/response-schemas';
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

  @ListRoute('Run history, newest first or best test accuracy first, with cursor pagination', RUN_SUMMARY)
  list(@Query() query: ListRunsQuery) {
    return this.runs.list(query.toRunListQuery());
  }

  @GetRoute('run', 'A run: status, spec, progress while it runs (stage, trees or iterations, loss, elapsed, ETA), timings by stage, backend, and train/test metrics once it succeeded', RUN)
  get(@IdParam() id: string) {
    return this.runs.get(id);
  }

  @CancelRoute('run', 'Cancel a queued or running run: its job is withdrawn or its fit stopped; the run ends cancelled, without results', CANCELLED_RUN)
  cancel(@IdParam() id: string) {
    return this.runs.cancel(id);
  }

  @DeleteRoute('run', 'Delete a finished run with its results and model artifact', 'The run is queued or running: cancel it first')
  async delete(@IdParam() id: string): Promise<void> {
    await this.runs.delete(id);
  }
}
