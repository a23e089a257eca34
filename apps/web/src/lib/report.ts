import type { ClassificationReport, ClassificationReportRow } from '../api/types';

const AVERAGES = ['macro avg', 'weighted avg'] as const;
export type AverageName = (typeof AVERAGES)[number];

const isRow = (value: ClassificationReportRow | number | undefined): value is ClassificationReportRow => typeof value === 'object';

/** The per-class rows of scikit-learn's `classification_report(output_dict=True)`, in label order. */
export function classRows(report: ClassificationReport): [string, ClassificationReportRow][] {
  return Object.entries(report)
    .filter((entry): entry is [string, ClassificationReportRow] => isRow(entry[1]) && !(AVERAGES as readonly string[]).includes(entry[0]))
    .sort(([a], [b]) => Number(a) - Number(b));
}

export function averageRow(report: ClassificationReport, name: AverageName): ClassificationReportRow | undefined {
  const row = report[name];
  return isRow(row) ? row : undefined;
}

export function averageRows(report: ClassificationReport): [AverageName, ClassificationReportRow][] {
  return AVERAGES.flatMap((name) => {
    const row = averageRow(report, name);
    return row ? [[name, row] as [AverageName, ClassificationReportRow]] : [];
  });
}
