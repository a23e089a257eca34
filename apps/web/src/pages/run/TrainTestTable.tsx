import type { SubsetMetrics } from '../../api/types';
import { formatPercent } from '../../lib/format';
import { averageRow } from '../../lib/report';

/** Above this train − test accuracy gap the model is flagged as overfitting. */
const OVERFITTING_GAP = 0.05;

interface MetricRow {
  label: string;
  read: (metrics: SubsetMetrics) => number | undefined;
}

const ROWS: MetricRow[] = [
  { label: 'Accuracy', read: (m) => m.accuracy },
  { label: 'Macro precision', read: (m) => averageRow(m.classification_report, 'macro avg')?.precision },
  { label: 'Macro recall', read: (m) => averageRow(m.classification_report, 'macro avg')?.recall },
  { label: 'Macro F1', read: (m) => averageRow(m.classification_report, 'macro avg')?.['f1-score'] },
  { label: 'Weighted F1', read: (m) => averageRow(m.classification_report, 'weighted avg')?.['f1-score'] },
];

/** Train and test metrics side by side: a large gap means the model memorised its training set. */
export function TrainTestTable({ train, test }: { train: SubsetMetrics; test: SubsetMetrics }) {
  const gap = train.accuracy - test.accuracy;
  return (
    <div className="stack">
      <div className="table-scroll">
        <table className="table">
          <caption className="visually-hidden">Train and test metrics</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col" className="numeric">
                Train ({train.n_samples})
              </th>
              <th scope="col" className="numeric">
                Test ({test.n_samples})
              </th>
              <th scope="col" className="numeric">
                Train − test
              </th>
            </tr>
          </thead>
          <tbody>
            {ROWS.map(({ label, read }) => {
              const trainValue = read(train);
              const testValue = read(test);
              const difference = trainValue !== undefined && testValue !== undefined ? trainValue - testValue : undefined;
              return (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td className="numeric">{formatPercent(trainValue)}</td>
                  <td className="numeric">{formatPercent(testValue)}</td>
                  <td className="numeric">{difference === undefined ? '—' : `${(difference * 100).toFixed(2)} pt`}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className={gap > OVERFITTING_GAP ? 'alert alert-warning' : 'alert alert-info'}>
        {gap > OVERFITTING_GAP
          ? `Training accuracy is ${(gap * 100).toFixed(1)} points above test accuracy: the model overfits its training set.`
          : `Train and test accuracy are within ${(OVERFITTING_GAP * 100).toFixed(0)} points: no sign of overfitting.`}
      </p>
    </div>
  );
}
