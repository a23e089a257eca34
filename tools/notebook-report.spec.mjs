import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { escapeHtml, renderReportHtml, reportFolderName, writeReport } from './notebook-report.mjs';
import { formatTable, modelFigures, modelTable, modelTableTitle } from './notebook-table.mjs';

const subset = (accuracy, f1) => ({
  accuracy,
  n_samples: 10,
  confusion_matrix: { labels: [0, 1], matrix: [[4, 1], [0, 5]] },
  multilabel_confusion_matrix: { labels: [0, 1], matrices: [[[5, 0], [1, 4]], [[4, 1], [0, 5]]] },
  classification_report: { 0: { precision: 1, recall: 0.8, 'f1-score': 0.89, support: 5 }, accuracy, 'macro avg': { precision: 0.92, recall: 0.9, 'f1-score': f1, support: 10 } },
  most_confused_pairs: [{ true_label: 0, predicted_label: 1, count: 1 }],
});
const MODELS = [
  { name: 'forest', title: 'RandomForest <defaults>', run_id: 'r1', status: 'succeeded', fit_seconds: 12.34, train: subset(1, 1), test: subset(0.9, 0.8989) },
  { name: 'ovo', title: 'OvO', run_id: 'r2', status: 'failed', error: 'worker <lost>', fit_seconds: null, train: null, test: null },
];
const BASELINE = { library: 'scikit-learn 1.2.1', n_samples: null, models: { forest: { fit_seconds: 24.68, test_accuracy: 0.905 } } };
const REPORT = {
  created_at: '2026-12-04T18:40:05.123Z',
  api: 'http://127.0.0.1:3000',
  wall_seconds: 61.2,
  data: { name: 'mnist_784', n_samples: 10, image_shape: [28, 28], min: 0, max: 255, mean: 33.3, nan_count: 0, classes: [{ label: 0, count: 5 }, { label: 1, count: 5 }] },
  split: { test_size: 0.2, random_state: 42, n_samples: 10, n_train: 8, n_test: 2 },
  search: { sweep_id: 's1', status: 'succeeded', trial_fit_seconds: 30.5, wall_seconds: 20, best_params: { model__max_depth: 10 }, best_score: 0.95, candidates: [{ rank: 1, mean: 0.95, std: 0.01, params: { model__max_depth: 10 } }] },
  models: MODELS,
  error_analysis: { model: 'forest', title: 'RandomForest', pairs: [{ true_label: 0, predicted_label: 1, count: 1 }] },
  reload: { title: 'RandomForest', file: 'best-model-forest.mlab', size_bytes: 99, sha256: 'ab'.repeat(32), uploaded_model_id: 'm1', created: false, n_predictions: 2, predict_seconds: 0.5, mismatches: 0, identical: true, accuracy: 0.9 },
  baseline: BASELINE,
};
const PNG = Buffer.from('89504e470d0a1a0a', 'hex');
const PICTURES = { digit: { png: PNG, caption: 'sample 0' }, 'forest:test:normalized': { png: PNG, caption: 'forest test %' }, 'gallery:0:1': { png: PNG, caption: 'true 0 predicted 1' } };

describe('the final table', () => {
  it('gives fit time, train and test accuracy and macro F1, dashes where a run failed', () => {
    assert.deepEqual(modelFigures(MODELS[0]), { fit_seconds: 12.34, train_accuracy: 1, test_accuracy: 0.9, macro_f1: 0.8989 });
    const { headers, rows } = modelTable(MODELS);
    assert.deepEqual(headers, ['model', 'fit s', 'train acc', 'test acc', 'macro F1']);
    assert.deepEqual(rows, [['forest', '12.3', '1.0000', '0.9000', '0.8989'], ['ovo', '–', '–', '–', '–']]);
  });

  it('puts the baseline beside each model: its figures, the accuracy difference in points and the fit time ratio', () => {
    const { headers, rows } = modelTable(MODELS, BASELINE);
    assert.deepEqual(headers.slice(5), ['baseline fit s', 'train acc', 'test acc', 'macro F1', 'Δ test acc (points)', 'fit ratio']);
    assert.equal(modelTableTitle(BASELINE), 'every model, with the baseline: scikit-learn 1.2.1');
    assert.equal(modelTableTitle({ ...BASELINE, n_samples: 3000 }), 'every model, with the baseline: scikit-learn 1.2.1 on 3000 images');
    assert.equal(modelTableTitle(), 'every model');
    assert.deepEqual(rows[0].slice(5), ['24.7', '–', '0.9050', '–', '-0.50', '0.50x']);
    assert.deepEqual(rows[1].slice(5), ['–', '–', '–', '–', '–', '–']);
  });

  it('aligns the columns', () => {
    const lines = formatTable(modelTable(MODELS)).split('\n');
    assert.equal(lines[0], 'model   fit s  train acc  test acc  macro F1');
    assert.equal(lines[2], 'forest   12.3     1.0000    0.9000    0.8989');
    assert.equal(new Set(lines.map((line) => line.length)).size, 1);
  });
});

describe('the report folder', () => {
  it('is named by its UTC time, without colons', () => {
    assert.equal(reportFolderName(new Date('2026-12-04T18:40:05.123Z')), '2026-12-04T18-40-05Z');
  });

  it('writes report.json, a self-contained index.html and the extra files', () => {
    const root = mkdtempSync(join(tmpdir(), 'notebook-report-'));
    const dir = writeReport(root, REPORT, PICTURES, { files: { 'best-model-forest.mlab': Buffer.from('artifact') } });
    assert.equal(dir, join(root, '2026-12-04T18-40-05Z'));
    assert.deepEqual(readdirSync(dir).sort(), ['best-model-forest.mlab', 'index.html', 'report.json']);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')), REPORT);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    // Self-contained: every picture inline, nothing to fetch.
    assert.equal(html.match(/src="data:image\/png;base64,iVBORw0KGgo="/g).length, 3);
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//);
    assert.doesNotMatch(html, /<script|<link/);
  });

  it('shows the notebook\'s steps, tables and checks, escaping every value', () => {
    const html = renderReportHtml(REPORT, PICTURES);
    for (const text of ['1. The data', 'NaN values: 0', '2. The split', '8 training, 2 test', 'best CV accuracy 0.9500', 'took 30.5 s in all', 'RandomizedSearchCV', 'Error analysis', 'Save, load, predict', 'identical to the run&#39;s', 'multilabel confusion matrix', 'Every model, with the baseline: scikit-learn 1.2.1', 'baseline fit s']) {
      assert.ok(html.includes(text), `the page shows ${text}`);
    }
    assert.ok(html.includes('RandomForest &lt;defaults&gt;') && html.includes('worker &lt;lost&gt;'));
    assert.doesNotMatch(html, /<defaults>|<lost>/);
    assert.match(renderReportHtml({ ...REPORT, reload: { ...REPORT.reload, identical: false, mismatches: 1 } }, {}), /DIFFERENT from the run&#39;s in 1 of 2/);
  });

  it('escapes HTML', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
