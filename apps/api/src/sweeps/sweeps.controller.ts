import { Body, Controller, HttpCode, HttpStatus, Post, Query, Sse, UseGuards, type MessageEvent } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CancelRoute, DeleteRoute, GetRoute, IdParam, ListRoute, PatchRoute, SubmitRoute } from '../common/resource-routes';
import { UpdateMetadataDto } from '../common/metadata.dto';
import { ACCEPTED_SWEEP, CANCELLED_SWEEP, EVENT_STREAM, RESUMED_SWEEP, SWEEP, SWEEP_SUMMARY, TRIAL } from '../common/response-schemas';
import { SWEEP_FIELDS, TRIAL_FIELDS } from '@mnist-lab/infra';
import { admitSweep, validateSweepRequest, type Caller } from '@mnist-lab/contracts';
import { CurrentCaller } from '../auth/current-caller';
import { map, type Observable } from 'rxjs';
import { RequestAdmission } from '../datasets/request-admission';
import { CreateSweepDto } from './dto/create-sweep.dto';
import { ListSweepsQuery, ListTrialsQuery } from './dto/list-sweeps.query';
import { ReadableSweepGuard } from './readable-sweep.guard';
import { SweepsService } from './sweeps.service';

@ApiTags('sweeps')
@Controller('sweeps')
export class SweepsController {
  constructor(
    private readonly sweeps: SweepsService,
    private readonly admission: RequestAdmission,
  ) {}

  @SubmitRoute(
    "Queue a tuning sweep: scikit-learn's RandomizedSearchCV, one job per (candidate, fold)",
    CreateSweepDto,
    { description: 'Stored with one trial per (candidate, fold), and queued', schema: ACCEPTED_SWEEP },
    'Invalid spec or search space, or a candidate estimated to need more than RUN_MAX_MEMORY_MB / RUN_MAX_FIT_SECONDS; `field` names it (e.g. param_distributions.model__max_depth[4])',
  )
  async submit(@CurrentCaller() caller: Caller, @Body() body: unknown) {
    return this.sweeps.submit(caller, await this.admission.admit(caller, body, validateSweepRequest, admitSweep));
  }

  @ListRoute('Sweep history: the filter language over a sweep\'s fields and tags, any ordering, cursor pages and counts', SWEEP_SUMMARY, SWEEP_FIELDS)
  list(@CurrentCaller() caller: Caller, @Query() query: ListSweepsQuery) {
    return this.sweeps.list(query.toHistoryRequest(caller));
  }

  @ListRoute("A sweep's trials, one per (candidate, fold), found by the filter language over their fields and sampled params", TRIAL, TRIAL_FIELDS, ':id/trials')
  @ApiNotFoundResponse({ description: 'No such sweep' })
  trials(@CurrentCaller() caller: Caller, @IdParam() id: string, @Query() query: ListTrialsQuery) {
    return this.sweeps.trials(caller, id, query.toHistoryRequest());
  }

  @GetRoute('sweep', 'A sweep: progress, trials and fold scores as they arrive, cv_results_, best so far, refit run, ETA', SWEEP)
  get(@CurrentCaller() caller: Caller, @IdParam() id: string) {
    return this.sweeps.get(caller, id);
  }

  @PatchRoute('sweep', "Change a sweep's name, tags (merged; null removes one; its trials have its tags) or notes: a member of its project", UpdateMetadataDto, SWEEP)
  update(@CurrentCaller() caller: Caller, @IdParam() id: string, @Body() body: unknown) {
    return this.sweeps.update(caller, id, body);
  }

  @Sse(':id/events')
  @ApiOperation({ summary: 'Server-sent events: the sweep (as GET /sweeps/:id) each time it changes, until it ends' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ content: EVENT_STREAM })
  @ApiNotFoundResponse({ description: "No sweep with this id in the caller's projects" })
  @UseGuards(ReadableSweepGuard)
  events(@CurrentCaller() caller: Caller, @IdParam() id: string): Observable<MessageEvent> {
    return this.sweeps.events(caller, id).pipe(map((sweep) => ({ data: sweep })));
  }

  @CancelRoute('sweep', 'Cancel a sweep: pending trials are dropped, the sweep is recorded as cancelled', CANCELLED_SWEEP)
  cancel(@CurrentCaller() caller: Caller, @IdParam() id: string) {
    return this.sweeps.cancel(caller, id);
  }

  @Post(':id/resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Resume a failed or cancelled sweep: only its unfinished (cancelled) trials run again, then its finalisation and refit' })
  @ApiOkResponse({ schema: RESUMED_SWEEP })
  @ApiNotFoundResponse({ description: 'No such sweep' })
  @ApiConflictResponse({ description: 'The sweep is not failed or cancelled' })
  resume(@CurrentCaller() caller: Caller, @IdParam() id: string) {
    return this.sweeps.resume(caller, id);
  }

  @DeleteRoute('sweep', "Delete a finished sweep with its trials, its refit run and that run's model artifact", 'The sweep is queued, running or refitting: cancel it first')
  async delete(@CurrentCaller() caller: Caller, @IdParam() id: string): Promise<void> {
    await this.sweeps.delete(caller, id);
  }
}
