import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EstimatorSpec } from '../base/estimator';
import { InvalidParameterError } from '../base/errors';
import type { Params } from '../base/params';
import { validateSpec } from '../spec/validate-spec';
import { aggregateCvResults, planSearch, type FoldResult, type SearchCandidate } from './search';
import { collectWarnings } from './test-helpers';

/** The pipeline: scale the pixels, then fit `model`. */
const scaledPipeline = (model: Record<string, unknown>) => validateSpec({ type: 'pipeline', steps: [['scale', { type: 'standard_scaler' }], ['model', model]] });
const PIPELINE = scaledPipeline({ type: 'logistic_regression', params: { random_state: 42 } });
const LOGISTIC = validateSpec({ type: 'logistic_regression' });

const modelOf = (spec: EstimatorSpec) => (spec.params?.['steps'] as unknown as [string, EstimatorSpec][])[1][1];
const scalerOf = (spec: EstimatorSpec) => (spec.params?.['steps'] as unknown as [string, EstimatorSpec][])[0][1];

function assertInvalid(estimator: EstimatorSpec, space: unknown, path: string, message: string | RegExp): void {
  assert.throws(
    () => planSearch(estimator, space, { n_iter: 10, random_state: 0 }),
    (error: unknown) => {
      assert.ok(error instanceof InvalidParameterError, `expected an InvalidParameterError, got ${String(error)}`);
      assert.equal(error.path, path);
      if (typeof message === 'string') assert.equal(error.message, message);
      else assert.match(error.message, message);
      return true;
    },
  );
}

describe('planSearch', () => {
  // The search space, with logistic regression's parameters in place of the forest's.
  const space = {
    model__max_iter: [25, 50, 100, 200, 300],
    model__solver: ['adam', 'lbfgs'],
    model__penalty: [null, 'l2'],
    scale__with_mean: [true, false],
  };

  it('samples n_iter distinct grid points and applies each to a validated copy of the estimator', () => {
    const candidates = planSearch(PIPELINE, space, { n_iter: 10, random_state: 0 });
    assert.equal(candidates.length, 10);
    assert.deepEqual(candidates.map((candidate) => candidate.index), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(new Set(candidates.map((candidate) => JSON.stringify(candidate.params))).size, 10);
    for (const { params, estimator } of candidates) {
      assert.deepEqual(Object.keys(params), ['model__max_iter', 'model__penalty', 'model__solver', 'scale__with_mean']);
      assert.deepEqual(estimator, validateSpec(estimator), 'the estimator is already complete and valid');
      const model = modelOf(estimator).params ?? {};
      assert.equal(model['max_iter'], params['model__max_iter']);
      assert.equal(model['solver'], params['model__solver']);
      assert.equal(model['penalty'], params['model__penalty']);
      assert.equal(model['random_state'], 42, 'parameters outside the search keep the base value');
      assert.equal(model['C'], 1, 'and defaults stay filled in');
      assert.equal(scalerOf(estimator).params?.['with_mean'], params['scale__with_mean']);
    }
    assert.deepEqual(modelOf(PIPELINE).params?.['max_iter'], 100, 'the base estimator is left alone');
  });

  it('is reproducible for a random_state', () => {
    const plan = (seed: number) => planSearch(PIPELINE, space, { n_iter: 10, random_state: seed });
    assert.deepEqual(plan(0), plan(0));
    assert.notDeepEqual(plan(0).map((c) => c.params), plan(1).map((c) => c.params));
  });

  it('returns the whole grid, without a process warning, when it is smaller than n_iter', async () => {
    let candidates: SearchCandidate[] = [];
    const warnings = await collectWarnings(() => (candidates = planSearch(LOGISTIC, { C: [0.1, 1], solver: ['adam', 'lbfgs'] }, { n_iter: 10, random_state: 0 })));
    assert.deepEqual(warnings, []);
    const settings = candidates.map((candidate) => JSON.stringify(candidate.params)).sort();
    assert.deepEqual(settings, [
      '{"C":0.1,"solver":"adam"}',
      '{"C":0.1,"solver":"lbfgs"}',
      '{"C":1,"solver":"adam"}',
      '{"C":1,"solver":"lbfgs"}',
    ]);
    // The same four settings, in the same order, as asking for exactly four.
    assert.deepEqual(candidates, planSearch(LOGISTIC, { C: [0.1, 1], solver: ['adam', 'lbfgs'] }, { n_iter: 4, random_state: 0 }));
  });

  it('draws from every kind of distribution', () => {
    const candidates = planSearch(
      PIPELINE,
      {
        model__C: { dist: 'loguniform', low: 1e-3, high: 1e2 },
        model__learning_rate_init: { dist: 'uniform', low: 1e-4, high: 1e-1 },
        model__max_iter: { dist: 'randint', low: 1, high: 50 },
        model__tol: { dist: 'randint', low: 0, high: 3 },
        model__solver: ['adam'],
      },
      { n_iter: 30, random_state: 7 },
    );
    assert.equal(candidates.length, 30);
    for (const { params, estimator } of candidates) {
      const C = params['model__C'] as number;
      const maxIter = params['model__max_iter'] as number;
      assert.ok(C >= 1e-3 && C < 1e2);
      assert.ok(Number.isInteger(maxIter) && maxIter >= 1 && maxIter < 50);
      assert.ok([0, 1, 2].includes(params['model__tol'] as number), 'an int is a valid value of a float parameter');
      assert.equal(modelOf(estimator).params?.['C'], C);
    }
  });

  it('accepts a list of dicts, each candidate drawing from one of them', () => {
    const candidates = planSearch(
      LOGISTIC,
      [
        { solver: ['lbfgs'], C: { dist: 'loguniform', low: 0.01, high: 10 } },
        { solver: ['adam'], learning_rate_init: [0.01, 0.001] },
      ],
      { n_iter: 40, random_state: 3 },
    );
    const lbfgs = candidates.filter((candidate) => candidate.params['solver'] === 'lbfgs');
    const adam = candidates.filter((candidate) => candidate.params['solver'] === 'adam');
    assert.ok(lbfgs.length > 5 && adam.length > 5);
    assert.ok(lbfgs.every(({ params, estimator }) => Object.keys(params).join() === 'C,solver' && estimator.params?.['C'] === params['C']));
    assert.ok(adam.every(({ params, estimator }) => Object.keys(params).join() === 'learning_rate_init,solver' && estimator.params?.['C'] === 1));
  });

  it('rejects a listed value that the parameter does not allow, even if it would not be sampled', () => {
    // The notebook's grid has max_depth 0; max_iter has the same constraint, int >= 1.
    assertInvalid(
      PIPELINE,
      { model__max_iter: [25, 50, 100, 200, 0, 300] },
      'param_distributions.model__max_iter[4]',
      'param_distributions.model__max_iter[4]: 0 is not allowed for model__max_iter (LogisticRegression): must be an int in the range [1, inf)',
    );
    assertInvalid(
      PIPELINE,
      { model__random_state: [0, null, -1] },
      'param_distributions.model__random_state[2]',
      'param_distributions.model__random_state[2]: -1 is not allowed for model__random_state (LogisticRegression): must be an int in the range [0, 4294967295] or null',
    );
    assertInvalid(
      PIPELINE,
      { model__solver: ['lbfgs', 'sag'] },
      'param_distributions.model__solver[1]',
      `param_distributions.model__solver[1]: "sag" is not allowed for model__solver (LogisticRegression): must be a str among {'adam', 'lbfgs'}`,
    );
    assertInvalid(LOGISTIC, { C: [1, 0] }, 'param_distributions.C[1]', /0 is not allowed for C \(LogisticRegression\): must be a float in the range \(0, inf\)$/);
  });

  it('rejects values of the wrong type', () => {
    assertInvalid(LOGISTIC, { C: ['1.0'] }, 'param_distributions.C[0]', /"1.0" is not allowed for C/);
    assertInvalid(PIPELINE, { scale__with_mean: [true, 1] }, 'param_distributions.scale__with_mean[1]', /1 is not allowed for scale__with_mean \(StandardScaler\): must be a bool$/);
    assertInvalid(LOGISTIC, { max_iter: [10, 2.5] }, 'param_distributions.max_iter[1]', /2.5 is not allowed for max_iter/);
    assertInvalid(LOGISTIC, { penalty: [['l2']] }, 'param_distributions.penalty[0]', /\["l2"\] is not allowed for penalty/);
  });

  it('rejects a name that is not a parameter of a step', () => {
    assertInvalid(PIPELINE, { model__depth: [1] }, 'param_distributions.model__depth', /"model__depth" does not name a parameter: LogisticRegression has C, batch_size/);
    assertInvalid(PIPELINE, { clf__C: [1] }, 'param_distributions.clf__C', /the pipeline has no step "clf"; its steps are scale, model/);
    assertInvalid(PIPELINE, { steps: [[]] }, 'param_distributions.steps', /does not name a parameter/);
    assertInvalid(LOGISTIC, { model__C: [1] }, 'param_distributions.model__C', /has no nested estimator "model"/);
    assertInvalid(
      LOGISTIC,
      [{ C: [1] }, { solver: ['adam'], learning_rate_init: [0.01, -1] }],
      'param_distributions[1].learning_rate_init[1]',
      /-1 is not allowed for learning_rate_init/,
    );
  });

  it('rejects a distribution that can draw a value the parameter does not allow', () => {
    assertInvalid(
      PIPELINE,
      { model__max_iter: { dist: 'randint', low: 0, high: 5 } },
      'param_distributions.model__max_iter',
      'param_distributions.model__max_iter: randint(0, 5) can draw 0, which is not allowed for model__max_iter (LogisticRegression): must be an int in the range [1, inf)',
    );
    assertInvalid(
      PIPELINE,
      { model__max_iter: { dist: 'uniform', low: 1, high: 5 } },
      'param_distributions.model__max_iter',
      'param_distributions.model__max_iter: uniform(1, 5) draws floats, which are not allowed for model__max_iter (LogisticRegression): must be an int in the range [1, inf)',
    );
    assertInvalid(LOGISTIC, { C: { dist: 'uniform', low: 0, high: 1 } }, 'param_distributions.C', /uniform\(0, 1\) can draw 0, which is not allowed for C/);
    assertInvalid(LOGISTIC, { random_state: { dist: 'randint', low: 0, high: 2 ** 32 + 1 } }, 'param_distributions.random_state', /can draw 4294967296, which is not allowed/);
    assertInvalid(LOGISTIC, { solver: { dist: 'randint', low: 0, high: 2 } }, 'param_distributions.solver', /randint\(0, 2\) can draw 0, which is not allowed for solver .*must be a str among/);
    assertInvalid(LOGISTIC, { fit_intercept: { dist: 'uniform', low: 0, high: 1 } }, 'param_distributions.fit_intercept', /draws floats, which are not allowed for fit_intercept/);
    assert.doesNotThrow(() => planSearch(LOGISTIC, { tol: { dist: 'loguniform', low: 1e-6, high: 1e-2 } }, { n_iter: 2, random_state: 0 }));
  });

  it('checks the structure of the distributions first', () => {
    assertInvalid(LOGISTIC, { C: [] }, 'param_distributions.C', /non-empty list/);
    assertInvalid(LOGISTIC, { C: { dist: 'normal', low: 0, high: 1 } }, 'param_distributions.C', /unknown distribution "normal"/);
    assertInvalid(LOGISTIC, null, 'param_distributions', /must be a dict/);
  });
});

describe('planSearch with random_forest', () => {
  const forest = () => scaledPipeline({ type: 'random_forest', params: { random_state: 42 } });

  it('plans the issue example', () => {
    const candidates = planSearch(
      forest(),
      { model__n_estimators: [25, 50, 100, 200, 300], model__criterion: ['gini', 'entropy', 'log_loss'], model__max_depth: [null, 1, 2, 3, 5, 10] },
      { n_iter: 10, random_state: 0 },
    );
    assert.equal(candidates.length, 10);
    for (const { params, estimator } of candidates) {
      assert.equal(modelOf(estimator).params?.['n_estimators'], params['model__n_estimators']);
      assert.equal(modelOf(estimator).params?.['max_depth'], params['model__max_depth']);
    }
  });

  it("rejects the notebook's max_depth 0", () => {
    assertInvalid(
      forest(),
      { model__max_depth: [null, 1, 2, 3, 0, 5, 10] },
      'param_distributions.model__max_depth[4]',
      'param_distributions.model__max_depth[4]: 0 is not allowed for model__max_depth (RandomForestClassifier): must be an int in the range [1, inf) or null',
    );
    assertInvalid(forest(), { model__max_depth: { dist: 'randint', low: 0, high: 10 } }, 'param_distributions.model__max_depth', /randint\(0, 10\) can draw 0/);
    assertInvalid(forest(), { model__criterion: ['gini', 'mse'] }, 'param_distributions.model__criterion[1]', /"mse" is not allowed for model__criterion/);
  });
});

describe('planSearch with nested ensembles', () => {
  const voting = () =>
    scaledPipeline({
      type: 'voting',
      params: { estimators: [['rf', { type: 'random_forest' }], ['lr', { type: 'logistic_regression' }]] },
    });
  const oneVsRest = () => scaledPipeline({ type: 'one_vs_rest', params: { estimator: { type: 'logistic_regression' } } });

  it("names the ensemble member's estimator for a bad value under an ensemble inside a pipeline", () => {
    assertInvalid(
      voting(),
      { model__rf__n_estimators: [0] },
      'param_distributions.model__rf__n_estimators[0]',
      'param_distributions.model__rf__n_estimators[0]: 0 is not allowed for model__rf__n_estimators (RandomForestClassifier): must be an int in the range [1, inf)',
    );
    assertInvalid(voting(), { model__lr__C: { dist: 'uniform', low: 0, high: 1 } }, 'param_distributions.model__lr__C', /can draw 0, which is not allowed for model__lr__C \(LogisticRegression\)/);
    assertInvalid(oneVsRest(), { model__estimator__C: [-1] }, 'param_distributions.model__estimator__C[0]', /-1 is not allowed for model__estimator__C \(LogisticRegression\)/);
    assertInvalid(voting(), { model__svm__C: [1] }, 'param_distributions.model__svm__C', /VotingClassifier has no nested estimator "svm"/);
  });

  it('applies a nested ensemble parameter to the member', () => {
    const [candidate] = planSearch(voting(), { model__rf__n_estimators: [7] }, { n_iter: 1, random_state: 0 });
    const members = modelOf(candidate.estimator).params?.['estimators'] as unknown as [string, EstimatorSpec][];
    assert.equal(members[0][1].params?.['n_estimators'], 7);
  });
});

describe('aggregateCvResults', () => {
  const candidatesFor = (settings: readonly Params[]): SearchCandidate[] =>
    settings.map((params, index) => ({ index, params, estimator: { type: 'logistic_regression', params } }));
  /** Fold results from [candidate][fold] tables; NaN scores are failed fits. */
  const foldsOf = (scores: number[][], fitTimes: number[][], scoreTimes: number[][]): FoldResult[] =>
    scores.flatMap((row, candidate) =>
      row.map((score, fold) => ({
        candidate,
        fold,
        test_score: Number.isNaN(score) ? null : score,
        fit_time: fitTimes[candidate][fold],
        score_time: scoreTimes[candidate][fold],
      })),
    );

  const fourCandidates = candidatesFor([{ C: 1 }, { C: 2 }, { C: 3 }, { C: 4 }]);
  const scores = [
    [0.9, 0.8, 0.85],
    [0.9, NaN, 0.8],
    [0.9, 0.8, 0.85],
    [0.7, 0.75, 0.8],
  ];
  const fitTimes = [
    [1.5, 1.25, 1.0],
    [2.0, 0.5, 1.75],
    [0.1, 0.2, 0.3],
    [3.0, 3.0, 3.0],
  ];
  const scoreTimes = [
    [0.01, 0.02, 0.03],
    [0.02, 0.0, 0.05],
    [0.1, 0.2, 0.4],
    [0.3, 0.3, 0.3],
  ];

  it("matches scikit-learn 1.2.1's cv_results_ with a failed fit and a tie", () => {
    const results = aggregateCvResults(fourCandidates, foldsOf(scores, fitTimes, scoreTimes), 3);
    // BaseSearchCV._format_results on the same fold results, nan printed as null.
    assert.deepEqual(results, {
      params: [{ C: 1 }, { C: 2 }, { C: 3 }, { C: 4 }],
      split0_test_score: [0.9, 0.9, 0.9, 0.7],
      split1_test_score: [0.8, null, 0.8, 0.75],
      split2_test_score: [0.85, 0.8, 0.85, 0.8],
      mean_test_score: [0.8500000000000001, null, 0.8500000000000001, 0.75],
      std_test_score: [0.04082482904638629, null, 0.04082482904638629, 0.04082482904638634],
      rank_test_score: [1, 4, 1, 3],
      mean_fit_time: [1.25, 1.4166666666666667, 0.20000000000000004, 3.0],
      std_fit_time: [0.2041241452319315, 0.6561673228343176, 0.0816496580927726, 0.0],
      mean_score_time: [0.02, 0.023333333333333334, 0.23333333333333336, 0.3],
      std_score_time: [0.00816496580927726, 0.020548046676563257, 0.12472191289246473, 0.0],
      n_splits_reported: [3, 3, 3, 3],
      complete: true,
      best_index: 0,
      best_params: { C: 1 },
      best_score: 0.8500000000000001,
    });
    assert.deepEqual(JSON.parse(JSON.stringify(results)), results, 'plain JSON');
  });

  it('names columns by scorer with several scorers, ranks each, and takes best_* from refit', () => {
    const f1 = [
      [0.5, 0.6, 0.55],
      [0.9, 0.8, 0.7],
      [0.4, 0.5, 0.6],
      [0.95, 0.9, 0.85],
    ];
    const folds = foldsOf(scores, fitTimes, scoreTimes).map((result) => ({
      ...result,
      test_scores: { accuracy: result.test_score, f1_macro: result.test_score === null ? null : f1[result.candidate][result.fold] },
      train_scores: result.test_score === null ? null : { accuracy: 1, f1_macro: 0.5 + result.fold / 10 },
    }));
    const scoring = { scorers: ['accuracy', 'f1_macro'], multimetric: true, refit: 'f1_macro', returnTrainScore: true } as const;
    const results = aggregateCvResults(fourCandidates, folds, 3, scoring);
    const single = aggregateCvResults(fourCandidates, foldsOf(scores, fitTimes, scoreTimes), 3);
    assert.deepEqual(results['split1_test_accuracy'], single.split1_test_score);
    assert.deepEqual(results['mean_test_accuracy'], single.mean_test_score);
    assert.deepEqual(results['rank_test_accuracy'], [1, 4, 1, 3]);
    assert.deepEqual(results['split2_test_f1_macro'], [0.55, 0.7, 0.6, 0.85]);
    assert.deepEqual(results['rank_test_f1_macro'], [2, 4, 3, 1], 'candidate 1 failed a fold: nan ranks last');
    assert.deepEqual(results['mean_train_accuracy'], [1, null, 1, 1]);
    assert.deepEqual(results['split2_train_f1_macro'], [0.7, 0.7, 0.7, 0.7]);
    assert.deepEqual(results['split1_train_f1_macro'], [0.6, null, 0.6, 0.6], 'a failed fit has no train scores either');
    assert.equal(results['split0_test_score'], undefined, 'no _score split columns with several scorers');
    assert.deepEqual([results.mean_test_score, results.rank_test_score], [results['mean_test_f1_macro'], results['rank_test_f1_macro']], 'the refit scorer');
    assert.deepEqual([results.best_index, results.best_params, results.best_score], [3, { C: 4 }, results['mean_test_f1_macro'][3]]);
    assert.equal(aggregateCvResults(fourCandidates, folds, 3, { ...scoring, returnTrainScore: false })['mean_train_accuracy'], undefined);
    const singleWithTrain = aggregateCvResults(fourCandidates, folds, 3, { scorers: ['accuracy'], multimetric: false, refit: 'accuracy', returnTrainScore: true });
    assert.deepEqual(singleWithTrain['mean_train_score'], [1, null, 1, 1]);
    assert.throws(() => aggregateCvResults(fourCandidates, folds, 3, { ...scoring, refit: 'roc_auc_ovr' }), /refit roc_auc_ovr is not one of the scorers/);
  });

  it('does not depend on the order the folds report in', () => {
    const folds = foldsOf(scores, fitTimes, scoreTimes);
    const shuffled = [...folds].sort((a, b) => b.fold - a.fold || (a.candidate % 2) - (b.candidate % 2));
    assert.deepEqual(aggregateCvResults(fourCandidates, shuffled, 3), aggregateCvResults(fourCandidates, folds, 3));
  });

  it('ranks every candidate 1 and has no best one when every candidate failed a fold', () => {
    const results = aggregateCvResults(
      fourCandidates.slice(0, 2),
      foldsOf([[NaN, NaN, NaN], [0.5, NaN, 0.5]], fitTimes, scoreTimes),
      3,
    );
    assert.deepEqual(results.mean_test_score, [null, null]);
    assert.deepEqual(results.std_test_score, [null, null]);
    assert.deepEqual(results.rank_test_score, [1, 1]);
    assert.deepEqual(results.mean_fit_time, [1.25, 1.4166666666666667], 'times are measured for failed fits too');
    assert.equal(results.best_index, null);
    assert.equal(results.best_params, null);
    assert.equal(results.best_score, null);
  });

  it("sums ten folds as numpy does, to scikit-learn's last bit", () => {
    const tenFolds = {
      scores: [
        [0.625095, 0.897214, 0.775686, 0.225207, 0.300166, 0.873553, 0.005265, 0.821228, 0.797069, 0.467935],
        [0.303032, 0.278426, 0.25487, 0.445076, 0.504548, 0.553497, 0.9955, 0.792662, 0.622179, 0.98896],
        [0.215309, 0.160212, 0.61254, 0.043942, 0.03568, 0.514889, 0.466206, 0.917168, 0.629226, 0.514118],
      ],
      fit: [
        [4.968734, 2.475149, 0.11794, 1.924021, 6.920321, 2.006067, 3.695363, 0.037342, 8.300477, 1.544611],
        [2.675993, 8.803322, 5.097908, 8.471502, 6.397172, 7.417709, 0.914956, 5.411438, 5.077722, 8.713394],
        [3.612641, 5.981841, 0.592516, 3.876318, 3.230363, 1.501997, 8.163381, 3.794462, 9.787479, 5.899917],
      ],
      score: [
        [0.605056, 0.637997, 0.67645, 0.150788, 0.440313, 0.239564, 0.402498, 0.096704, 0.967828, 0.215004],
        [0.671765, 0.30042, 0.874077, 0.662215, 0.131616, 0.845074, 0.944948, 0.903917, 0.569719, 0.14546],
        [0.192463, 0.927906, 0.552326, 0.180552, 0.884057, 0.641572, 0.569694, 0.376288, 0.410955, 0.239489],
      ],
    };
    const results = aggregateCvResults(candidatesFor([{ a: 0 }, { a: 1 }, { a: 2 }]), foldsOf(tenFolds.scores, tenFolds.fit, tenFolds.score), 10);
    assert.deepEqual(results.split9_test_score, [0.467935, 0.98896, 0.514118]);
    assert.deepEqual(results.mean_test_score, [0.5788418, 0.5738749999999999, 0.410929]);
    assert.deepEqual(results.std_test_score, [0.2965611512915338, 0.261626668389138, 0.2730763935897792]);
    assert.deepEqual(results.rank_test_score, [1, 2, 3]);
    assert.deepEqual(results.mean_fit_time, [3.1990024999999997, 5.8981116, 4.6440915]);
    assert.deepEqual(results.std_fit_time, [2.6277417697340146, 2.496211975137937, 2.6994145974735426]);
    assert.deepEqual(results.mean_score_time, [0.4432202000000001, 0.6049211000000001, 0.49753020000000003]);
    assert.deepEqual(results.std_score_time, [0.2635438504297909, 0.2952910734534487, 0.254146788927895]);
    const naiveMean = tenFolds.fit[0].reduce((sum, value) => sum + value, 0) / 10;
    assert.notEqual(naiveMean, results.mean_fit_time[0], 'a left-to-right sum would be off in the last bit here');
  });

  it('aggregates a running sweep: incomplete candidates have no mean and cannot be best', () => {
    const folds = foldsOf(scores, fitTimes, scoreTimes).filter(
      // Candidate 0 (the eventual best) and candidate 3 are missing a fold; candidate 2 has all of its folds.
      ({ candidate, fold }) => !(candidate === 0 && fold === 2) && !(candidate === 3 && fold === 0),
    );
    const results = aggregateCvResults(fourCandidates, folds, 3);
    assert.deepEqual(results.n_splits_reported, [2, 3, 3, 2]);
    assert.equal(results.complete, false);
    assert.deepEqual(results.split2_test_score, [null, 0.8, 0.85, 0.8]);
    assert.deepEqual(results.mean_test_score, [null, null, 0.8500000000000001, null]);
    assert.deepEqual(results.mean_fit_time, [null, 1.4166666666666667, 0.20000000000000004, null]);
    assert.deepEqual(results.rank_test_score, [2, 2, 1, 2]);
    assert.equal(results.best_index, 2);
    assert.deepEqual(results.best_params, { C: 3 });

    const nothingYet = aggregateCvResults(fourCandidates, [], 3);
    assert.deepEqual(nothingYet.n_splits_reported, [0, 0, 0, 0]);
    assert.deepEqual(nothingYet.split0_test_score, [null, null, null, null]);
    assert.deepEqual(nothingYet.rank_test_score, [1, 1, 1, 1]);
    assert.equal(nothingYet.best_index, null);
  });

  it('rejects fold results that do not fit the search', () => {
    const fold = { candidate: 0, fold: 0, test_score: 0.5, fit_time: 1, score_time: 0.1 };
    assert.throws(() => aggregateCvResults(fourCandidates, [fold, fold], 3), /fold 0 of candidate 0 is reported twice/);
    assert.throws(() => aggregateCvResults(fourCandidates, [{ ...fold, candidate: 4 }], 3), /candidate 4, but there are 4 candidates/);
    assert.throws(() => aggregateCvResults(fourCandidates, [{ ...fold, fold: 3 }], 3), /fold 3, but there are 3 folds/);
    assert.throws(() => aggregateCvResults(fourCandidates.slice(1), [], 3), /candidates must be in index order/);
  });
});
