import type { Caller } from '@mnist-lab/contracts';
import type { ModelListQuery } from '@mnist-lab/infra';
import { HistoryQuery } from '../../common/history.query';
import { OptionalChoiceQuery, OptionalFractionQuery } from '../../common/query-params';

export class ListModelsQuery extends HistoryQuery {
  @OptionalFractionQuery({ description: 'Only models with at least this test accuracy', example: 0.9 })
  min_test_accuracy?: number;

  @OptionalFractionQuery({ description: 'Only models with at most this test accuracy' })
  max_test_accuracy?: number;

  @OptionalChoiceQuery(['created_at', 'test_accuracy'], { default: 'created_at', description: 'Both descending; models without a test accuracy last' })
  sort: ModelListQuery['sort'] = 'created_at';

  toModelListQuery(caller: Caller): ModelListQuery {
    return { ...this.history(caller), minTestAccuracy: this.min_test_accuracy, maxTestAccuracy: this.max_test_accuracy, sort: this.sort };
  }
}
