import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataError, InvalidParameterError } from '../base/errors';
import {
  accuracyScore,
  classificationReport,
  classificationReportText,
  confusionMatrix,
  errorsOnlyConfusionMatrix,
  formatClassificationReport,
  mostConfusedPairs,
  multilabelConfusionMatrix,
  precisionRecallFscoreSupport,
  type ClassificationReport,
} from './classification';

/**
 * Four classes; class 3 is never predicted and class 0 is never mistaken. Every expected number
 * below was computed with scikit-learn 1.2.1 on these arrays (zero_division=0 unless stated).
 */
const yTrue = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 1, 2]);
const yPred = Int32Array.from([0, 0, 0, 0, 1, 1, 2, 2, 0, 2, 2, 2, 1, 1, 2, 1, 2, 0, 1, 2]);
const weights = Float64Array.from([1, 2, 1, 1, 0.5, 1, 1, 3, 1, 1, 1, 2, 1, 1, 1, 1, 1, 0.25, 1, 1]);

const TOLERANCE = 1e-12;

function assertClose(actual: unknown, expected: unknown, path = 'value'): void {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', `${path}: ${String(actual)} is not a number`);
    assert.ok(Math.abs((actual as number) - expected) <= TOLERANCE, `${path}: ${String(actual)} !== ${expected}`);
  } else if (Array.isArray(expected) || ArrayBuffer.isView(expected)) {
    const items = Array.from(actual as ArrayLike<unknown>);
    const wanted = Array.from(expected as ArrayLike<unknown>);
    assert.equal(items.length, wanted.length, `${path}: length`);
    wanted.forEach((value, i) => assertClose(items[i], value, `${path}[${i}]`));
  } else if (typeof expected === 'object' && expected !== null) {
    assert.deepEqual(Object.keys(actual as object), Object.keys(expected), `${path}: keys`);
    for (const [key, value] of Object.entries(expected)) assertClose((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
  } else {
    assert.equal(actual, expected, path);
  }
}

function isInvalid(path: string, pattern: RegExp) {
  return (error: unknown) => error instanceof InvalidParameterError && error.path === path && pattern.test(error.message);
}

describe('accuracyScore', () => {
  it('matches accuracy_score, with and without sample weights', () => {
    assertClose(accuracyScore(yTrue, yPred), 0.6);
    assertClose(accuracyScore(yTrue, yPred, { sampleWeight: weights }), 0.5934065934065934);
  });

  it("refuses weights that sum to 0, as np.average does (ZeroDivisionError: Weights sum to zero, can't be normalized)", () => {
    const zeroSum = (error: unknown) => error instanceof DataError && error.field === 'sample_weight' && /weights sum to zero/.test(error.message);
    assert.throws(() => accuracyScore(Int32Array.from([0, 1]), Int32Array.from([0, 0]), { sampleWeight: [0, 0] }), zeroSum);
    assert.throws(() => accuracyScore(Int32Array.from([0, 1]), Int32Array.from([0, 0]), { sampleWeight: [1, -1] }), zeroSum);
    assert.ok(Number.isNaN(accuracyScore(new Int32Array(0), new Int32Array(0))), 'accuracy_score([], []) is nan');
  });

  it('rejects inputs of different lengths', () => {
    assert.throws(() => accuracyScore(yTrue, yPred.subarray(1)), (error: unknown) => error instanceof DataError && /inconsistent numbers of samples: \[20, 19\]/.test(error.message));
  });
});

describe('confusionMatrix', () => {
  it('matches confusion_matrix', () => {
    const cm = confusionMatrix(yTrue, yPred);
    assert.deepEqual(cm.labels, Int32Array.from([0, 1, 2, 3]));
    assert.deepEqual(cm.matrix, [
      [4, 0, 0, 0],
      [1, 3, 2, 0],
      [0, 2, 5, 0],
      [1, 1, 1, 0],
    ]);
  });

  it('normalises over true labels, predictions, or all, with 0 for an empty column', () => {
    assertClose(confusionMatrix(yTrue, yPred, { normalize: 'true' }).matrix, [
      [1.0, 0.0, 0.0, 0.0],
      [0.16666666666666666, 0.5, 0.3333333333333333, 0.0],
      [0.0, 0.2857142857142857, 0.7142857142857143, 0.0],
      [0.3333333333333333, 0.3333333333333333, 0.3333333333333333, 0.0],
    ]);
    assertClose(confusionMatrix(yTrue, yPred, { normalize: 'pred' }).matrix, [
      [0.6666666666666666, 0.0, 0.0, 0.0],
      [0.16666666666666666, 0.5, 0.25, 0.0],
      [0.0, 0.3333333333333333, 0.625, 0.0],
      [0.16666666666666666, 0.16666666666666666, 0.125, 0.0],
    ]);
    assertClose(confusionMatrix(yTrue, yPred, { normalize: 'all' }).matrix, [
      [0.2, 0.0, 0.0, 0.0],
      [0.05, 0.15, 0.1, 0.0],
      [0.0, 0.1, 0.25, 0.0],
      [0.05, 0.05, 0.05, 0.0],
    ]);
  });

  it('sums sample weights', () => {
    assertClose(confusionMatrix(yTrue, yPred, { sampleWeight: weights }).matrix, [
      [5.0, 0.0, 0.0, 0.0],
      [1.0, 2.5, 4.0, 0.0],
      [0.0, 2.0, 6.0, 0.0],
      [0.25, 1.0, 1.0, 0.0],
    ]);
  });

  it('keeps the given labels in their order and drops samples outside them', () => {
    const cm = confusionMatrix(yTrue, yPred, { labels: Int32Array.from([3, 1, 5]) });
    assert.deepEqual(cm.labels, Int32Array.from([3, 1, 5]));
    assert.deepEqual(cm.matrix, [
      [0, 1, 0],
      [0, 3, 0],
      [0, 0, 0],
    ]);
    assert.throws(() => confusionMatrix(yTrue, yPred, { labels: Int32Array.from([7, 8]) }), isInvalid('labels', /at least one label specified must be in y_true/));
    assert.throws(() => confusionMatrix(yTrue, yPred, { labels: new Int32Array(0) }), isInvalid('labels', /at least one label/));
  });
});

describe('errorsOnlyConfusionMatrix', () => {
  it("matches confusion_matrix(sample_weight=(y_pred != y_true), normalize='true'): a row without errors is 0, not NaN", () => {
    assertClose(errorsOnlyConfusionMatrix(yTrue, yPred).matrix, [
      [0.0, 0.0, 0.0, 0.0],
      [0.3333333333333333, 0.0, 0.6666666666666666, 0.0],
      [0.0, 1.0, 0.0, 0.0],
      [0.3333333333333333, 0.3333333333333333, 0.3333333333333333, 0.0],
    ]);
  });
});

describe('mostConfusedPairs', () => {
  it('lists off-diagonal cells by decreasing value, ties in row-major order, without zeros', () => {
    const cm = confusionMatrix(yTrue, yPred);
    assert.deepEqual(mostConfusedPairs(cm, 3), [
      { trueLabel: 1, predictedLabel: 2, value: 2 },
      { trueLabel: 2, predictedLabel: 1, value: 2 },
      { trueLabel: 1, predictedLabel: 0, value: 1 },
    ]);
    assert.equal(mostConfusedPairs(cm, 100).length, 6);
    assert.deepEqual(mostConfusedPairs(errorsOnlyConfusionMatrix(yTrue, yPred), 1), [{ trueLabel: 2, predictedLabel: 1, value: 1 }]);
    assert.throws(() => mostConfusedPairs(cm, -1), isInvalid('k', /non-negative integer/));
  });
});

describe('multilabelConfusionMatrix', () => {
  it('matches multilabel_confusion_matrix ([[tn, fp], [fn, tp]] per label)', () => {
    const { labels, matrices } = multilabelConfusionMatrix(yTrue, yPred);
    assert.deepEqual(labels, Int32Array.from([0, 1, 2, 3]));
    assert.deepEqual(matrices, [
      [[14, 2], [0, 4]],
      [[11, 3], [3, 3]],
      [[10, 3], [2, 5]],
      [[17, 0], [3, 0]],
    ]);
    assertClose(multilabelConfusionMatrix(yTrue, yPred, { sampleWeight: weights }).matrices, [
      [[16.5, 1.25], [0.0, 5.0]],
      [[12.25, 3.0], [5.0, 2.5]],
      [[9.75, 5.0], [2.0, 6.0]],
      [[20.5, 0.0], [2.25, 0.0]],
    ]);
    assert.deepEqual(multilabelConfusionMatrix(yTrue, yPred, { labels: Int32Array.from([3, 1]) }).matrices, [
      [[17, 0], [3, 0]],
      [[11, 3], [3, 3]],
    ]);
  });
});

describe('precisionRecallFscoreSupport', () => {
  it('matches per-class scores, with zero_division for the never-predicted class', () => {
    const scores = precisionRecallFscoreSupport(yTrue, yPred);
    assert.deepEqual(scores.labels, Int32Array.from([0, 1, 2, 3]));
    assertClose(scores.precision, [0.6666666666666666, 0.5, 0.625, 0.0]);
    assertClose(scores.recall, [1.0, 0.5, 0.7142857142857143, 0.0]);
    assertClose(scores.fscore, [0.8, 0.5, 0.6666666666666666, 0.0]);
    assertClose(scores.support, [4, 6, 7, 3]);
    const lenient = precisionRecallFscoreSupport(yTrue, yPred, { zeroDivision: 1 });
    assertClose(lenient.precision, [0.6666666666666666, 0.5, 0.625, 1.0]);
    assertClose(lenient.fscore, [0.8, 0.5, 0.6666666666666666, 0.0]);
  });

  it('matches the micro, macro and weighted averages', () => {
    assertClose(precisionRecallFscoreSupport(yTrue, yPred, { average: 'micro' }), { precision: 0.6, recall: 0.6, fscore: 0.6, support: null });
    assertClose(precisionRecallFscoreSupport(yTrue, yPred, { average: 'macro' }), {
      precision: 0.44791666666666663,
      recall: 0.5535714285714286,
      fscore: 0.4916666666666667,
      support: null,
    });
    assertClose(precisionRecallFscoreSupport(yTrue, yPred, { average: 'weighted' }), {
      precision: 0.5020833333333333,
      recall: 0.6,
      fscore: 0.5433333333333333,
      support: null,
    });
    assertClose(precisionRecallFscoreSupport(yTrue, yPred, { average: 'macro', zeroDivision: 1 }).precision, 0.6979166666666666);
    assertClose(precisionRecallFscoreSupport(yTrue, yPred, { average: 'weighted', sampleWeight: weights }), {
      precision: 0.5174825174825175,
      recall: 0.5934065934065934,
      fscore: 0.5442501717805361,
      support: null,
    });
  });

  it('matches F-beta for beta = 0.5 and beta = inf', () => {
    assertClose(precisionRecallFscoreSupport(yTrue, yPred, { beta: 0.5 }).fscore, [0.7142857142857142, 0.5, 0.6410256410256411, 0.0]);
    assertClose(precisionRecallFscoreSupport(yTrue, yPred, { beta: Infinity }).fscore, [1.0, 0.5, 0.7142857142857143, 0.0]);
    assert.throws(() => precisionRecallFscoreSupport(yTrue, yPred, { beta: -1 }), isInvalid('beta', /must be >= 0/));
  });

  it('handles a weighted average with no true samples as scikit-learn does', () => {
    const labels = Int32Array.from([0]);
    const noneTrue = Int32Array.from([2, 2]);
    assertClose(precisionRecallFscoreSupport(noneTrue, Int32Array.from([1, 1]), { labels, average: 'weighted', zeroDivision: 1 }), {
      precision: 1,
      recall: 1,
      fscore: 1,
      support: null,
    });
    assertClose(precisionRecallFscoreSupport(noneTrue, Int32Array.from([0, 0]), { labels, average: 'weighted', zeroDivision: 1 }), {
      precision: 0,
      recall: 1,
      fscore: 0,
      support: null,
    });
  });
});

describe('classificationReport', () => {
  const expected: ClassificationReport = {
    '0': { precision: 0.6666666666666666, recall: 1.0, 'f1-score': 0.8, support: 4 },
    '1': { precision: 0.5, recall: 0.5, 'f1-score': 0.5, support: 6 },
    '2': { precision: 0.625, recall: 0.7142857142857143, 'f1-score': 0.6666666666666666, support: 7 },
    '3': { precision: 0.0, recall: 0.0, 'f1-score': 0.0, support: 3 },
    accuracy: 0.6,
    'macro avg': { precision: 0.44791666666666663, recall: 0.5535714285714286, 'f1-score': 0.4916666666666667, support: 20 },
    'weighted avg': { precision: 0.5020833333333333, recall: 0.6, 'f1-score': 0.5433333333333333, support: 20 },
  };

  it('matches classification_report(output_dict=True, zero_division=0)', () => {
    const report = classificationReport(yTrue, yPred);
    assertClose(report, expected);
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report, 'the report is plain JSON');
  });

  it('reports a micro average instead of accuracy when labels leave a class out', () => {
    assertClose(classificationReport(yTrue, yPred, { labels: Int32Array.from([0, 1, 2]) }), {
      '0': { precision: 0.6666666666666666, recall: 1.0, 'f1-score': 0.8, support: 4 },
      '1': { precision: 0.5, recall: 0.5, 'f1-score': 0.5, support: 6 },
      '2': { precision: 0.625, recall: 0.7142857142857143, 'f1-score': 0.6666666666666666, support: 7 },
      'micro avg': { precision: 0.6, recall: 0.7058823529411765, 'f1-score': 0.6486486486486486, support: 17 },
      'macro avg': { precision: 0.5972222222222222, recall: 0.7380952380952381, 'f1-score': 0.6555555555555556, support: 17 },
      'weighted avg': { precision: 0.5906862745098039, recall: 0.7058823529411765, 'f1-score': 0.6392156862745099, support: 17 },
    });
  });

  it('renders the text scikit-learn prints, rounding exact ties to even (0.625 -> 0.62)', () => {
    assert.equal(
      formatClassificationReport(classificationReport(yTrue, yPred)),
      '              precision    recall  f1-score   support\n\n' +
        '           0       0.67      1.00      0.80         4\n' +
        '           1       0.50      0.50      0.50         6\n' +
        '           2       0.62      0.71      0.67         7\n' +
        '           3       0.00      0.00      0.00         3\n\n' +
        '    accuracy                           0.60        20\n' +
        '   macro avg       0.45      0.55      0.49        20\n' +
        'weighted avg       0.50      0.60      0.54        20\n',
    );
    assert.equal(
      formatClassificationReport(classificationReport(yTrue, yPred), { digits: 3 }),
      '              precision    recall  f1-score   support\n\n' +
        '           0      0.667     1.000     0.800         4\n' +
        '           1      0.500     0.500     0.500         6\n' +
        '           2      0.625     0.714     0.667         7\n' +
        '           3      0.000     0.000     0.000         3\n\n' +
        '    accuracy                          0.600        20\n' +
        '   macro avg      0.448     0.554     0.492        20\n' +
        'weighted avg      0.502     0.600     0.543        20\n',
    );
    assert.equal(
      formatClassificationReport(classificationReport(yTrue, yPred, { labels: Int32Array.from([0, 1, 2]) })),
      '              precision    recall  f1-score   support\n\n' +
        '           0       0.67      1.00      0.80         4\n' +
        '           1       0.50      0.50      0.50         6\n' +
        '           2       0.62      0.71      0.67         7\n\n' +
        '   micro avg       0.60      0.71      0.65        17\n' +
        '   macro avg       0.60      0.74      0.66        17\n' +
        'weighted avg       0.59      0.71      0.64        17\n',
    );
  });

  it('rounds like Python format() on other exact ties and non-ties', () => {
    // format(v, '.Nf') in Python: 0.125 -> '0.12', 0.5 -> '0' (N = 0), 1.5 -> '2', 2.675 -> '2.67' (2.675 is below the tie).
    const row = (value: number) => ({ precision: value, recall: value, 'f1-score': value, support: 1 });
    const cells = (value: number, digits: number) =>
      formatClassificationReport({ x: row(value), accuracy: value, 'macro avg': row(value), 'weighted avg': row(value) }, { digits })
        .split('\n')[2]
        .trim()
        .split(/\s+/)[1];
    assert.equal(cells(0.125, 2), '0.12');
    assert.equal(cells(0.5, 0), '0');
    assert.equal(cells(1.5, 0), '2');
    assert.equal(cells(2.675, 2), '2.67');
    assert.equal(cells(0.375, 2), '0.38');
  });
});

describe('classificationReportText', () => {
  // classification_report(y_true, y_pred, zero_division=0, ...) of scikit-learn 1.2.1, verbatim.
  const weights2 = Float64Array.from([1.1, 2.2, 1.3, 1, 0.5, 1, 1, 3, 1, 1, 1, 2, 1, 1, 1, 1, 1, 0.25, 1, 1.352]);

  it('keeps the rows in the order labels are given', () => {
    assert.equal(
      classificationReportText(yTrue, yPred, { labels: Int32Array.from([2, 0, 3, 1]) }),
      '              precision    recall  f1-score   support\n\n           2       0.62      0.71      0.67         7\n           0       0.67      1.00      0.80         4\n           3       0.00      0.00      0.00         3\n           1       0.50      0.50      0.50         6\n\n    accuracy                           0.60        20\n   macro avg       0.45      0.55      0.49        20\nweighted avg       0.50      0.60      0.54        20\n',
    );
    assert.equal(
      classificationReportText(yTrue, yPred, { labels: Int32Array.from([5, 2, 0, 3, 1]) }),
      '              precision    recall  f1-score   support\n\n           5       0.00      0.00      0.00         0\n           2       0.62      0.71      0.67         7\n           0       0.67      1.00      0.80         4\n           3       0.00      0.00      0.00         3\n           1       0.50      0.50      0.50         6\n\n   micro avg       0.60      0.60      0.60        20\n   macro avg       0.36      0.44      0.39        20\nweighted avg       0.50      0.60      0.54        20\n',
    );
  });

  it('prints weighted supports as Python floats, totalled in numpy order', () => {
    assert.equal(
      classificationReportText(yTrue, yPred, { sampleWeight: weights }),
      '              precision    recall  f1-score   support\n\n           0       0.80      1.00      0.89       5.0\n           1       0.45      0.33      0.38       7.5\n           2       0.55      0.75      0.63       8.0\n           3       0.00      0.00      0.00      2.25\n\n    accuracy                           0.59     22.75\n   macro avg       0.45      0.52      0.48     22.75\nweighted avg       0.52      0.59      0.54     22.75\n',
    );
    assert.equal(
      classificationReportText(yTrue, yPred, { sampleWeight: weights2 }),
      '              precision    recall  f1-score   support\n\n           0       0.82      1.00      0.90 5.6000000000000005\n           1       0.45      0.33      0.38       7.5\n           2       0.56      0.76      0.64     8.352\n           3       0.00      0.00      0.00      2.25\n\n    accuracy                           0.61    23.702\n   macro avg       0.46      0.52      0.48    23.702\nweighted avg       0.53      0.61      0.56    23.702\n',
    );
    assert.equal(
      classificationReportText(yTrue, yPred, { sampleWeight: weights2, labels: Int32Array.from([3, 1]) }),
      '              precision    recall  f1-score   support\n\n           3       0.00      0.00      0.00      2.25\n           1       0.45      0.33      0.38       7.5\n\n   micro avg       0.45      0.26      0.33      9.75\n   macro avg       0.23      0.17      0.19      9.75\nweighted avg       0.35      0.26      0.30      9.75\n',
    );
  });

  it('totals ten weighted supports as np.sum does (304.352, where a left-to-right sum gives 304.35200000000003)', () => {
    const labels = Int32Array.from({ length: 10 }, (_, k) => k);
    const sampleWeight = new Float64Array(10).fill(30.4352);
    assert.equal(
      classificationReportText(labels, labels, { sampleWeight }),
      '              precision    recall  f1-score   support\n\n' +
        '           0       1.00      1.00      1.00   30.4352\n           1       1.00      1.00      1.00   30.4352\n           2       1.00      1.00      1.00   30.4352\n           3       1.00      1.00      1.00   30.4352\n           4       1.00      1.00      1.00   30.4352\n           5       1.00      1.00      1.00   30.4352\n           6       1.00      1.00      1.00   30.4352\n           7       1.00      1.00      1.00   30.4352\n           8       1.00      1.00      1.00   30.4352\n           9       1.00      1.00      1.00   30.4352\n\n' +
        '    accuracy                           1.00   304.352\n   macro avg       1.00      1.00      1.00   304.352\nweighted avg       1.00      1.00      1.00   304.352\n',
    );
  });

  it('refuses a row order that does not list the report\'s classes', () => {
    const report = classificationReport(yTrue, yPred);
    assert.throws(() => formatClassificationReport(report, { labels: Int32Array.from([0, 1, 2]) }), isInvalid('labels', /must list the report's classes \(0, 1, 2, 3\)/));
    assert.throws(() => formatClassificationReport(report, { labels: Int32Array.from([0, 1, 2, 7]) }), isInvalid('labels', /7 has no row/));
  });
});
