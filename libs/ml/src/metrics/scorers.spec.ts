import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataError } from '../base/errors';
import type { Classifier } from '../base/estimator';
import { matrix, type Labels, type Matrix } from '../base/matrix';
import { SCORER_NAMES } from '../spec/scoring';
import { balancedAccuracyScore, logLoss, rocAucOvrScore, scoreClassifier } from './scorers';

// The arrays of classification.spec.ts, and float32 probabilities (rows 3 and 7 tie all classes).
const yTrue = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 1, 2]);
const yPred = Int32Array.from([0, 0, 0, 0, 1, 1, 2, 2, 0, 2, 2, 2, 1, 1, 2, 1, 2, 0, 1, 2]);
const proba = matrix(Float32Array.from([0.6876680850982666, 0.19511879980564117, 0.07497535645961761, 0.04223772883415222, 0.736339807510376, 0.13536907732486725, 0.06235085427761078, 0.06594027578830719, 0.623323917388916, 0.1130359023809433, 0.0898643210530281, 0.17377586662769318, 0.25, 0.25, 0.25, 0.25, 0.07930801063776016, 0.2053249329328537, 0.22208505868911743, 0.4932819902896881, 0.05696861445903778, 0.2619520127773285, 0.29519227147102356, 0.385887086391449, 0.07028262317180634, 0.4080142378807068, 0.31085529923439026, 0.21084783971309662, 0.25, 0.25, 0.25, 0.25, 0.22342289984226227, 0.5921341180801392, 0.13225877285003662, 0.05218423530459404, 0.43649280071258545, 0.2717794179916382, 0.23218543827533722, 0.05954235419631004, 0.49232691526412964, 0.20028486847877502, 0.20728826522827148, 0.10009995102882385, 0.36022546887397766, 0.14616112411022186, 0.26269441843032837, 0.2309190034866333, 0.16014286875724792, 0.09905368089675903, 0.34184956550598145, 0.3989538848400116, 0.0673101544380188, 0.07955626398324966, 0.42891925573349, 0.42421430349349976, 0.04674253612756729, 0.09758764505386353, 0.5421340465545654, 0.31353574991226196, 0.06913857907056808, 0.18035995960235596, 0.3017045259475708, 0.44879692792892456, 0.1512894332408905, 0.31413522362709045, 0.2764621376991272, 0.25811317563056946, 0.30707696080207825, 0.35992228984832764, 0.17696958780288696, 0.15603119134902954, 0.3651961088180542, 0.4990488290786743, 0.08601442724466324, 0.049740638583898544, 0.4914039075374603, 0.1988205760717392, 0.2078021615743637, 0.10197334736585617]), 20, 4);
const classes = Int32Array.from([0, 1, 2, 3]);

/** Stands in for a fitted classifier: answers with fixed predictions and counts its passes. */
function fixedClassifier(labels: Labels, probabilities: Matrix<Float32Array>) {
  const calls = { predict: 0, predictWithProba: 0 };
  const estimator = {
    classes_: classes,
    predict: () => (calls.predict++, labels),
    predictProba: () => probabilities,
    predictWithProba: () => (calls.predictWithProba++, { labels, proba: probabilities }),
  } as unknown as Classifier;
  return { estimator, calls };
}

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) <= 1e-12, `${actual} !== ${expected}`);

describe('scoreClassifier', () => {
  it("gives scikit-learn 1.2.1's value for every scorer name, greater is better", () => {
    // get_scorer(name)._score_func on the same arrays (float64 copies of the probabilities).
    const expected = {
      accuracy: 0.6,
      balanced_accuracy: 0.5535714285714286,
      f1_macro: 0.4916666666666667,
      f1_weighted: 0.5433333333333333,
      precision_macro: 0.44791666666666663,
      recall_macro: 0.5535714285714286,
      neg_log_loss: -1.0725611546707021,
      roc_auc_ovr: 0.7989939365169145,
    };
    const { estimator } = fixedClassifier(yPred, proba);
    const scores = scoreClassifier(estimator, matrix(new Float32Array(20), 20, 1), yTrue, SCORER_NAMES);
    assert.deepEqual(Object.keys(scores), [...SCORER_NAMES]);
    for (const name of SCORER_NAMES) close(scores[name], expected[name]);
  });

  it('predicts once: labels only for label scorers, one predictWithProba pass when a scorer needs probabilities', () => {
    const X = matrix(new Float32Array(20), 20, 1);
    const labelsOnly = fixedClassifier(yPred, proba);
    scoreClassifier(labelsOnly.estimator, X, yTrue, ['accuracy', 'f1_macro']);
    assert.deepEqual(labelsOnly.calls, { predict: 1, predictWithProba: 0 });
    const both = fixedClassifier(yPred, proba);
    scoreClassifier(both.estimator, X, yTrue, ['accuracy', 'neg_log_loss', 'roc_auc_ovr']);
    assert.deepEqual(both.calls, { predict: 0, predictWithProba: 1 });
  });
});

describe('probability and balanced scores', () => {
  it('leaves a label that is only predicted out of balanced accuracy, as scikit-learn drops its nan', () => {
    close(balancedAccuracyScore(Int32Array.from([0, 0, 1, 1]), Int32Array.from([0, 2, 1, 1])), 0.75);
  });

  it('scores two classes by the second column, as roc_auc_score and log_loss do', () => {
    const binary = Int32Array.from(yTrue, (label) => (label >= 2 ? 1 : 0));
    const p = matrix(Float32Array.from({ length: 40 }, (_, i) => (i % 2 === 1 ? proba.data[(i >> 1) * 4] : 1 - proba.data[(i >> 1) * 4])), 20, 2);
    const binaryClasses = Int32Array.from([0, 1]);
    close(rocAucOvrScore(binary, p, binaryClasses), 0.41);
    assert.ok(Math.abs(logLoss(binary, p, binaryClasses) - 1.078658933310677) < 1e-7, 'float32 complements of the first column');
  });

  it('refuses what scikit-learn refuses', () => {
    assert.throws(() => rocAucOvrScore(yTrue.subarray(0, 9), matrix(proba.data.subarray(0, 36), 9, 4), classes), (error: unknown) => error instanceof DataError && /needs every class in y_true/.test(error.message));
    assert.throws(() => logLoss(yTrue, matrix(proba.data.subarray(0, 60), 20, 3), classes), /probabilities are 20 x 3, expected 20 x 4/);
    assert.throws(() => logLoss(Int32Array.from(yTrue, (label) => label + 1), proba, classes), /label 4, which is not one of the classes/);
  });
});
