/**
 * ECharts with only the pieces the dashboard draws (tree-shaken: bar, heatmap and parallel
 * coordinates, SVG output), instead of the whole library.
 */
import { BarChart, HeatmapChart, ParallelChart } from 'echarts/charts';
import type { BarSeriesOption, HeatmapSeriesOption, ParallelSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, ParallelComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import type {
  GridComponentOption,
  LegendComponentOption,
  ParallelComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';
import { init, registerTheme, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, HeatmapChart, ParallelChart, GridComponent, LegendComponent, ParallelComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

/** Options of a chart on x/y axes (bars, heatmap). */
type CartesianChartOption = ComposeOption<
  BarSeriesOption | HeatmapSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | VisualMapComponentOption
>;
/** Options of a parallel-coordinates chart (kept apart: ECharts' types reject grid and parallel in one option). */
type ParallelChartOption = ComposeOption<ParallelSeriesOption | ParallelComponentOption | TooltipComponentOption | VisualMapComponentOption>;

export type ChartOption = CartesianChartOption | ParallelChartOption;

/** The design system's colours (styles.css), for series. */
export const CHART_COLORS = {
  primary: '#4f46e5',
  series: ['#4f46e5', '#0891b2', '#ea580c', '#16a34a'],
  heat: ['#f5f6ff', '#c7c9fb', '#8b87f0', '#4f46e5', '#312e81'],
  text: '#1c2033',
  muted: '#5d6478',
  grid: '#e3e6ee',
  font: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
} as const;

const THEME = 'mnist-lab';
registerTheme(THEME, {
  color: CHART_COLORS.series,
  textStyle: { fontFamily: CHART_COLORS.font, color: CHART_COLORS.text },
});

export function createChart(container: HTMLElement): EChartsType {
  return init(container, THEME, { renderer: 'svg' });
}
