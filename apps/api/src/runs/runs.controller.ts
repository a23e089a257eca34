import { Body, Controller, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CancelRoute, DeleteRoute, GetRoute, IdParam, ListRoute, PatchRoute, SubmitRoute } from '../common/resource-routes';
import { UpdateMetadataDto } from '../common/metadata.dto';
import { ACCEPTED_RUN, CANCELLED_RUN, RUN, RUN_SUMMARY } from '../common/response-schemas';
import { admitRun, validateRunRequest, type Caller } from '@mnist-lab/contracts';
import { RUN_FIELDS } from '@mnist-lab/infra';
import { CurrentCaller } from '../auth/current-caller';
import { RequestAdmission } from '../datasets/request-admission';
import { CreateRunDto } from './dto/create-run.dto';
import { ListRunsQuery } from './dto/list-runs.query';
import { RunsService } from './runs.service';

@ApiTags('runs')
@Controller('runs')
export class RunsController {
  constructor(
    private readonly runs: RunsService,
    private readonly admission: RequestAdmission,
  ) {}

  @SubmitRoute(
    'Queue a training run: fit an estimator on a dataset split and evaluate it',
    CreateRunDto,
    { description: 'Stored and queued', schema: ACCEPTED_RUN },
    'Invalid spec, or a fit estimated to need more memory or time than RUN_MAX_MEMORY_MB / RUN_MAX_FIT_SECONDS allow; `field` names the offending field',
  )
  async submit(@CurrentCaller() caller: Caller, @Body() body: unknown) {
    return this.runs.submit(caller, await this.admission.admit(caller, body, validateRunRequest, admitRun));
  }

  @ListRoute('Run history: the filter language over params, metrics (per class too) and tags, any ordering, cursor pages and counts', RUN_SUMMARY, RUN_FIELDS)
  list(@CurrentCaller() caller: Caller, @Query() query: ListRunsQuery) {
    return this.runs.list(query.toHistoryRequest(caller));
  }

  @GetRoute('run', 'A run: status, spec, progress while it runs (stage, trees or iterations, loss, elapsed, ETA), timings by stage, backend, and train/test metrics once it succeeded', RUN)
  get(@CurrentCaller() caller: Caller, @IdParam() id: string) {
    return this.runs.get(caller, id);
  }

  @PatchRoute('run', "Change a run's name, tags (merged; null removes one) or notes: a member of its project", UpdateMetadataDto, RUN)
  update(@CurrentCaller() caller: Caller, @IdParam() id: string, @Body() body: unknown) {
    return this.runs.update(caller, id, body);
  }

  @CancelRoute('run', 'Cancel a queued or running run: its job is withdrawn or its fit stopped; the run ends cancelled, without results', CANCELLED_RUN)
  cancel(@CurrentCaller() caller: Caller, @IdParam() id: string) {
    return this.runs.cancel(caller, id);
  }

  @DeleteRoute('run', 'Delete a finished run with its results and model artifact', 'The run is queued or running: cancel it first')
  async delete(@CurrentCaller() caller: Caller, @IdParam() id: string): Promise<void> {
    await this.runs.delete(caller, id);
  }
}
