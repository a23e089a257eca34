import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pipeline } from '../compose/pipeline';
import type { EstimatorSpec } from '../base/estimator';
import { InvalidParameterError } from '../base/errors';
import { matrix, type Labels, type Matrix } from '../base/matrix';
import { createEstimator } from '../base/registry';
import { LogisticRegression } from '../linear/logistic-regression';
import { planSearch } from '../model-selection/search';
import { encodeArtifact, loadModel } from '../persistence/artifact';
import { estimateFit } from '../spec/admission';
import { validateSpec } from '../spec/validate-spec';
import { RandomForestClassifier } from './random-forest';
import { StackingClassifier } from './stacking';
import { VotingClassifier } from './voting';

const forest = (n_estimators = 5) => new RandomForestClassifier({ n_estimators, random_state: 0 });
const logistic = (C = 1) => new LogisticRegression({ C, max_iter: 50 });

/** Three classes of 6 byte features, separable with noise; labels 1, 3, 8. */
function data(n: number, seed: number): { X: Matrix<Uint8Array>; y: Labels } {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const labels = [1, 3, 8];
  const X = new Uint8Array(n * 6);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % 3;
    y[i] = labels[k];
    for (let j = 0; j < 6; j++) X[i * 6 + j] = Math.floor((j % 3 === k ? 150 : 60) + 100 * next());
  }
  return { X: matrix(X, n, 6), y };
}

describe('VotingClassifier and StackingClassifier parameters, as scikit-learn names them', () => {
  it('deep params are <name>__<param>, and setParams reaches them, a whole estimator, or the list', () => {
    const voting = new VotingClassifier({ estimators: [['rf', forest()], ['lr', logistic()]], voting: 'soft' });
    const deep = voting.getParams({ deep: true });
    assert.equal(deep['rf__n_estimators'], 5);
    assert.equal(deep['lr__C'], 1);
    assert.deepEqual(deep['rf'], forest().toSpec());
    assert.equal(deep['voting'], 'soft');
    voting.setParams({ rf__n_estimators: 7, lr: { type: 'logistic_regression', params: { C: 3 } }, weights: [1, 2] });
    assert.deepEqual([voting.getParams({ deep: true })['rf__n_estimators'], voting.getParams({ deep: true })['lr__C']], [7, 3]);
    assert.throws(() => voting.setParams({ rf__n_estimators: 0 }), (error: unknown) => error instanceof InvalidParameterError && error.path === 'rf__n_estimators');
    assert.throws(() => voting.setParams({ svm__C: 1 }), (error: unknown) => error instanceof InvalidParameterError && /no estimator "svm"; its estimators are rf, lr/.test(error.message));
    assert.throws(() => voting.setParams({ weights: [1, 2, 3] }), (error: unknown) => error instanceof InvalidParameterError && error.path === 'weights');
    assert.deepEqual(voting.getParams()['weights'], [1, 2], 'a refused update changes nothing');

    const stacking = new StackingClassifier({ estimators: [['rf', forest()]], final_estimator: logistic(0.5) });
    assert.equal(stacking.getParams({ deep: true })['final_estimator__C'], 0.5);
    stacking.setParams({ final_estimator__C: 2, cv: 3 });
    assert.equal(stacking.getParams({ deep: true })['final_estimator__C'], 2);
    assert.equal(new StackingClassifier({ estimators: [['rf', forest()]] }).getParams()['final_estimator'], null);
  });

  it('specs are checked as scikit-learn checks its ensembles: classifiers only, unique names that are not parameters', () => {
    const spec = (estimators: unknown) => ({ type: 'voting', params: { estimators } });
    assert.throws(() => validateSpec(spec([['scale', { type: 'standard_scaler' }]])), /must be a classifier; standard_scaler is a transformer/);
    assert.throws(() => validateSpec(spec([['a', { type: 'random_forest' }], ['a', { type: 'random_forest' }]])), /duplicate estimator name "a"/);
    assert.throws(() => validateSpec(spec([['weights', { type: 'random_forest' }]])), /conflicts with VotingClassifier's parameter weights/);
    assert.throws(() => validateSpec(spec([])), (error: unknown) => error instanceof InvalidParameterError && error.path === 'estimator.params.estimators');
  });
});

describe('ensembles composed in pipelines and sweeps', () => {
  const pipelineSpec = {
    type: 'pipeline',
    steps: [
      ['scale', { type: 'standard_scaler' }],
      ['model', { type: 'voting', params: { voting: 'soft', estimators: [['rf', { type: 'random_forest', params: { n_estimators: 5, random_state: 0 } }], ['lr', { type: 'logistic_regression', params: { max_iter: 50 } }]] } }],
    ],
  } as unknown as EstimatorSpec;

  it('a scaled soft vote fits, predicts the original labels, and survives an artifact', async () => {
    const train = data(60, 1);
    const test = data(30, 2);
    const pipeline = (await createEstimator(pipelineSpec).fit(train.X, train.y)) as Pipeline;
    assert.deepEqual(Array.from(pipeline.classes_), [1, 3, 8]);
    const voting = pipeline.steps[1][1] as VotingClassifier;
    assert.deepEqual(Object.keys(voting.named_estimators_), ['rf', 'lr']);
    assert.deepEqual(Array.from(voting.named_estimators_['rf'].classes_), [0, 1, 2], 'base estimators learn the encoded labels, as scikit-learn');
    const predicted = pipeline.predictWithProba(test.X);
    assert.ok(predicted.labels.every((label) => [1, 3, 8].includes(label)));
    const loaded = loadModel(encodeArtifact(pipeline.serialize())) as Pipeline;
    assert.deepEqual(loaded.predictWithProba(test.X), predicted);
  });

  it('model__rf__n_estimators is searchable, and each candidate is a valid spec', () => {
    const candidates = planSearch(validateSpec(pipelineSpec), { model__rf__n_estimators: [3, 9], model__voting: ['hard', 'soft'] }, { n_iter: 4, random_state: 0 });
    assert.equal(candidates.length, 4);
    const first = createEstimator(candidates[0].estimator);
    assert.equal(first.getParams({ deep: true })['model__rf__n_estimators'], candidates[0].params['model__rf__n_estimators']);
  });

  it('stacking fits its final estimator on out-of-fold probabilities, all columns for 3 classes, X after them with passthrough', async () => {
    const train = data(60, 3);
    const stacking = await new StackingClassifier({ estimators: [['rf', forest()], ['lr', logistic()]], cv: 3, passthrough: true }).fit(train.X, train.y);
    assert.deepEqual(stacking.stack_method_, ['predict_proba', 'predict_proba']);
    const features = stacking.transform(train.X);
    assert.equal(features.cols, 2 * 3 + 6);
    assert.equal(features.data[6], train.X.data[0], 'passthrough features follow the predictions');
    assert.equal(stacking.final_estimator_.n_features_in_, 12);
    await assert.rejects(new StackingClassifier({ estimators: [['rf', forest()]], stack_method: 'decision_function' }).fit(train.X, train.y), /estimator rf \(random_forest\) has no decision_function/);
  });

  it('admission counts every base fit: stacking cv + 1 fits of each, voting one', () => {
    const data = { nSamples: 56_000, nFeatures: 784, nClasses: 10 };
    const rf = { type: 'random_forest', params: { n_estimators: 100 } };
    const single = estimateFit(validateSpec(rf), data);
    const voting = estimateFit(validateSpec({ type: 'voting', params: { estimators: [['rf', rf], ['rf2', rf]] } }), data);
    const stacking = estimateFit(validateSpec({ type: 'stacking', params: { estimators: [['rf', rf]], cv: 5 } }), data);
    assert.ok(Math.abs(voting.seconds / single.seconds - 2) < 1e-9);
    assert.ok(stacking.seconds > 4.5 * single.seconds && stacking.seconds < 6 * single.seconds);
    assert.equal(voting.param, 'rf__n_estimators');
    assert.equal(voting.culprit, 'estimator.params.estimators[0][1].params.n_estimators');
    const augmented = estimateFit(validateSpec({ type: 'pipeline', steps: [['augment', { type: 'image_augmenter' }], ['model', rf]] }), data);
    assert.ok(augmented.seconds > 4.5 * single.seconds, 'the forest after an augmenter fits 5x the rows');
  });
});
