import { useMemo, useState } from 'react';
import type { LabelledMatrix } from '../../api/types';
import { Chart } from '../../charts/Chart';
import { CHART_COLORS, type ChartOption } from '../../charts/echarts';
import { Card } from '../../components/Card';
import { SelectField } from '../../components/SelectField';
import { confusionView, type Normalization } from '../../lib/confusion';

const NORMALIZATIONS: { value: Normalization; label: string }[] = [
  { value: 'none', label: 'Counts' },
  { value: 'true', label: 'By true label (rows)' },
  { value: 'pred', label: 'By prediction (columns)' },
  { value: 'all', label: 'By total' },
];

/** The confusion matrix as a heatmap, with scikit-learn's `normalize` and an errors-only view. */
export function ConfusionMatrixCard({ confusion, subset }: { confusion: LabelledMatrix; subset: string }) {
  const [normalize, setNormalize] = useState<Normalization>('none');
  const [errorsOnly, setErrorsOnly] = useState(false);
  const matrix = useMemo(() => confusionView(confusion.matrix, normalize, errorsOnly), [confusion, normalize, errorsOnly]);
  const option = useMemo(() => heatmapOption(confusion.labels, matrix, normalize !== 'none'), [confusion.labels, matrix, normalize]);
  const description = `${errorsOnly ? 'Errors only, ' : ''}${NORMALIZATIONS.find((n) => n.value === normalize)?.label.toLowerCase()}`;

  return (
    <Card
      title="Confusion matrix"
      description={`Rows: true label, columns: predicted label (${subset} set).`}
      actions={
        <>
          <SelectField
            id="confusion-normalize"
            label="Normalize"
            value={normalize}
            options={NORMALIZATIONS}
            onChange={(value) => setNormalize(value as Normalization)}
          />
          <label className="checkbox">
            <input type="checkbox" checked={errorsOnly} onChange={(event) => setErrorsOnly(event.target.checked)} />
            Errors only
          </label>
        </>
      }
    >
      <Chart option={option} height={440} label={`Confusion matrix heatmap of the ${subset} set: ${description}`} />
    </Card>
  );
}

function heatmapOption(labels: number[], matrix: number[][], asPercent: boolean): ChartOption {
  const names = labels.map(String);
  const max = Math.max(...matrix.flat(), asPercent ? 0.01 : 1);
  const format = (value: number) => (asPercent ? `${Math.round(value * 100)}%` : String(value));
  return {
    grid: { left: 44, right: 8, top: 8, bottom: 64 },
    tooltip: {
      formatter: (params) => {
        const [x, y, value] = (params as unknown as { value: [number, number, number] }).value;
        return `true ${names[y]} → predicted ${names[x]}: ${format(value)}`;
      },
    },
    xAxis: { type: 'category', data: names, name: 'Predicted', nameLocation: 'middle', nameGap: 26, splitArea: { show: true } },
    yAxis: { type: 'category', data: names, name: 'True', nameLocation: 'middle', nameGap: 28, inverse: true, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      itemWidth: 10,
      inRange: { color: [...CHART_COLORS.heat] },
      formatter: (value) => format(Number(value)),
    },
    series: [
      {
        type: 'heatmap',
        data: matrix.flatMap((row, y) =>
          row.map((value, x) => ({ value: [x, y, value], label: { color: value > max / 2 ? '#ffffff' : CHART_COLORS.text } })),
        ),
        label: {
          show: true,
          fontSize: 10,
          formatter: (params) => {
            const value = (params.value as number[])[2] ?? 0;
            return value === 0 ? '' : format(value);
          },
        },
        emphasis: { itemStyle: { borderColor: CHART_COLORS.text, borderWidth: 1 } },
      },
    ],
  };
}
