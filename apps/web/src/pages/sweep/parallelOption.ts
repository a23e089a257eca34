import type { Json, SweepCandidate } from '../../api/types';
import { CHART_COLORS, type ChartOption } from '../../charts/echarts';

export const SCORE_AXIS_NAME = 'mean CV score';
const AXIS_NAME_FONT_SIZE = 11;
/** An upper bound of one character's width at that size, so that a name is never under-estimated. */
const CHARACTER_WIDTH = AXIS_NAME_FONT_SIZE * 0.62;
const MIN_SIDE_MARGIN = 48;

/**
 * The parallel-coordinates option for scored candidates: one axis per parameter, then the mean CV
 * score. A parameter that is a number in every candidate gets a value axis (logarithmic when it
 * spans two orders of magnitude); any other, including a number that is None for some candidates,
 * a category axis with None first, then numbers in order, then text, so None never reads as a number.
 */
export function parallelOption(candidates: SweepCandidate[]): ChartOption {
  const names = [...new Set(candidates.flatMap((candidate) => Object.keys(candidate.params)))];
  const numeric = names.map((name) => candidates.every((candidate) => typeof candidate.params[name] === 'number'));
  const categories = names.map((name) => [...new Set(candidates.map((candidate) => axisValue(candidate.params[name])))].sort(compareLabels));
  const scores = candidates.map((candidate) => candidate.mean_test_score ?? 0);
  const scoreAxis = names.length;
  // Axis names are centred over their axis, so the outer axes need half their name's width outside the grid.
  const [first = SCORE_AXIS_NAME] = names;
  return {
    parallel: {
      left: sideMargin(first),
      right: sideMargin(SCORE_AXIS_NAME),
      top: 48,
      bottom: 28,
      parallelAxisDefault: { nameTextStyle: { fontSize: AXIS_NAME_FONT_SIZE, color: CHART_COLORS.muted } },
    },
    parallelAxis: [
      ...names.map((name, dim) =>
        numeric[dim]
          ? { dim, name, type: numericAxisType(candidates.map((candidate) => candidate.params[name] as number)), scale: true }
          : { dim, name, type: 'category' as const, data: categories[dim] },
      ),
      { dim: scoreAxis, name: SCORE_AXIS_NAME, type: 'value' as const, scale: true },
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

/** Room in pixels for half of an axis name beside the grid, never less than the tick labels need. */
export function sideMargin(axisName: string): number {
  return Math.max(MIN_SIDE_MARGIN, Math.ceil((axisName.length * CHARACTER_WIDTH) / 2) + 8);
}

/** A parameter value as an axis label: None, the string itself, or JSON. */
function axisValue(value: Json | undefined): string {
  if (value === null || value === undefined) return 'None';
  return typeof value === 'string' ? value : JSON.stringify(value);
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
