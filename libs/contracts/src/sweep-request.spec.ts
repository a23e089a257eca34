import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type EstimatorSpec } from '@mnist-lab/ml';
import { rejection as rejectionBy, scaledPipeline } from './spec-support';
import { DEFAULT_SEARCH_SCORING } from '@mnist-lab/ml/spec';
import { MAX_SWEEP_TRIALS, admitSweep, sweepScoring, validateSweepRequest, type RandomSearchRequest, type ValidatedSweep } from './sweep-request';

/** The issue's example, with logistic regression's parameters where it searches the forest's. */
const ISSUE_EXAMPLE = {
  dataset: 'mnist_784',
  split: { test_size: 0.2, random_state: 42 },
  estimator: scaledPipeline({ type: 'logistic_regression', params: { random_state: 42 } }),
  param_distributions: {
    model__max_iter: [25, 50, 100, 200, 300],
    model__solver: ['adam', 'lbfgs'],
    model__penalty: [null, 'l2'],
  },
  n_iter: 10,
  cv: 3,
  scoring: 'accuracy',
  random_state: 0,
  refit: true,
};

const modelOf = (spec: EstimatorSpec) => (spec.params?.['steps'] as unknown as [string, EstimatorSpec][])[1][1];

const rejection = (body: unknown) => rejectionBy(validateSweepRequest, body);

/** validateSweepRequest for a body that must be a random search, with the request narrowed to it. */
function validateRandomSearch(body: unknown): ValidatedSweep & { request: RandomSearchRequest } {
  const validated = validateSweepRequest(body);
  assert.equal(validated.request.search, 'random');
  return validated as ValidatedSweep & { request: RandomSearchRequest };
}

const withField = (field: string, value: unknown) => ({ ...ISSUE_EXAMPLE, [field]: value });
const searching = (param_distributions: unknown) => withField('param_distributions', param_distributions);

describe('validateSweepRequest', () => {
  it("accepts the issue's example and samples its candidates", () => {
    const { request, candidates } = validateRandomSearch(ISSUE_EXAMPLE);
    assert.equal(request.dataset, 'mnist_784');
    assert.equal(request.n_samples, null);
    assert.deepEqual(request.split, { test_size: 0.2, random_state: 42, stratify: false });
    assert.equal(modelOf(request.estimator).params?.['C'], 1, 'the base estimator has its defaults filled in');
    assert.deepEqual(request.param_distributions, ISSUE_EXAMPLE.param_distributions);
    assert.deepEqual(
      { n_iter: request.n_iter, cv: request.cv, scoring: request.scoring, random_state: request.random_state, refit: request.refit },
      { n_iter: 10, cv: 3, scoring: 'accuracy', random_state: 0, refit: true },
    );
    assert.equal(candidates.length, 10);
    assert.equal(new Set(candidates.map((candidate) => JSON.stringify(candidate.params))).size, 10);
    for (const { params, estimator } of candidates) {
      assert.equal(modelOf(estimator).params?.['max_iter'], params['model__max_iter']);
      assert.equal(modelOf(estimator).params?.['solver'], params['model__solver']);
    }
    assert.deepEqual(validateSweepRequest(ISSUE_EXAMPLE).candidates, candidates, 'a random_state fixes the candidates');
  });

  it("fills in scikit-learn's defaults", () => {
    const { request, candidates } = validateRandomSearch({
      dataset: 'mnist_784',
      estimator: { type: 'logistic_regression' },
      param_distributions: { C: { dist: 'loguniform', low: 0.01, high: 100 } },
    });
    assert.deepEqual(
      { n_iter: request.n_iter, cv: request.cv, scoring: request.scoring, random_state: request.random_state, refit: request.refit, n_samples: request.n_samples },
      { n_iter: 10, cv: 5, scoring: 'accuracy', random_state: null, refit: true, n_samples: null },
    );
    assert.deepEqual(request.split, { test_size: 0.25, random_state: null, stratify: false });
    assert.equal(candidates.length, 10);
    assert.equal(validateSweepRequest({ ...ISSUE_EXAMPLE, scoring: null }).request.scoring, 'accuracy', 'scoring=None is the classifier’s accuracy');
  });

  it('accepts every kind of distribution, and a list of dicts', () => {
    const { candidates } = validateSweepRequest(
      searching({
        model__C: { dist: 'loguniform', low: 1e-3, high: 1e2 },
        model__learning_rate_init: { dist: 'uniform', low: 1e-4, high: 1e-1 },
        model__max_iter: { dist: 'randint', low: 1, high: 50 },
        scale__with_std: [true, false],
      }),
    );
    assert.equal(candidates.length, 10);
    assert.ok(candidates.every(({ params }) => Number.isInteger(params['model__max_iter']) && (params['model__C'] as number) > 0));

    const list = validateSweepRequest(
      searching([
        { model__solver: ['lbfgs'], model__C: [0.1, 1, 10] },
        { model__solver: ['adam'], model__learning_rate_init: { dist: 'loguniform', low: 1e-4, high: 1e-1 } },
      ]),
    );
    assert.equal(list.candidates.length, 10);
    assert.ok(list.candidates.every(({ params }) => (params['model__solver'] === 'lbfgs') === ('model__C' in params)));
  });

  it('rejects a value the parameter does not allow, naming it and what is allowed', () => {
    const error = rejection(searching({ model__max_iter: [25, 50, 100, 200, 0] }));
    assert.equal(error.path, 'param_distributions.model__max_iter[4]');
    assert.equal(
      error.message,
      'param_distributions.model__max_iter[4]: 0 is not allowed for model__max_iter (LogisticRegression): must be an int in the range [1, inf)',
    );
    assert.match(rejection(searching({ model__solver: ['lbfgs', 'saga'] })).message, /"saga" is not allowed for model__solver \(LogisticRegression\): must be a str among \{'adam', 'lbfgs'\}/);
  });

  it('rejects a value of the wrong type', () => {
    assert.equal(rejection(searching({ model__C: [1, '10'] })).path, 'param_distributions.model__C[1]');
    assert.equal(rejection(searching({ scale__with_mean: ['yes'] })).path, 'param_distributions.scale__with_mean[0]');
    assert.equal(rejection(searching({ model__max_iter: [true] })).path, 'param_distributions.model__max_iter[0]');
  });

  it('rejects a name that is not a parameter of a step', () => {
    const unknownParameter = rejection(searching({ model__depth: [1, 2] }));
    assert.equal(unknownParameter.path, 'param_distributions.model__depth');
    assert.match(unknownParameter.message, /"model__depth" does not name a parameter: LogisticRegression has C, /);
    const unknownStep = rejection(searching({ clf__C: [1] }));
    assert.equal(unknownStep.path, 'param_distributions.clf__C');
    assert.match(unknownStep.message, /the pipeline has no step "clf"; its steps are scale, model/);
  });

  it('rejects a distribution that can draw a value the parameter does not allow', () => {
    const randint = rejection(searching({ model__max_iter: { dist: 'randint', low: 0, high: 10 } }));
    assert.equal(randint.path, 'param_distributions.model__max_iter');
    assert.match(randint.message, /randint\(0, 10\) can draw 0, which is not allowed for model__max_iter \(LogisticRegression\): must be an int in the range \[1, inf\)$/);
    assert.match(rejection(searching({ model__max_iter: { dist: 'uniform', low: 1, high: 10 } })).message, /uniform\(1, 10\) draws floats, which are not allowed/);
    assert.match(rejection(searching({ model__solver: { dist: 'loguniform', low: 1, high: 10 } })).message, /draws floats, which are not allowed for model__solver/);
    assert.equal(rejection(searching({ model__C: { dist: 'gamma', low: 1, high: 2 } })).path, 'param_distributions.model__C');
  });

  it('names the dict of a list the error is in', () => {
    const error = rejection(searching([{ model__C: [1] }, { model__solver: ['adam'], model__max_iter: [10, -5] }]));
    assert.equal(error.path, 'param_distributions[1].model__max_iter[1]');
  });

  it('checks every other field', () => {
    const fieldOf = (body: unknown) => rejection(body).path;
    assert.equal(fieldOf(null), 'body');
    assert.equal(fieldOf(withField('n_jobs', 4)), 'n_jobs');
    assert.equal(fieldOf({ ...ISSUE_EXAMPLE, param_distributions: undefined }), 'param_distributions');
    assert.equal(fieldOf({ ...ISSUE_EXAMPLE, estimator: undefined }), 'estimator');
    assert.equal(fieldOf(withField('dataset', 'cifar/10')), 'dataset');
    assert.equal(fieldOf(withField('estimator', { type: 'svc' })), 'estimator.type');
    const transformer = rejection({ ...withField('estimator', { type: 'standard_scaler' }), param_distributions: { with_mean: [true, false] } });
    assert.equal(transformer.path, 'estimator');
    assert.match(transformer.message, /must be a classifier; standard_scaler is not/);
    assert.equal(fieldOf(withField('split', { test_size: 2.5 })), 'split.test_size');
    assert.equal(fieldOf(withField('n_samples', 5)), 'n_samples');
    assert.equal(fieldOf(withField('n_iter', 0)), 'n_iter');
    assert.equal(fieldOf(withField('n_iter', 2.5)), 'n_iter');
    assert.equal(fieldOf(withField('cv', 1)), 'cv');
    assert.equal(fieldOf(withField('cv', '3')), 'cv');
    assert.equal(fieldOf(withField('random_state', -1)), 'random_state');
    assert.equal(fieldOf(withField('refit', 'yes')), 'refit');
    const scoring = rejection(withField('scoring', 'r2'));
    assert.equal(scoring.path, 'scoring');
    assert.match(scoring.message, /unsupported scoring "r2"; supported: "accuracy", "balanced_accuracy", "f1_macro", .*"roc_auc_ovr"/);
    assert.equal(fieldOf(withField('return_train_score', 'yes')), 'return_train_score');
  });

  it("accepts scikit-learn's scorer names, a list of them with refit naming one, and return_train_score", () => {
    const single = validateSweepRequest(withField('scoring', 'neg_log_loss')).request;
    assert.deepEqual([single.scoring, single.refit, single.return_train_score], ['neg_log_loss', true, false]);
    assert.deepEqual(sweepScoring(single), { scorers: ['neg_log_loss'], multimetric: false, refit: 'neg_log_loss', returnTrainScore: false });
    const multi = validateSweepRequest({ ...ISSUE_EXAMPLE, scoring: ['accuracy', 'f1_macro', 'roc_auc_ovr'], refit: 'f1_macro', return_train_score: true }).request;
    assert.deepEqual([multi.scoring, multi.refit, multi.return_train_score], [['accuracy', 'f1_macro', 'roc_auc_ovr'], 'f1_macro', true]);
    assert.deepEqual(sweepScoring(multi), { scorers: ['f1_macro', 'accuracy', 'roc_auc_ovr'], multimetric: true, refit: 'f1_macro', returnTrainScore: true });
    assert.deepEqual(sweepScoring(validateSweepRequest({ ...ISSUE_EXAMPLE, scoring: undefined }).request), DEFAULT_SEARCH_SCORING);
  });

  it('rejects a multi-metric scoring whose refit does not name one of its scorers, and bad lists', () => {
    const multi = (refit: unknown) => rejection({ ...ISSUE_EXAMPLE, scoring: ['accuracy', 'f1_macro'], refit });
    for (const refit of [true, undefined, 'recall_macro', false]) {
      const error = multi(refit);
      assert.equal(error.path, 'refit');
      assert.match(error.message, /with several scorers, refit must name the one that picks the best candidate, one of "accuracy", "f1_macro"/);
    }
    assert.equal(rejection(withField('scoring', [])).path, 'scoring');
    assert.equal(rejection({ ...ISSUE_EXAMPLE, scoring: ['accuracy', 'r2'], refit: 'accuracy' }).path, 'scoring[1]');
    assert.match(rejection({ ...ISSUE_EXAMPLE, scoring: ['accuracy', 'accuracy'], refit: 'accuracy' }).message, /scoring\[1\]: "accuracy" is listed twice/);
    assert.equal(rejection(withField('scoring', { a: 'accuracy' })).path, 'scoring');
    assert.equal(rejection(withField('refit', 'accuracy')).path, 'refit', 'a single scorer takes a boolean refit');
  });

  it(`caps a sweep at ${MAX_SWEEP_TRIALS} trials before sampling anything`, () => {
    assert.equal(validateRandomSearch({ ...ISSUE_EXAMPLE, n_iter: 1000, cv: 10 }).request.n_iter, 1000);
    const tooMany = rejection({ ...ISSUE_EXAMPLE, param_distributions: { model__C: { dist: 'uniform', low: 0.1, high: 1 } }, n_iter: 1e9, cv: 5 });
    assert.equal(tooMany.path, 'n_iter');
    assert.match(tooMany.message, /n_iter \* cv = 1000000000 \* 5 = 5000000000 trials is more than the 10000 a sweep may run; lower n_iter or cv/);
  });
});

describe('validateSweepRequest with random_forest', () => {
  const forestExample = {
    ...ISSUE_EXAMPLE,
    estimator: scaledPipeline({ type: 'random_forest', params: { random_state: 42 } }),
    param_distributions: {
      model__n_estimators: [25, 50, 100, 200, 300],
      model__criterion: ['gini', 'entropy', 'log_loss'],
      model__max_depth: [null, 1, 2, 3, 5, 10],
    },
  };

  it("accepts the issue's example verbatim", () => {
    const { candidates } = validateSweepRequest(forestExample);
    assert.equal(candidates.length, 10);
    assert.ok(candidates.every(({ params, estimator }) => modelOf(estimator).params?.['max_depth'] === params['model__max_depth']));
  });

  it("rejects the notebook's max_depth 0", () => {
    const error = rejection({ ...forestExample, param_distributions: { ...forestExample.param_distributions, model__max_depth: [null, 1, 2, 3, 0, 10] } });
    assert.equal(error.path, 'param_distributions.model__max_depth[4]');
    assert.equal(
      error.message,
      'param_distributions.model__max_depth[4]: 0 is not allowed for model__max_depth (RandomForestClassifier): must be an int in the range [1, inf) or null',
    );
  });
});

describe('validateSweepRequest with search "grid" (GridSearchCV)', () => {
  const { param_distributions, n_iter, random_state, ...common } = ISSUE_EXAMPLE;
  const GRID = { ...common, search: 'grid', param_grid: { model__max_iter: [25, 50], model__solver: ['adam', 'lbfgs'], model__penalty: [null, 'l2'] } };
  const LIMITS = { maxMemoryBytes: 16_384 * 1024 * 1024, maxFitSeconds: 21_600 };

  it('plans every grid point in ParameterGrid order, as scikit-learn 1.2.1 lists them', () => {
    const { request, candidates } = validateSweepRequest(GRID);
    assert.equal(request.search, 'grid');
    assert.deepEqual(request.search === 'grid' && request.param_grid, GRID.param_grid);
    assert.ok(!('n_iter' in request) && !('random_state' in request), 'GridSearchCV has neither');
    // list(ParameterGrid(param_grid)) in scikit-learn 1.2.1.
    const expected = [25, 50].flatMap((max_iter) =>
      [null, 'l2'].flatMap((penalty) => ['adam', 'lbfgs'].map((solver) => ({ model__max_iter: max_iter, model__penalty: penalty, model__solver: solver }))),
    );
    assert.deepEqual(candidates.map(({ params }) => params), expected);
    assert.deepEqual(candidates.map(({ index }) => index), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(modelOf(candidates[7].estimator).params?.['solver'], 'lbfgs');
    const listed = validateSweepRequest({ ...GRID, param_grid: [{ model__C: [0.1, 1] }, { model__solver: ['adam'], model__max_iter: [10, 20] }] });
    assert.deepEqual(listed.candidates.map(({ params }) => params), [
      { model__C: 0.1 },
      { model__C: 1 },
      { model__max_iter: 10, model__solver: 'adam' },
      { model__max_iter: 20, model__solver: 'adam' },
    ]);
    assert.doesNotThrow(() => admitSweep(listed, LIMITS));
  });

  it('a stored request validates again to the same sweep, and a stored request without search is random', () => {
    const validated = validateSweepRequest(GRID);
    assert.deepEqual(validateSweepRequest(JSON.parse(JSON.stringify(validated.request))), validated);
    assert.equal(validateSweepRequest(ISSUE_EXAMPLE).request.search, 'random');
    assert.deepEqual(validateSweepRequest({ ...ISSUE_EXAMPLE, search: 'random' }), validateSweepRequest(ISSUE_EXAMPLE));
  });

  it('refuses bad input with a 400 naming the field', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ ...GRID, search: 'bayes' }, 'search', /unknown search strategy "bayes"; must be one of "random", "grid"/],
      [{ ...GRID, search: 3 }, 'search', /unknown search strategy 3/],
      [{ ...GRID, n_iter: 5 }, 'n_iter', /is not a parameter of GridSearchCV \(search "grid"\); it belongs to search "random"/],
      [{ ...GRID, random_state: 0 }, 'random_state', /not a parameter of GridSearchCV/],
      [{ ...GRID, param_distributions: GRID.param_grid }, 'param_distributions', /not a parameter of GridSearchCV/],
      [{ ...ISSUE_EXAMPLE, param_grid: GRID.param_grid }, 'param_grid', /is not a parameter of RandomizedSearchCV \(search "random"\); it belongs to search "grid"/],
      [common, 'param_distributions', /is required/],
      [{ ...common, search: 'grid' }, 'param_grid', /is required/],
      [{ ...GRID, param_grid: [] }, 'param_grid', /a non-empty list of dicts/],
      [{ ...GRID, param_grid: { model__C: { dist: 'uniform', low: 0.1, high: 1 } } }, 'param_grid.model__C', /needs to be a list.*distributions are for search "random"/],
      [{ ...GRID, param_grid: { model__C: 1 } }, 'param_grid.model__C', /single values need to be wrapped in a list/],
      [{ ...GRID, param_grid: [{ model__C: [1] }, { model__solver: [] }] }, 'param_grid[1].model__solver', /non-empty list/],
      [{ ...GRID, param_grid: { model__max_iter: [10, 0] } }, 'param_grid.model__max_iter[1]', /0 is not allowed for model__max_iter/],
      [{ ...GRID, param_grid: { model__gamma: [1] } }, 'param_grid.model__gamma', /./],
      [{ ...GRID, param_grid: { model__C: Array.from({ length: 1000 }, (_, i) => i + 1), model__max_iter: Array.from({ length: 101 }, (_, i) => i + 1) } }, 'param_grid', /has 101000 points, more than the 100000 a grid search may have/],
      [{ ...GRID, param_grid: { model__C: Array.from({ length: 5000 }, (_, i) => i + 1) } }, 'param_grid', /the number of grid points \* cv = 5000 \* 3 = 15000 trials is more than the 10000/],
    ];
    for (const [body, path, pattern] of cases) {
      const error = rejection(body);
      assert.equal(error.path, path, JSON.stringify(body).slice(0, 200));
      assert.match(error.message, pattern);
    }
  });

  it('admission blames the grid entry that is too costly', () => {
    const forestGrid = { ...GRID, estimator: scaledPipeline({ type: 'random_forest' }), param_grid: [{ model__max_depth: [2] }, { model__n_estimators: [10, 1_000_000_000] }] };
    const error = rejectionBy((body: unknown) => admitSweep(validateSweepRequest(body), LIMITS), forestGrid);
    assert.equal(error.path, 'param_grid[1].model__n_estimators[1]');
  });
});

describe('validateSweepRequest with search "halving_random" and "halving_grid"', () => {
  const { n_iter, ...common } = ISSUE_EXAMPLE;
  // 1000 samples, 800 in the training part, 10 classes, cv 3.
  const HALVING = { ...common, search: 'halving_random', n_samples: 1000, param_distributions: { model__solver: ['adam', 'lbfgs'], model__C: { dist: 'loguniform', low: 0.01, high: 10 } } };
  const { random_state, param_distributions, ...gridCommon } = HALVING;
  const HALVING_GRID = { ...gridCommon, search: 'halving_grid', param_grid: { model__C: [0.01, 0.1, 1, 10], model__solver: ['adam', 'lbfgs'] } };

  it("plans HalvingRandomSearchCV's schedule and samples its first iteration as ParameterSampler", () => {
    const { request, candidates, halving } = validateSweepRequest(HALVING);
    assert.equal(request.search, 'halving_random');
    // scikit-learn 1.2.1 on these shapes: min_resources_ smallest = 3 * 2 * 10, n_candidates exhaust = 800 // 60.
    assert.deepEqual(halving && [halving.min_resources_, halving.max_resources_, halving.n_resources_, halving.n_candidates_, halving.n_iterations_], [60, 800, [60, 180, 540], [13, 5, 2], 3]);
    assert.equal(candidates.length, 13);
    const sampled = validateSweepRequest({ ...ISSUE_EXAMPLE, n_samples: 1000, param_distributions: HALVING.param_distributions, n_iter: 13 }).candidates;
    assert.deepEqual(candidates.map(({ params }) => params), sampled.map(({ params }) => params));
    assert.ok(request.return_train_score, 'scikit-learn: return_train_score=True for the halving searches');
    assert.deepEqual(validateSweepRequest(JSON.parse(JSON.stringify(request))), validateSweepRequest(HALVING));
  });

  it('plans HalvingGridSearchCV with min_resources exhaust, and an estimator parameter as the resource', () => {
    const grid = validateSweepRequest(HALVING_GRID);
    // 8 candidates: 2 iterations; exhaust raises min_resources_ to 800 // 3.
    assert.deepEqual(grid.halving && [grid.halving.min_resources_, grid.halving.n_resources_, grid.halving.n_candidates_], [266, [266, 798], [8, 3]]);
    assert.equal(grid.candidates.length, 8);
    const byIterations = validateSweepRequest({ ...HALVING_GRID, resource: 'model__max_iter', max_resources: 90, factor: 2 });
    assert.deepEqual(byIterations.halving?.n_resources_, [11, 22, 44, 88]);
    assert.deepEqual(byIterations.candidates[0].params, { model__C: 0.01, model__solver: 'adam', model__max_iter: 11 });
    assert.equal(modelOf(byIterations.candidates[0].estimator).params?.['max_iter'], 11);
  });

  it('refuses bad input with a 400 naming the field', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ ...HALVING, factor: 1 }, 'factor', /./],
      [{ ...HALVING, factor: 0.5 }, 'factor', /./],
      [{ ...HALVING, factor: 'three' }, 'factor', /./],
      [{ ...HALVING, min_resources: 1000, max_resources: 500 }, 'min_resources', /min_resources_=1000 is greater than max_resources_=500/],
      [{ ...HALVING, min_resources: 'most' }, 'min_resources', /./],
      [{ ...HALVING, max_resources: 801 }, 'max_resources', /more samples than the 800 of the training part/],
      [{ ...HALVING, resource: 'model__depth', max_resources: 10 }, 'resource', /"model__depth" does not name a parameter/],
      [{ ...HALVING, resource: 'model__C', max_resources: 10 }, 'resource', /cannot use parameter model__C as the resource since it is part of the searched parameters/],
      [{ ...HALVING, resource: 'model__max_iter' }, 'max_resources', /resource can only be "n_samples" when max_resources="auto"/],
      [{ ...HALVING, min_resources: 'exhaust' }, 'n_candidates', /cannot be both "exhaust"/],
      [{ ...HALVING, n_iter: 5 }, 'n_iter', /not a parameter of HalvingRandomSearchCV \(search "halving_random"\); it belongs to search "random"/],
      [{ ...HALVING, scoring: ['accuracy', 'f1_macro'], refit: 'accuracy' }, 'scoring', /multimetric scoring is not supported/],
      [{ ...HALVING, resource: 'model__max_iter', max_resources: 10 ** 9, min_resources: 1 }, 'n_candidates', /more than the 10000 a sweep may run/],
      [{ ...HALVING_GRID, n_candidates: 4 }, 'n_candidates', /not a parameter of HalvingGridSearchCV/],
      [{ ...HALVING_GRID, param_grid: { model__C: Array.from({ length: 1000 }, (_, i) => i + 1), model__max_iter: Array.from({ length: 101 }, (_, i) => i + 1) } }, 'param_grid', /more than the 100000/],
      [{ ...HALVING_GRID, param_grid: { model__max_iter: [3, 0] } }, 'param_grid.model__max_iter[1]', /0 is not allowed/],
      [{ ...HALVING, search: 'halving' }, 'search', /"halving_random", "halving_grid"/],
    ];
    for (const [body, path, pattern] of cases) {
      const error = rejection(body);
      assert.equal(error.path, path, JSON.stringify(body).slice(0, 300));
      assert.match(error.message, pattern);
    }
  });
});
