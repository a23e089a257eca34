import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';
import { colorAt, contrastingTextColor, toHex, VIRIDIS } from './colormap';
import { FONT_STACK, svgToPng } from './raster';

export interface ConfusionMatrixChart {
  /** Class labels, in the order of the matrix's rows (true labels) and columns (predictions). */
  readonly labels: readonly (string | number)[];
  readonly matrix: readonly (readonly number[])[];
  readonly title: string;
  /** The values are fractions (a normalised matrix): cells and colour bar show whole percentages. */
  readonly percent: boolean;
  readonly format: 'svg' | 'png';
  /** Pixels; defaults 720 x 640. */
  readonly width?: number;
  readonly height?: number;
}

export const CONFUSION_MATRIX_SIZE = { width: 720, height: 640 } as const;

const TEXT_COLOR = '#222222';
const COLOR_BAR_WIDTH = 18;
/** Room around the square plot: title above, tick labels and axis names below and left, colour bar right. */
const MARGIN = { top: 56, bottom: 64, left: 72, right: 120 } as const;

/**
 * scikit-learn's `ConfusionMatrixDisplay.plot()`: a viridis heatmap, true labels down the side
 * (first class at the top), predicted labels along the bottom, every cell's value written in a
 * colour that contrasts with the cell, and a colour bar. Counts are written as integers,
 * normalised values as percentages with no decimals (the notebook's `values_format=".0%"`).
 */
export async function renderConfusionMatrix(chart: ConfusionMatrixChart): Promise<Buffer> {
  const { labels, matrix } = chart;
  const { width = CONFUSION_MATRIX_SIZE.width, height = CONFUSION_MATRIX_SIZE.height } = chart;
  if (matrix.length !== labels.length || matrix.some((row) => row.length !== labels.length)) {
    throw new RangeError(`a confusion matrix over ${labels.length} labels must be ${labels.length} x ${labels.length}`);
  }
  const svg = renderSvg(heatmapOption(chart, width, height), width, height);
  return chart.format === 'svg' ? Buffer.from(svg, 'utf8') : svgToPng(svg);
}

function renderSvg(option: EChartsOption, width: number, height: number): string {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    instance.setOption(option);
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
}

function heatmapOption(chart: ConfusionMatrixChart, width: number, height: number): EChartsOption {
  const { labels, matrix, percent } = chart;
  const side = Math.min(width - MARGIN.left - MARGIN.right, height - MARGIN.top - MARGIN.bottom);
  if (side < 10 * Math.max(labels.length, 1)) throw new RangeError(`${width} x ${height} pixels is too small for ${labels.length} labels`);

  const { min, max } = colorRange(matrix);
  const tickStep = niceStep(max - min, percent ? 0.01 : 1);
  const format = percent ? formatPercent : formatCount;
  const cellSize = side / Math.max(labels.length, 1);
  const cells = matrix.flatMap((row, i) =>
    row.map((value, j) => ({
      value: [j, i, value],
      label: { color: contrastingTextColor(colorAt(VIRIDIS, (value - min) / (max - min))) },
    })),
  );
  const categories = labels.map(String);
  const axisText = { color: TEXT_COLOR, fontSize: 13 };
  const axisName = { color: TEXT_COLOR, fontSize: 14 };
  const colorBarLeft = MARGIN.left + side + 24;

  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_STACK },
    title: {
      text: chart.title,
      left: 'center',
      top: 16,
      textStyle: { fontFamily: FONT_STACK, fontSize: 16, fontWeight: 'bold', color: TEXT_COLOR },
    },
    grid: [
      { left: MARGIN.left, top: MARGIN.top, width: side, height: side },
      // An invisible plot exactly beside the colour bar, only to give the bar an axis with ticks.
      { left: colorBarLeft, top: MARGIN.top, width: COLOR_BAR_WIDTH, height: side },
    ],
    xAxis: [
      {
        type: 'category',
        data: categories,
        name: 'Predicted label',
        nameLocation: 'middle',
        nameGap: 32,
        nameTextStyle: axisName,
        axisLabel: axisText,
        axisTick: { alignWithLabel: true },
      },
      { type: 'value', gridIndex: 1, show: false },
    ],
    yAxis: [
      {
        type: 'category',
        data: categories,
        inverse: true,
        name: 'True label',
        nameLocation: 'middle',
        nameGap: 36,
        nameTextStyle: axisName,
        axisLabel: axisText,
        axisTick: { alignWithLabel: true },
      },
      {
        type: 'value',
        gridIndex: 1,
        position: 'right',
        min,
        max,
        interval: tickStep,
        splitLine: { show: false },
        // Not at the hidden x axis's zero, which is the bar's left edge.
        axisLine: { show: false, onZero: false },
        axisTick: { show: true, length: 4 },
        axisLabel: {
          ...axisText,
          fontSize: 12,
          // Only round ticks are labelled, as matplotlib's colour bar: not the data's own min and max.
          showMinLabel: isMultipleOf(min, tickStep),
          showMaxLabel: isMultipleOf(max, tickStep),
          formatter: (value: number) => format(value),
        },
      },
    ],
    visualMap: {
      type: 'continuous',
      min,
      max,
      seriesIndex: 0,
      calculable: false,
      orient: 'vertical',
      left: colorBarLeft,
      top: MARGIN.top,
      padding: 0,
      itemWidth: COLOR_BAR_WIDTH,
      itemHeight: side,
      inRange: { color: VIRIDIS.map(toHex) },
    },
    series: [
      {
        type: 'heatmap',
        data: cells,
        label: {
          show: true,
          fontSize: Math.max(8, Math.min(14, Math.floor(cellSize * 0.3))),
          formatter: (params: { value: unknown }) => format((params.value as number[])[2]),
        },
      },
    ],
  };
}

/** The data's range, as matplotlib's `imshow` scales its colours; a constant matrix gets a unit range. */
function colorRange(matrix: readonly (readonly number[])[]): { min: number; max: number } {
  const values = matrix.flat();
  const min = values.length > 0 ? Math.min(...values) : 0;
  const max = values.length > 0 ? Math.max(...values) : 1;
  return max > min ? { min, max } : { min, max: min + 1 };
}

/** A step of 1, 2 or 5 times a power of ten giving three to six ticks over `span`, and at least `smallest`. */
function niceStep(span: number, smallest: number): number {
  const rough = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((multiple) => multiple * magnitude >= rough) ?? 10) * magnitude;
  return Math.max(step, smallest);
}

function isMultipleOf(value: number, step: number): boolean {
  const quotient = value / step;
  return Math.abs(quotient - Math.round(quotient)) < 1e-9;
}

/** Python's `format(value, ".0%")`, which rounds ties to even (0.125 is "12%", 0.135 is "14%"). */
export function formatPercent(value: number): string {
  const scaled = value * 100;
  const floor = Math.floor(scaled);
  const fraction = scaled - floor;
  const rounded = fraction > 0.5 || (fraction === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  return `${rounded}%`;
}

function formatCount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(2);
}
