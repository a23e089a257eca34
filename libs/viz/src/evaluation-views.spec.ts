import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidParameterError } from '@mnist-lab/ml';
import { describeConfusionMatrix, misclassifiedDigits, runPictureTitle, selectConfusionMatrix, selectMisclassified, type StoredEvaluationViews } from './evaluation-views';

const matrix = (value: number) => ({ labels: [0, 1], matrix: [[value, 0], [0, value]] });
const views: StoredEvaluationViews = {
  confusion_matrix: matrix(5),
  confusion_matrix_normalized: { true: matrix(1), pred: matrix(0.9), all: matrix(0.5) },
  errors_only_confusion_matrix: { labels: [0, 1], matrix: [[0, 1], [0, 0]] },
  multilabel_confusion_matrix: { labels: [0, 1], matrices: [] },
  classification_report: {},
  classification_report_text: '',
  most_confused_pairs: [],
  misclassified: {
    total: 2,
    shown: 2,
    samples: [
      { index: 4, true_label: 3, predicted_label: 5, probabilities: null },
      { index: 9, true_label: 7, predicted_label: 1, probabilities: null },
    ],
  },
};

describe('selectConfusionMatrix', () => {
  it('picks the raw matrix as counts and a normalised one as fractions', () => {
    assert.deepEqual(selectConfusionMatrix(views, { normalize: 'none', errorsOnly: false }), { ...matrix(5), percent: false, normalize: 'none' });
    assert.deepEqual(selectConfusionMatrix(views, { normalize: 'pred', errorsOnly: false }), { ...matrix(0.9), percent: true, normalize: 'pred' });
  });

  it('gives the errors-only matrix, normalised by true label, for normalize none or true', () => {
    for (const normalize of ['none', 'true'] as const) {
      const selected = selectConfusionMatrix(views, { normalize, errorsOnly: true });
      assert.deepEqual(selected.matrix, views.errors_only_confusion_matrix.matrix);
      assert.equal(selected.normalize, 'true');
    }
  });

  it('refuses another normalisation of the errors-only matrix, naming normalize', () => {
    assert.throws(
      () => selectConfusionMatrix(views, { normalize: 'all', errorsOnly: true }),
      (error: unknown) => error instanceof InvalidParameterError && error.path === 'normalize' && /must be "none" or "true"/.test(error.message),
    );
  });
});

describe('titles and captions', () => {
  it('names the model, the run and the view', () => {
    const run = { id: '0123abcd-0000-4000-8000-000000000000', modelType: 'logistic_regression' };
    const selected = selectConfusionMatrix(views, { normalize: 'none', errorsOnly: true });
    assert.equal(runPictureTitle(run, describeConfusionMatrix('train', selected, true)), 'logistic_regression run 0123abcd — train, errors only (normalize=true)');
  });

  it('captions misclassified digits true → predicted, up to the limit', () => {
    const digits = misclassifiedDigits(views.misclassified!.samples, 1, (index) => Uint8Array.of(index));
    assert.deepEqual(digits, [{ pixels: Uint8Array.of(4), caption: '3 → 5' }]);
  });
});

describe('selectMisclassified', () => {
  // Labels 0-2; the stored samples are a capped subset of the matrix's errors (2 of 0 → 1's 3).
  const cells: StoredEvaluationViews = {
    ...views,
    confusion_matrix: { labels: [0, 1, 2], matrix: [[5, 3, 1], [0, 6, 2], [0, 0, 7]] },
    misclassified: {
      total: 6,
      shown: 4,
      samples: [
        { index: 1, true_label: 0, predicted_label: 1, probabilities: null },
        { index: 2, true_label: 1, predicted_label: 2, probabilities: null },
        { index: 3, true_label: 0, predicted_label: 1, probabilities: null },
        { index: 4, true_label: 0, predicted_label: 2, probabilities: null },
      ],
    },
  };
  const indices = (selected: { samples: readonly { index: number }[] }) => selected.samples.map((sample) => sample.index);

  it('gives every stored error without a cell', () => {
    const all = selectMisclassified(cells);
    assert.deepEqual([all.total, indices(all), all.description], [6, [1, 2, 3, 4], '']);
  });

  it('gives one cell, a row or a column, counted in the confusion matrix', () => {
    const cell = selectMisclassified(cells, { trueLabel: 0, predictedLabel: 1 });
    assert.deepEqual([cell.total, indices(cell), cell.description], [3, [1, 3], ' true 0 → predicted 1']);
    const row = selectMisclassified(cells, { trueLabel: 0 });
    assert.deepEqual([row.total, indices(row), row.description], [4, [1, 3, 4], ' true 0']);
    const column = selectMisclassified(cells, { predictedLabel: 2 });
    assert.deepEqual([column.total, indices(column), column.description], [3, [2, 4], ' predicted 2']);
  });

  it('refuses a label that is not a class, and a diagonal cell, naming the query field', () => {
    const refused = (cell: { trueLabel?: number; predictedLabel?: number }, field: string, message: RegExp) =>
      assert.throws(() => selectMisclassified(cells, cell), (error: unknown) => error instanceof InvalidParameterError && error.path === field && message.test(error.message));
    refused({ trueLabel: 7 }, 'true', /must be one of the run's classes \(0, 1, 2\); got 7/);
    refused({ predictedLabel: -1 }, 'pred', /got -1/);
    refused({ trueLabel: 2, predictedLabel: 2 }, 'pred', /equals true \(2\)/);
  });
});
