import { useEffect, useRef } from 'react';
import type { EChartsType } from 'echarts/core';
import { createChart, type ChartOption } from './echarts';

interface ChartProps {
  option: ChartOption;
  /** What the chart shows, for screen readers (the same data is in a table nearby). */
  label: string;
  height: number;
}

/** An ECharts instance bound to a div: created once, updated with each option, resized with its box. */
export function Chart({ option, label, height }: ChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const instance = createChart(element);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={container} className="chart" style={{ height }} role="img" aria-label={label} />;
}
