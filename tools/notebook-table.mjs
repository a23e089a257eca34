// The main job's closing table: every model's fit time, train and test accuracy and macro F1,
// with the baseline's figures (scikit-learn's, from --baseline) beside them when given.

/** A model's four figures; null where the run failed or lacks that subset. */
export function modelFigures(model) {
  return {
    fit_seconds: model.fit_seconds ?? null,
    train_accuracy: model.train?.accuracy ?? null,
    test_accuracy: model.test?.accuracy ?? null,
    macro_f1: model.test?.classification_report?.['macro avg']?.['f1-score'] ?? null,
  };
}

const show = (value, digits) => (value === null || value === undefined ? '–' : value.toFixed(digits));

/** `{ headers, rows }` of strings: one row per model, in the job's order. */
export function modelTable(models, baseline = null) {
  const headers = ['model', 'fit s', 'train acc', 'test acc', 'macro F1'];
  // The baseline's library is named once, above the table (modelTableTitle), to keep the columns narrow.
  if (baseline) headers.push('baseline fit s', 'train acc', 'test acc', 'macro F1', 'Δ test acc (points)', 'fit ratio');
  const rows = models.map((model) => {
    const ours = modelFigures(model);
    const row = [model.name, show(ours.fit_seconds, 1), show(ours.train_accuracy, 4), show(ours.test_accuracy, 4), show(ours.macro_f1, 4)];
    if (baseline) {
      const theirs = baseline.models[model.name] ?? {};
      const delta = ours.test_accuracy !== null && theirs.test_accuracy !== undefined ? (ours.test_accuracy - theirs.test_accuracy) * 100 : null;
      const ratio = ours.fit_seconds !== null && theirs.fit_seconds ? ours.fit_seconds / theirs.fit_seconds : null;
      row.push(show(theirs.fit_seconds, 1), show(theirs.train_accuracy, 4), show(theirs.test_accuracy, 4), show(theirs.macro_f1, 4));
      row.push(delta === null ? '–' : `${delta >= 0 ? '+' : ''}${delta.toFixed(2)}`, ratio === null ? '–' : `${ratio.toFixed(2)}x`);
    }
    return row;
  });
  return { headers, rows };
}

/** What the table compares: "every model", and the baseline's library when there is one. */
export function modelTableTitle(baseline = null) {
  return baseline ? `every model, with the baseline: ${baseline.library}${baseline.n_samples ? ` on ${baseline.n_samples} images` : ''}` : 'every model';
}

/** The table as aligned text: the first column left-aligned, numbers right-aligned. */
export function formatTable({ headers, rows }) {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
