import { useMemo } from 'react';
import type { Prediction } from '../../api/types';
import { Chart } from '../../charts/Chart';
import { CHART_COLORS, type ChartOption } from '../../charts/echarts';

/** The class probabilities as bars, the predicted class highlighted. */
export function ProbabilityChart({ prediction }: { prediction: Prediction }) {
  const entries = useMemo(() => Object.entries(prediction.probabilities).sort(([a], [b]) => Number(a) - Number(b)), [prediction]);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 44, right: 8, top: 12, bottom: 28 },
      tooltip: { trigger: 'axis', valueFormatter: (value) => `${(Number(value) * 100).toFixed(1)}%` },
      xAxis: { type: 'category', data: entries.map(([label]) => label) },
      yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (value: number) => `${Math.round(value * 100)}%` } },
      series: [
        {
          type: 'bar',
          data: entries.map(([label, probability]) => ({
            value: probability,
            itemStyle: { color: label === String(prediction.label) ? CHART_COLORS.primary : '#c7c9fb', borderRadius: [4, 4, 0, 0] },
          })),
        },
      ],
    }),
    [entries, prediction.label],
  );
  const summary = entries.map(([label, probability]) => `${label}: ${(probability * 100).toFixed(1)}%`).join(', ');
  return <Chart option={option} height={260} label={`Class probabilities: ${summary}`} />;
}
