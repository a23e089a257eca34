import type { Caller } from '@mnist-lab/contracts';
import { fieldCondition, type HistoryRequest } from '@mnist-lab/infra';
import { HistoryQuery } from '../../common/history.query';
import { OptionalChoiceQuery, OptionalFractionQuery } from '../../common/query-params';

/** `GET /models`: the filter language, and the older fixed filters as shorthands ANDed in. */
export class ListModelsQuery extends HistoryQuery {
  @OptionalFractionQuery({ description: 'Only models with at least this test accuracy (filter `test_accuracy >= ...`)', example: 0.9 })
  min_test_accuracy?: number;

  @OptionalFractionQuery({ description: 'Only models with at most this test accuracy (filter `test_accuracy <= ...`)' })
  max_test_accuracy?: number;

  @OptionalChoiceQuery(['created_at', 'test_accuracy'], { default: 'created_at', description: 'Both descending, models without a test accuracy last; order_by, when given, overrides it' })
  sort?: 'created_at' | 'test_accuracy';

  toHistoryRequest(caller: Caller): HistoryRequest {
    const conditions = [
      ...(this.min_test_accuracy === undefined ? [] : [fieldCondition('test_accuracy', '>=', this.min_test_accuracy)]),
      ...(this.max_test_accuracy === undefined ? [] : [fieldCondition('test_accuracy', '<=', this.max_test_accuracy)]),
    ];
    return this.historySearch(caller, conditions, this.sort === 'test_accuracy' ? 'test_accuracy DESC' : undefined);
  }
}
