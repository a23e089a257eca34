import type { Caller } from '@mnist-lab/contracts';
import { fieldCondition, type HistoryRequest } from '@mnist-lab/infra';
import { HistoryQuery, SearchQuery } from '../../common/history.query';
import { OptionalChoiceQuery } from '../../common/query-params';

export const SWEEP_STATUSES = ['queued', 'running', 'refitting', 'succeeded', 'failed', 'cancelled'] as const;

/** `GET /sweeps`: the filter language, and the older fixed filters as shorthands ANDed in. */
export class ListSweepsQuery extends HistoryQuery {
  @OptionalChoiceQuery(SWEEP_STATUSES, { description: "Shorthand for filter `status = '...'`, ANDed in" })
  status?: (typeof SWEEP_STATUSES)[number];

  @OptionalChoiceQuery(['created_at', 'best_score'], { default: 'created_at', description: 'Both descending; order_by, when given, overrides it' })
  sort?: 'created_at' | 'best_score';

  toHistoryRequest(caller: Caller): HistoryRequest {
    const conditions = this.status === undefined ? [] : [fieldCondition('status', '=', this.status)];
    return this.historySearch(caller, conditions, this.sort === 'best_score' ? 'best_score DESC' : undefined);
  }
}

/** `GET /sweeps/:id/trials`: the filter language over one sweep's trials, in (candidate, fold) order by default. */
export class ListTrialsQuery extends SearchQuery {
  toHistoryRequest(): Omit<HistoryRequest, 'scope'> {
    return this.search();
  }
}
