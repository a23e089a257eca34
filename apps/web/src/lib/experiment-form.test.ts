import { describe, expect, it } from 'vitest';
import { ESTIMATORS } from '../test/estimators';
import { RUN_PRESETS, SWEEP_PRESETS, fieldPaths, modelChoices, paramField, parseParamInput, runRequestBody, searchableParams, sweepRequestBody, type EstimatorForm } from './experiment-form';

const FORM: EstimatorForm = { dataset: 'mnist_784', nSamples: '', testSize: '0.2', splitRandomState: '42', stratify: false, scale: true, modelType: 'random_forest', params: {} };

describe('forms from GET /estimators', () => {
  it('offers the classifiers whose parameters are plain values as models', () => {
    expect(modelChoices(ESTIMATORS).map((estimator) => estimator.type)).toEqual(['logistic_regression', 'random_forest']);
  });

  it('makes a choice of the parameters with few known values, free text of the others', () => {
    const [criterion, maxDepth, bootstrap] = ESTIMATORS[1].params.map(paramField);
    expect(criterion).toEqual({ name: 'criterion', hint: "a str among {'gini', 'entropy', 'log_loss'}; default 'gini'", description: 'Impurity.', choices: ['gini', 'entropy', 'log_loss'] });
    expect(maxDepth.choices).toBeUndefined();
    expect(maxDepth.hint).toBe('an int in the range [1, inf) or null; default None');
    expect(bootstrap.choices).toEqual([true, false]);
  });

  it("names the model's parameters as a sweep's param_distributions does", () => {
    expect(searchableParams(ESTIMATORS[1])).toEqual(['model__criterion', 'model__max_depth', 'model__bootstrap']);
  });
});

describe('request bodies', () => {
  it('reads parameter inputs as JSON when they are, else as the text typed', () => {
    expect(parseParamInput(' 15 ')).toBe(15);
    expect(parseParamInput('null')).toBeNull();
    expect(parseParamInput('"log2"')).toBe('log2');
    expect(parseParamInput('sqrt')).toBe('sqrt');
    expect(parseParamInput('{"0": 2}')).toEqual({ '0': 2 });
    expect(parseParamInput('1e-3')).toBe(0.001);
  });

  it('builds the run request: scaled pipeline, typed parameters only, split as typed', () => {
    const body = runRequestBody({ ...FORM, nSamples: '1500', params: { max_depth: '10', criterion: '"entropy"', bootstrap: '' } });
    expect(body).toEqual({
      dataset: 'mnist_784',
      n_samples: 1500,
      split: { test_size: 0.2, random_state: 42, stratify: false },
      estimator: {
        type: 'pipeline',
        steps: [
          ['scale', { type: 'standard_scaler' }],
          ['model', { type: 'random_forest', params: { max_depth: 10, criterion: 'entropy' } }],
        ],
      },
    });
    const unscaled = runRequestBody({ ...FORM, scale: false, testSize: 'a lot', splitRandomState: '' });
    expect(unscaled['split']).toEqual({ test_size: 'a lot', stratify: false });
    expect(unscaled['estimator']).toEqual({ type: 'pipeline', steps: [['model', { type: 'random_forest', params: {} }]] });
  });

  it('names each input by the request field the api names in a 400', () => {
    expect(fieldPaths(FORM).param('max_depth')).toBe('estimator.steps[1][1].params.max_depth');
    expect(fieldPaths({ ...FORM, scale: false }).modelType).toBe('estimator.steps[0][1].type');
  });

  it("builds the notebook's sweep from its preset, and refuses a search space that is not JSON", () => {
    const body = sweepRequestBody(SWEEP_PRESETS[0].form);
    expect(body).toMatchObject({ n_iter: 10, cv: 3, random_state: 0, refit: true, scoring: 'accuracy' });
    expect(body['param_distributions']).toEqual({
      model__n_estimators: [25, 50, 100, 200, 300],
      model__criterion: ['gini', 'entropy', 'log_loss'],
      model__max_depth: [null, 1, 2, 3, 5, 10],
    });
    expect(() => sweepRequestBody({ ...SWEEP_PRESETS[0].form, paramDistributions: '{model__max_depth: [1]}' })).toThrow(SyntaxError);
  });

  it("keeps the notebook's run presets as the notebook wrote them", () => {
    const tuned = RUN_PRESETS.find((preset) => preset.id === 'tuned_forest');
    expect(runRequestBody(tuned!.form)['estimator']).toMatchObject({
      steps: [['scale', { type: 'standard_scaler' }], ['model', { type: 'random_forest', params: { n_estimators: 100, max_depth: 15, min_samples_split: 5, min_samples_leaf: 3, max_features: 'sqrt', random_state: 42 } }]],
    });
  });
});
