// The main job's report folder: `<reports>/<timestamp>/index.html` (one self-contained page: tables,
// and the pictures inlined as data: URIs, so that it opens offline and can be mailed as one file)
// and `report.json` (the same figures, for scripts). Pure functions but `writeReport`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelTable, modelTableTitle } from './notebook-table.mjs';

/** "2026-12-04T18-40-05Z": an ISO time that is a valid folder name everywhere and sorts by time. */
export function reportFolderName(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replaceAll(':', '-');
}

/**
 * Writes `report.json` and `index.html` (with `pictures`: id -> { png: Buffer, caption }) into a
 * new folder under `root`, plus `files` (name -> bytes, e.g. the best model's artifact); returns
 * the folder.
 */
export function writeReport(root, report, pictures, { date = new Date(report.created_at), files = {} } = {}) {
  const dir = join(root, reportFolderName(date));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'index.html'), renderReportHtml(report, pictures));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  return dir;
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (char) => ESCAPES[char]);

const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);
const fixed = (value, digits = 4) => (typeof value === 'number' ? value.toFixed(digits) : '–');

function table(headers, rows, { className = '' } = {}) {
  const head = headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table class="${className}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function picture(pictures, id) {
  const found = pictures[id];
  if (!found) return '';
  const src = `data:image/png;base64,${found.png.toString('base64')}`;
  return `<figure><img src="${src}" alt="${escapeHtml(found.caption)}"><figcaption>${escapeHtml(found.caption)}</figcaption></figure>`;
}

function classificationReport(report) {
  const rows = Object.entries(report)
    .filter(([key]) => key !== 'accuracy')
    .map(([key, row]) => [key, fixed(row.precision, 2), fixed(row.recall, 2), fixed(row['f1-score'], 2), row.support]);
  return table(['', 'precision', 'recall', 'f1-score', 'support'], rows, { className: 'numbers' });
}

/** sklearn's multilabel_confusion_matrix, one [[TN, FP], [FN, TP]] per label, as one row each. */
function multilabel({ labels, matrices }) {
  return table(['label', 'TN', 'FP', 'FN', 'TP'], labels.map((label, i) => [label, ...matrices[i].flat()]), { className: 'numbers' });
}

function subset(name, set, views, pictures) {
  if (!views) return `<p>No ${set} evaluation.</p>`;
  return `<div class="subset"><h4>${set} set: accuracy ${fixed(views.accuracy)} (${views.n_samples} samples)</h4>
${picture(pictures, `${name}:${set}:normalized`)}
<details><summary>classification report</summary>${classificationReport(views.classification_report)}</details>
<details><summary>confusion matrix (counts; rows = true, columns = predicted)</summary>${table(['', ...views.confusion_matrix.labels], views.confusion_matrix.matrix.map((row, i) => [views.confusion_matrix.labels[i], ...row]), { className: 'numbers' })}</details>
<details><summary>multilabel confusion matrix</summary>${multilabel(views.multilabel_confusion_matrix)}</details>
${picture(pictures, `${name}:${set}:errors_only`)}
</div>`;
}

function modelSection(model, pictures) {
  const head = `<h3 id="${escapeHtml(model.name)}">${escapeHtml(model.title)}</h3>
<p class="meta">run ${escapeHtml(model.run_id)} · ${escapeHtml(model.status)}${model.tensor_backend ? ` · backend ${escapeHtml(model.tensor_backend)}` : ''}${typeof model.fit_seconds === 'number' ? ` · fit ${model.fit_seconds.toFixed(1)} s` : ''}</p>`;
  if (model.status !== 'succeeded') return `<section>${head}<p class="error">${escapeHtml(model.error ?? 'did not succeed')}</p></section>`;
  const gap = model.train && model.test ? `<p>train − test accuracy: ${fixed(model.train.accuracy - model.test.accuracy)} (the notebook's overfitting check)</p>` : '';
  return `<section>${head}${gap}<div class="subsets">${subset(model.name, 'test', model.test, pictures)}${subset(model.name, 'train', model.train, pictures)}</div></section>`;
}

function dataSection(data, split, pictures) {
  const counts = table(['class', ...data.classes.map(({ label }) => label)], [['count', ...data.classes.map(({ count }) => count)]], { className: 'numbers' });
  return `<section><h2>1. The data</h2>
<p>${escapeHtml(data.name)}: ${data.n_samples} samples${data.image_shape ? ` of ${data.image_shape.join(' × ')} images` : ` of ${data.n_features} features`}; values in [${data.min}, ${data.max}], mean ${fixed(data.mean, 2)}; NaN values: ${data.nan_count}.</p>
${counts}
${picture(pictures, 'digit')}
<h2>2. The split</h2>
<p>train_test_split(test_size=${split.test_size}, random_state=${split.random_state}) of the first ${split.n_samples} samples: ${split.n_train} training, ${split.n_test} test.</p></section>`;
}

function searchSection(search) {
  if (!search) return '';
  const rows = search.candidates.map((candidate) => [candidate.rank, fixed(candidate.mean), fixed(candidate.std), JSON.stringify(candidate.params)]);
  return `<section><h2>RandomizedSearchCV</h2>
<p>sweep ${escapeHtml(search.sweep_id)} · ${escapeHtml(search.status)} · best CV accuracy ${fixed(search.best_score)} with ${escapeHtml(JSON.stringify(search.best_params))}; refitted on the training set as <a href="#search">its own run</a>.
The trials' fits took ${fixed(search.trial_fit_seconds, 1)} s in all (the table's fit time adds the refit's).</p>
${table(['rank', 'mean CV accuracy', 'std', 'params'], rows, { className: 'numbers' })}</section>`;
}

function errorSection(analysis, pictures) {
  if (!analysis) return '';
  const rows = analysis.pairs.map((pair) => [pair.true_label, pair.predicted_label, pair.count]);
  return `<section><h2>Error analysis: ${escapeHtml(analysis.title)}</h2>
<p>The most confused pairs of the test set (true → predicted) and their digits.</p>
${table(['true', 'predicted', 'count'], rows, { className: 'numbers' })}
<div class="gallery">${analysis.pairs.map((pair) => picture(pictures, `gallery:${pair.true_label}:${pair.predicted_label}`)).join('\n')}</div></section>`;
}

function reloadSection(reload) {
  if (!reload) return '';
  const saved = `${escapeHtml(reload.title)}: artifact ${escapeHtml(reload.file)} (${reload.size_bytes} bytes, sha256 ${escapeHtml(reload.sha256.slice(0, 12))}) downloaded,
uploaded back (model ${escapeHtml(reload.uploaded_model_id)}${reload.created ? '' : ', the same bytes as the stored one'})`;
  if (reload.skipped) return `<section><h2>Save, load, predict</h2><p>${saved}; predictions not checked: ${escapeHtml(reload.skipped)}.</p></section>`;
  const verdict =
    reload.identical === null
      ? `${reload.mismatches} differences among the predictions the run kept`
      : reload.identical
        ? "identical to the run's"
        : `DIFFERENT from the run's in ${reload.mismatches} of ${reload.n_predictions}`;
  return `<section><h2>Save, load, predict</h2>
<p>${saved}, and the ${reload.n_predictions} test images predicted through POST /models/:id/predict
in ${reload.predict_seconds.toFixed(1)} s: predictions ${escapeHtml(verdict)}; accuracy ${fixed(reload.accuracy)}.</p></section>`;
}

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
h1{margin-bottom:0}.meta{color:#666;margin-top:.2em}table{border-collapse:collapse;margin:.5em 0}
th,td{border:1px solid #ddd;padding:.2em .5em}table.numbers td{text-align:right;font-variant-numeric:tabular-nums}table.numbers td:first-child{text-align:left}
.subsets{display:flex;flex-wrap:wrap;gap:2em}figure{margin:.5em 0;display:inline-block}img{max-width:100%}
figcaption{color:#555;font-size:90%}.error{color:#b00}.gallery figure{margin-right:1em}details{margin:.3em 0}`;

/** The report page; every picture is inlined, nothing is fetched. */
export function renderReportHtml(report, pictures) {
  const summary = modelTable(report.models, report.baseline);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mnist-lab notebook report ${escapeHtml(report.created_at)}</title><style>${STYLE}</style></head>
<body>
<h1>The MNIST notebook, run by mnist-lab</h1>
<p class="meta">${escapeHtml(report.created_at)} · api ${escapeHtml(report.api)} · ${report.wall_seconds.toFixed(0)} s wall${report.baseline ? ` · baseline: ${escapeHtml(report.baseline.library)}` : ''}</p>
<h2>${escapeHtml(capitalised(modelTableTitle(report.baseline)))}</h2>
${table(summary.headers, summary.rows, { className: 'numbers' })}
${dataSection(report.data, report.split, pictures)}
${searchSection(report.search)}
<h2>Models</h2>
${report.models.map((model) => modelSection(model, pictures)).join('\n')}
${errorSection(report.error_analysis, pictures)}
${reloadSection(report.reload)}
</body></html>
`;
}
