import { useMemo } from 'react';
import type { Json, SweepCandidate } from '../../api/types';
import { Chart } from '../../charts/Chart';
import { CHART_COLORS, type ChartOption } from '../../charts/echarts';

/** Each scored candidate as a line through its parameter values to its mean CV score. */
export function ParallelCoordinatesChart({ candidates }: { candidates: SweepCandidate[] }) {
  const scored = useMemo(() => candidates.filter((candidate) => candidate.mean_test_score !== null), [candidates]);
  const option = useMemo(() => parallelOption(scored), [scored]);
  if (scored.length === 0) return <p className="muted">The chart appears once a candidate has all its folds scored.</p>;
  const label = `Parallel coordinates of ${scored.length} candidates: parameters against mean cross-validation score`;
  return <Chart option={option} height={360} label={label} />;
}

/** A parameter value as an axis label: None, the string itself, or JSON. */
function axisValue(value: Json | undefined): string {
  if (value === null || value === undefined) return 'None';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function parallelOption(candidates: SweepCandidate[]): ChartOption {
  const names = [...new Set(candidates.flatMap((candidate) => Object.keys(candidate.params)))];
  const numeric = names.map((name) => candidates.every((candidate) => typeof candidate.params[name] === 'number'));
  const categories = names.map((name) => [...new Set(candidates.map((candidate) => axisValue(candidate.params[name])))].sort(compareLabels));
  const scores = candidates.map((candidate) => candidate.mean_test_score ?? 0);
  const scoreAxis = names.length;
  return {
    parallel: { left: 48, right: 72, top: 48, bottom: 28, parallelAxisDefault: { nameTextStyle: { fontSize: 11, color: CHART_COLORS.muted } } },
    parallelAxis: [
      ...names.map((name, dim) =>
        numeric[dim]
          ? { dim, name, type: numericAxisType(candidates.map((candidate) => candidate.params[name] as number)), scale: true }
          : { dim, name, type: 'category' as const, data: categories[dim] },
      ),
      { dim: scoreAxis, name: 'mean CV score', type: 'value' as const, scale: true },
    ],
    visualMap: {
      show: false,
      dimension: scoreAxis,
      min: Math.min(...scores),
      max: Math.max(...scores),
      inRange: { color: [...CHART_COLORS.heat.slice(1)] },
    },
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'parallel',
        lineStyle: { width: 2, opacity: 0.8 },
        data: candidates.map((candidate) => [
          ...names.map((name, dim) => (numeric[dim] ? (candidate.params[name] as number) : axisValue(candidate.params[name]))),
          candidate.mean_test_score ?? 0,
        ]),
      },
    ],
  };
}

/** A logarithmic axis for positive values spanning two orders of magnitude or more (C = 0.01 … 10). */
function numericAxisType(values: number[]): 'log' | 'value' {
  const min = Math.min(...values);
  return min > 0 && Math.max(...values) / min >= 100 ? 'log' : 'value';
}

/** None first, then numbers in order, then text. */
function compareLabels(a: string, b: string): number {
  if (a === 'None' || b === 'None') return a === b ? 0 : a === 'None' ? -1 : 1;
  const [x, y] = [Number(a), Number(b)];
  if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a.localeCompare(b);
}
