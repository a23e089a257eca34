/**
 * scikit-learn's `check_estimator` in spirit: one suite of contract checks run over every
 * estimator the registry knows, so that a newly registered type is checked without being listed.
 * Each type is built from its defaults, made quick where the table below says how; parameters
 * that hold estimators get a small pipeline's steps or a logistic regression.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Pipeline } from '../compose/pipeline';
import { RandomForestClassifier } from '../ensemble/random-forest';
import { LogisticRegression } from '../linear/logistic-regression';
import { OneVsRestClassifier } from '../multiclass/one-vs-rest';
import { decodeArtifact, encodeArtifact, loadModel } from '../persistence/artifact';
import { StandardScaler } from '../preprocessing/standard-scaler';
import { RandomState } from '../utils/random';
import { clone, holdsEstimators } from './base-estimator';
import { isClassifier, isResampler, isTransformer, type AnyEstimator, type EstimatorDescriptor, type EstimatorSpec } from './estimator';
import { DataError, InvalidParameterError, NotFittedError } from './errors';
import { matrix, type Labels, type Matrix } from './matrix';
import type { ParamValue } from './params';
import { createEstimator, estimatorDescriptors } from './registry';

/** Parameters that keep fits small; every seeded type is seeded. */
const QUICK_PARAMS: Readonly<Record<string, Record<string, ParamValue>>> = {
  logistic_regression: { max_iter: 30, solver: 'lbfgs' },
  random_forest: { n_estimators: 5 },
  // The suite's rows are 5 pixels: one row of a 5-pixel-wide image.
  image_augmenter: { image_width: 5, rotations: 1 },
};
const QUICK_LOGISTIC: EstimatorSpec = { type: 'logistic_regression', params: { ...QUICK_PARAMS['logistic_regression'], random_state: 0 } };

/** The spec the suite checks a type with: its defaults, quick and seeded, nested estimators filled in. */
function contractSpec(descriptor: EstimatorDescriptor): EstimatorSpec {
  const params: Record<string, ParamValue> = { ...(QUICK_PARAMS[descriptor.type] ?? {}) };
  for (const [name, definition] of Object.entries(descriptor.schema)) {
    const kinds = definition.constraints.map((constraint) => constraint.kind);
    if (kinds.includes('steps')) params[name] = [['scale', { type: 'standard_scaler' }], ['model', QUICK_LOGISTIC]] as unknown as ParamValue;
    else if (kinds.includes('estimators')) params[name] = [['lr', QUICK_LOGISTIC], ['forest', { type: 'random_forest', params: { ...QUICK_PARAMS['random_forest'], random_state: 0 } }]] as unknown as ParamValue;
    else if (kinds.includes('estimator')) params[name] = QUICK_LOGISTIC as unknown as ParamValue;
    else if (name === 'random_state') params[name] = 0;
  }
  return { type: descriptor.type, params };
}

/** Three overlapping classes of byte-valued features (as pixels are), labels 2, 5 and 7. */
function data(seed: number, nPerClass = 12, nFeatures = 5): { X: Matrix<Uint8Array>; y: Labels } {
  const random = new RandomState(seed);
  const labels = [2, 5, 7];
  const n = labels.length * nPerClass;
  const X = new Uint8Array(n * nFeatures);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % labels.length;
    for (let j = 0; j < nFeatures; j++) X[i * nFeatures + j] = Math.max(0, Math.min(255, Math.round(60 * k + 40 * ((j + k) % 3) + 30 * random.normal())));
    y[i] = labels[k];
  }
  return { X: matrix(X, n, nFeatures), y };
}

const asFloats = (X: Matrix): Matrix<Float32Array> => matrix(Float32Array.from(X.data), X.rows, X.cols);

/** A classifier's predictions, a transformer's output, or a resampler's rows and labels for X labelled 0. */
function outputOf(estimator: AnyEstimator, X: Matrix): { labels?: Labels; proba?: Float32Array; transformed?: Matrix['data'] } {
  if (isClassifier(estimator)) return { labels: estimator.predict(X), proba: estimator.predictProba(X).data };
  if (isResampler(estimator)) {
    const resampled = estimator.resample(X, new Int32Array(X.rows));
    return { labels: resampled.y, transformed: resampled.X.data };
  }
  return { transformed: estimator.transform(X).data };
}

for (const descriptor of estimatorDescriptors()) {
  const spec = contractSpec(descriptor);
  const build = () => createEstimator(spec);
  const train = data(1);
  const test = data(2, 4);

  describe(`estimator contract: ${descriptor.type}`, () => {
    it('is the kind its descriptor says', () => {
      const estimator = build();
      assert.equal(estimator.type, descriptor.type);
      assert.equal(isClassifier(estimator), descriptor.kind === 'classifier');
      if (descriptor.kind === 'transformer') assert.ok(isTransformer(estimator));
      assert.equal(isResampler(estimator), descriptor.kind === 'resampler');
    });

    it('gives its canonical spec back, and the spec builds an equal estimator', () => {
      const estimator = build();
      assert.deepEqual(createEstimator(estimator.toSpec()).toSpec(), estimator.toSpec());
      assert.deepEqual(estimator.toSpec(), { type: descriptor.type, params: estimator.getParams() });
    });

    it('fit returns this, and fitted attributes exist only after it', async () => {
      const estimator = build();
      assert.equal(estimator.isFitted, false);
      assert.throws(() => estimator.n_features_in_, NotFittedError);
      assert.throws(() => estimator.serialize(), NotFittedError);
      if (isClassifier(estimator)) {
        assert.throws(() => estimator.predict(test.X), NotFittedError);
        assert.throws(() => estimator.predictProba(test.X), NotFittedError);
        assert.throws(() => estimator.predictWithProba(test.X), NotFittedError);
        assert.throws(() => estimator.classes_, NotFittedError);
      } else {
        assert.throws(() => outputOf(estimator, test.X), NotFittedError);
      }
      assert.equal(await estimator.fit(train.X, train.y), estimator);
      assert.equal(estimator.isFitted, true);
      assert.equal(estimator.n_features_in_, train.X.cols);
      if (isClassifier(estimator)) assert.deepEqual(Array.from(estimator.classes_), [2, 5, 7]);
    });

    it('clone is unfitted, with equal params, and shares no state', async () => {
      const estimator = build();
      const copy = clone(estimator);
      assert.notEqual(copy, estimator);
      assert.deepEqual(copy.getParams({ deep: true }), estimator.getParams({ deep: true }));
      await estimator.fit(train.X, train.y);
      assert.equal(copy.isFitted, false, 'fitting the original fitted its clone');
      const ofFitted = clone(estimator);
      assert.equal(ofFitted.isFitted, false);
      assert.deepEqual(ofFitted.toSpec(), estimator.toSpec());
    });

    it('getParams({ deep }) names nested parameters <name>__<param>, and setParams takes them back', () => {
      const estimator = build();
      const shallow = estimator.getParams();
      const deep = estimator.getParams({ deep: true });
      for (const [name, value] of Object.entries(shallow)) assert.deepEqual(deep[name], value);
      const nested = Object.keys(deep).filter((name) => name.includes('__'));
      assert.equal(nested.length > 0, Object.values(descriptor.schema).some(holdsEstimators));
      const scalars = Object.fromEntries(Object.entries(deep).filter(([name, value]) => (name.includes('__') || name in descriptor.schema) && (value === null || typeof value !== 'object')));
      assert.equal(estimator.setParams(scalars), estimator);
      assert.deepEqual(estimator.getParams({ deep: true }), deep);
    });

    it('setParams validates as a spec does, naming the parameter, and changes nothing when it refuses', () => {
      const estimator = build();
      const before = estimator.getParams({ deep: true });
      assert.throws(
        () => estimator.setParams({ no_such_param: 1 }),
        (error: unknown) => error instanceof InvalidParameterError && error.path === 'no_such_param',
      );
      const nested = Object.keys(before).find((name) => name.includes('__') && typeof before[name] === 'number');
      if (nested) {
        assert.throws(
          () => estimator.setParams({ [nested]: 'not a number' }),
          (error: unknown) => error instanceof InvalidParameterError && error.path === nested,
        );
      }
      assert.deepEqual(estimator.getParams({ deep: true }), before);
    });

    it('setParams on a fitted estimator leaves it unfitted, and the next fit uses the new values', async () => {
      const estimator = await build().fit(train.X, train.y);
      estimator.setParams(estimator.getParams());
      assert.equal(estimator.isFitted, false);
      await estimator.fit(train.X, train.y);
      assert.equal(estimator.isFitted, true);
    });

    it('the same seed gives the same model', async () => {
      const a = await build().fit(train.X, train.y);
      const b = await build().fit(train.X, train.y);
      assert.deepEqual(a.serialize(), b.serialize());
      assert.deepEqual(outputOf(a, test.X), outputOf(b, test.X));
    });

    it('serialise then load gives identical predictions and probabilities', async () => {
      const estimator = await build().fit(train.X, train.y);
      const bytes = encodeArtifact(estimator.serialize());
      const loaded = loadModel(bytes);
      assert.deepEqual(loaded.toSpec(), estimator.toSpec());
      assert.deepEqual(decodeArtifact(bytes).header.classes, isClassifier(estimator) ? Array.from(estimator.classes_) : null);
      for (const X of [test.X, asFloats(test.X)]) assert.deepEqual(outputOf(loaded, X), outputOf(estimator, X));
    });

    if (descriptor.kind === 'classifier') {
      it('predictWithProba gives predict’s labels and predictProba’s probabilities (what the api serves)', async () => {
        const estimator = await build().fit(train.X, train.y);
        if (!isClassifier(estimator)) throw new Error('not a classifier');
        for (const X of [test.X, asFloats(test.X)]) {
          const both = estimator.predictWithProba(X);
          assert.deepEqual(both.labels, estimator.predict(X));
          assert.deepEqual(both.proba, estimator.predictProba(X));
          assert.deepEqual([both.proba.rows, both.proba.cols], [X.rows, 3]);
        }
      });

      it('a single class in y is a DataError that says so', async () => {
        await assert.rejects(build().fit(train.X, new Int32Array(train.y.length).fill(5)), (error: unknown) => error instanceof DataError && /only one class: 5/.test(error.message));
      });
    }

    it('NaN, no samples and a wrong number of features are DataErrors that say what is wrong', async () => {
      const withNaN = asFloats(train.X);
      withNaN.data[7] = Number.NaN;
      await assert.rejects(build().fit(withNaN, train.y), (error: unknown) => error instanceof DataError && /contains NaN/.test(error.message));
      await assert.rejects(build().fit(matrix(new Uint8Array(0), 0, 5), new Int32Array(0)), (error: unknown) => error instanceof DataError && /at least 1 sample/.test(error.message));

      const estimator = await build().fit(train.X, train.y);
      const predict = (X: Matrix) => (isClassifier(estimator) ? estimator.predictWithProba(X) : outputOf(estimator, X));
      const testNaN = asFloats(test.X);
      testNaN.data[3] = Number.NaN;
      assert.throws(() => predict(testNaN), (error: unknown) => error instanceof DataError && /contains NaN/.test(error.message));
      for (const X of [matrix(new Uint8Array(4 * 6), 4, 6), matrix(new Float32Array(4 * 6), 4, 6)]) {
        assert.throws(() => predict(X), (error: unknown) => error instanceof DataError && /X has 6 features, but \w+ is expecting 5 features/.test(error.message));
      }
    });
  });
}

describe('estimator contract: composition from objects', () => {
  it('a Pipeline of estimator objects has the spec of the same pipeline built from its spec', () => {
    const pipeline = new Pipeline({ steps: [['scale', new StandardScaler()], ['model', new RandomForestClassifier({ n_estimators: 10 })]] });
    const fromSpec = createEstimator({ type: 'pipeline', steps: [['scale', { type: 'standard_scaler' }], ['model', { type: 'random_forest', params: { n_estimators: 10 } }]] } as unknown as EstimatorSpec);
    assert.deepEqual(pipeline.toSpec(), fromSpec.toSpec());
    assert.equal(pipeline.getParams({ deep: true })['model__n_estimators'], 10);
  });

  it('a OneVsRestClassifier of an estimator object lists its parameters as estimator__<param>', () => {
    const ovr = new OneVsRestClassifier({ estimator: new LogisticRegression({ C: 2 }) });
    const deep = ovr.getParams({ deep: true });
    assert.equal(deep['estimator__C'], 2);
    assert.deepEqual(deep['estimator'], new LogisticRegression({ C: 2 }).toSpec());
    assert.deepEqual(ovr.toSpec(), createEstimator({ type: 'one_vs_rest', params: { estimator: { type: 'logistic_regression', params: { C: 2 } } } }).toSpec());
  });

  it('setParams reaches a step by <step>__<param> and keeps the step object', () => {
    const forest = new RandomForestClassifier();
    const pipeline = new Pipeline({ steps: [['scale', new StandardScaler()], ['model', forest]] });
    assert.equal(pipeline.setParams({ model__max_depth: 5 }), pipeline);
    assert.equal(pipeline.steps[1][1], forest);
    assert.equal(forest.getParams()['max_depth'], 5);
    assert.throws(
      () => pipeline.setParams({ model__max_depth: 0 }),
      (error: unknown) => error instanceof InvalidParameterError && error.path === 'model__max_depth' && /must be an int in the range \[1, inf\) or null; got 0/.test(error.message),
    );
    assert.throws(
      () => pipeline.setParams({ model__bootstrap: false, model__oob_score: true }),
      (error: unknown) => error instanceof InvalidParameterError && error.path === 'model__oob_score' && /only available with bootstrap=true/.test(error.message),
    );
    assert.equal(forest.getParams()['bootstrap'], true);
    assert.throws(() => pipeline.setParams({ modle__max_depth: 5 }), (error: unknown) => error instanceof InvalidParameterError && /no step "modle"; its steps are scale, model/.test(error.message));
    assert.equal(forest.getParams()['max_depth'], 5);
  });

  it('setParams replaces a step or the base estimator by an object or a spec, checked as a spec is', () => {
    const pipeline = new Pipeline({ steps: [['scale', new StandardScaler()], ['model', new LogisticRegression()]] });
    pipeline.setParams({ model: { type: 'random_forest', params: { n_estimators: 3 } } });
    assert.equal(pipeline.getParams({ deep: true })['model__n_estimators'], 3);
    assert.throws(() => pipeline.setParams({ model: new StandardScaler() }), InvalidParameterError);
    assert.equal(pipeline.steps[1][1].type, 'random_forest');
    const ovr = new OneVsRestClassifier({ estimator: { type: 'logistic_regression' } });
    ovr.setParams({ estimator: new RandomForestClassifier({ n_estimators: 2 }), n_jobs: 2 });
    assert.deepEqual([ovr.getParams({ deep: true })['estimator__n_estimators'], ovr.getParams()['n_jobs']], [2, 2]);
    assert.throws(() => new OneVsRestClassifier({ estimator: new StandardScaler() as never }), /needs a classifier; standard_scaler is not one/);
  });
});
