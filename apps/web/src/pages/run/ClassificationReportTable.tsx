import type { ClassificationReport, ClassificationReportRow } from '../../api/types';
import { averageRows, classRows } from '../../lib/report';

const score = (value: number) => value.toFixed(2);

/** scikit-learn's classification report: precision, recall, F1 and support per class, then the averages. */
export function ClassificationReportTable({ report, caption }: { report: ClassificationReport; caption: string }) {
  const accuracy = report['accuracy'];
  const rows = classRows(report);
  const support = rows.reduce((total, [, row]) => total + row.support, 0);
  return (
    <div className="table-scroll">
      <table className="table table-compact">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col" className="numeric">
              Precision
            </th>
            <th scope="col" className="numeric">
              Recall
            </th>
            <th scope="col" className="numeric">
              F1-score
            </th>
            <th scope="col" className="numeric">
              Support
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, row]) => (
            <ReportRow key={label} name={label} row={row} />
          ))}
          {typeof accuracy === 'number' && (
            <tr>
              <th scope="row">accuracy</th>
              <td />
              <td />
              <td className="numeric">{score(accuracy)}</td>
              <td className="numeric">{support}</td>
            </tr>
          )}
          {averageRows(report).map(([name, row]) => (
            <ReportRow key={name} name={name} row={row} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReportRow({ name, row }: { name: string; row: ClassificationReportRow }) {
  return (
    <tr>
      <th scope="row">{name}</th>
      <td className="numeric">{score(row.precision)}</td>
      <td className="numeric">{score(row.recall)}</td>
      <td className="numeric">{score(row['f1-score'])}</td>
      <td className="numeric">{row.support}</td>
    </tr>
  );
}
