import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InvalidParameterError } from '../base/errors';
import type { Params } from '../base/params';
import { ParameterGrid, type ParamGridDict } from './parameter-grid';
import { ParameterSampler, type ParamDistributionDict } from './parameter-sampler';
import { aggregateCvResults, type FoldResult } from './search';
import { stratifiedKFold } from './split';
import {
  halvingBestIndex,
  halvingRandomCandidates,
  halvingTopK,
  nextIterationParams,
  planHalvingSchedule,
  subsampleIndices,
  withHalvingColumns,
  type HalvingData,
  type HalvingSchedule,
  type SuccessiveHalvingOptions,
} from './successive-halving';

/** What libs/ml/fixtures/halving/generate.py wrote with scikit-learn 1.2.1. */
interface HalvingFixture {
  readonly versions: Record<string, string>;
  readonly searches: readonly {
    kind: 'grid' | 'random';
    space: Record<string, unknown>;
    kwargs: Record<string, unknown>;
    cv: number;
    n_samples: number;
    n_classes: number;
    min_resources_: number;
    max_resources_: number;
    n_resources_: number[];
    n_candidates_: number[];
    n_iterations_: number;
    n_required_iterations_: number;
    n_possible_iterations_: number;
    n_remaining_candidates_: number;
    params: Params[];
    iter: number[];
    n_resources: number[];
    mean_test_score: (number | null)[];
    rank_test_score: number[];
    best_index_: number;
  }[];
  readonly top_k: readonly { scores: (number | null)[]; k: number; kept: number[] }[];
  readonly subsample: readonly { n_samples: number; n_resources: number; random_state: number; folds: { train: number[]; test: number[] }[] }[];
  readonly floor_log: Record<string, number[]>;
}

const fixture: HalvingFixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/halving/sklearn-1.2.1.json'), 'utf8'));
/** generate.py's labels: 330 samples of 3 classes, interleaved. */
const Y = Int32Array.from({ length: 330 }, (_, i) => i % 3);

/** generate.py's `scripted_score`. */
const scriptedScore = (a: number, b: number, nEstimators: number, nTrain: number) => (a % 4) / 8 + b / 16 + nEstimators / 1000 + nTrain / 100000;

const DEFAULTS = { factor: 3, resource: 'n_samples', max_resources: 'auto', aggressive_elimination: false } as const;

/**
 * The whole halving search, as BaseSuccessiveHalving runs it, on the fixture's Scripted estimator:
 * each iteration's fold scores, cv_results_ over every row so far, the survivors for the next.
 */
function simulate(search: HalvingFixture['searches'][number]) {
  const options: SuccessiveHalvingOptions = {
    ...DEFAULTS,
    min_resources: search.kind === 'grid' ? 'exhaust' : 'smallest',
    ...(search.kwargs as Partial<SuccessiveHalvingOptions>),
  };
  const data: HalvingData = { nSamples: search.n_samples, nSplits: search.cv, nClasses: search.n_classes };
  const first: Params[] =
    search.kind === 'grid'
      ? [...new ParameterGrid(search.space as ParamGridDict)]
      : [
          ...new ParameterSampler(search.space as ParamDistributionDict, {
            n_iter: halvingRandomCandidates((search.kwargs['n_candidates'] as number | undefined) ?? 'exhaust', options, data),
            random_state: search.kwargs['random_state'] as number,
          }),
        ];
  const schedule = planHalvingSchedule(first.length, options, data);
  const folds = stratifiedKFold(Y, { n_splits: search.cv });
  const rows: Params[] = [];
  const results: FoldResult[] = [];
  let current = options.resource === 'n_samples' ? first : first.map((params) => ({ ...params, [options.resource]: schedule.n_resources_[0] }));
  for (let itr = 0; itr < schedule.n_iterations_; itr++) {
    const nResources = schedule.n_resources_[itr];
    for (const params of current) {
      const candidate = rows.push(params) - 1;
      folds.forEach(({ train }, fold) => {
        const nTrain = options.resource === 'n_samples' ? Math.trunc((nResources / search.n_samples) * train.length) : train.length;
        const { a, b = 0, n_estimators = 1 } = params as Record<string, number>;
        const score = a === -1 ? null : scriptedScore(a, b, n_estimators, nTrain);
        results.push({ candidate, fold, test_score: score, fit_time: 0, score_time: 0 });
      });
    }
    if (itr + 1 < schedule.n_iterations_) {
      const cv = aggregateCvResults(rows.map((params, index) => ({ index, params, estimator: { type: 'scripted' } })), results, search.cv);
      const start = rows.length - current.length;
      current = nextIterationParams(schedule, itr, current, cv.mean_test_score.slice(start));
    }
  }
  const cv = withHalvingColumns(aggregateCvResults(rows.map((params, index) => ({ index, params, estimator: { type: 'scripted' } })), results, search.cv), schedule);
  return { schedule, rows, cv };
}

const scheduleAttributes = (schedule: HalvingSchedule) => {
  const { factor, resource, ...attributes } = schedule;
  return attributes;
};

describe('successive halving against scikit-learn 1.2.1', () => {
  assert.deepEqual(fixture.versions, { sklearn: '1.2.1', numpy: '1.24.2' });

  for (const search of fixture.searches) {
    it(`Halving${search.kind === 'grid' ? 'Grid' : 'Random'}SearchCV(${JSON.stringify(search.kwargs)}, cv=${search.cv}): schedule, survivors, cv_results_ and best_index_`, () => {
      const { schedule, rows, cv } = simulate(search);
      assert.deepEqual(scheduleAttributes(schedule), {
        min_resources_: search.min_resources_,
        max_resources_: search.max_resources_,
        n_resources_: search.n_resources_,
        n_candidates_: search.n_candidates_,
        n_iterations_: search.n_iterations_,
        n_required_iterations_: search.n_required_iterations_,
        n_possible_iterations_: search.n_possible_iterations_,
        n_remaining_candidates_: search.n_remaining_candidates_,
      });
      assert.deepEqual(rows, search.params);
      assert.deepEqual(cv.iter, search.iter);
      assert.deepEqual(cv.n_resources, search.n_resources);
      assert.deepEqual(cv.mean_test_score, search.mean_test_score);
      assert.deepEqual(cv.rank_test_score, search.rank_test_score);
      assert.equal(cv.best_index, search.best_index_);
      assert.deepEqual(cv.best_params, search.params[search.best_index_]);
    });
  }

  it("keeps _top_k's candidates in its order, ties as numpy's quicksort leaves them and nan last to survive", () => {
    for (const { scores, k, kept } of fixture.top_k) assert.deepEqual(halvingTopK(scores, k), kept, `${scores.length} scores, k=${k}`);
  });

  it("subsamples each fold's train and validation sides as _SubsampleMetaSplitter", () => {
    for (const { n_samples, n_resources, random_state, folds } of fixture.subsample) {
      const ours = stratifiedKFold(Y, { n_splits: 3 }).map(({ train, test }) => ({
        train: [...subsampleIndices(train, n_resources / n_samples, random_state)],
        test: [...subsampleIndices(test, n_resources / n_samples, random_state)],
      }));
      assert.deepEqual(ours, folds, `n_resources=${n_resources}, random_state=${random_state}`);
    }
  });

  it("computes Python's floor(log(n, factor)) through the schedule's iteration counts", () => {
    const data = { nSamples: 10 ** 9, nSplits: 2, nClasses: 1 };
    for (const [factor, floors] of Object.entries(fixture.floor_log)) {
      floors.forEach((floor, i) => {
        const schedule = planHalvingSchedule(i + 1, { ...DEFAULTS, factor: Number(factor), min_resources: 1, aggressive_elimination: true }, data);
        assert.equal(schedule.n_required_iterations_, 1 + floor, `log(${i + 1}, ${factor})`);
      });
    }
  });
});

describe('successive halving input', () => {
  const data: HalvingData = { nSamples: 300, nSplits: 3, nClasses: 10 };
  const options: SuccessiveHalvingOptions = { ...DEFAULTS, min_resources: 'exhaust' };
  const refuses = (change: Partial<SuccessiveHalvingOptions>, field: string, message: RegExp, nCandidates = 10) =>
    assert.throws(
      () => planHalvingSchedule(nCandidates, { ...options, ...change }, data),
      (error: unknown) => error instanceof InvalidParameterError && error.path === field && message.test(error.message),
    );

  it('refuses a factor of at most 1, resources that cannot fit, and max_resources auto for an estimator parameter', () => {
    refuses({ factor: 1 }, 'factor', /greater than 1/);
    refuses({ factor: 0.5 }, 'factor', /greater than 1/);
    refuses({ min_resources: 100, max_resources: 50 }, 'min_resources', /min_resources_=100 is greater than max_resources_=50/);
    // smallest: 3 folds * 2 * 10 classes = 60 samples, above max_resources.
    refuses({ min_resources: 'smallest', max_resources: 40 }, 'min_resources', /min_resources_=60 \(smallest: cv \* 2 \* n_classes\) is greater than max_resources_=40/);
    refuses({ max_resources: 301 }, 'max_resources', /more samples than the 300/);
    refuses({ resource: 'model__n_estimators' }, 'max_resources', /resource can only be "n_samples" when max_resources="auto"/);
    assert.throws(() => halvingRandomCandidates('exhaust', options, data), (error: unknown) => error instanceof InvalidParameterError && error.path === 'n_candidates');
  });

  it("_select_best_index: the latest iteration's first best row, none when it has no score", () => {
    assert.equal(halvingBestIndex([0, 0, 0, 1, 1], [0.9, 0.8, 0.7, 0.6, 0.6]), 3);
    assert.equal(halvingBestIndex([0, 0, 1, 1, 1], [0.9, 0.8, null, 0.7, 0.75]), 4);
    assert.equal(halvingBestIndex([0, 0, 1, 1], [0.9, 0.8, null, null]), 2);
    assert.equal(halvingBestIndex([], []), null);
  });

  it('n_candidates exhaust is max_resources_ // min_resources_', () => {
    assert.equal(halvingRandomCandidates('exhaust', { ...options, min_resources: 'smallest' }, data), 5);
    assert.equal(halvingRandomCandidates(7, options, data), 7);
  });
});
