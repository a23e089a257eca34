import type { Caller } from '@mnist-lab/contracts';
import type { SweepListQuery } from '@mnist-lab/infra';
import { HistoryQuery } from '../../common/history.query';
import { OptionalChoiceQuery } from '../../common/query-params';

export const SWEEP_STATUSES = ['queued', 'running', 'refitting', 'succeeded', 'failed', 'cancelled'] as const;

export class ListSweepsQuery extends HistoryQuery {
  @OptionalChoiceQuery(SWEEP_STATUSES)
  status?: (typeof SWEEP_STATUSES)[number];

  @OptionalChoiceQuery(['created_at', 'best_score'], { default: 'created_at', description: 'Both descending' })
  sort: SweepListQuery['sort'] = 'created_at';

  toSweepListQuery(caller: Caller): SweepListQuery {
    return { ...this.history(caller), status: this.status, sort: this.sort };
  }
}
