/**
 * One echarts chart. Only `echarts/core` with the charts and components the board uses is
 * bundled (none of them generates code from strings: the page runs under a strict CSP), and this module
 * is loaded with the board, never with the first screen.
 */
import { BarChart, HeatmapChart, LineChart, RadarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, RadarComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { reducedMotion } from '../../theme.js';

echarts.use([LineChart, HeatmapChart, RadarChart, BarChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, RadarComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

export default function EChart({ option, height = 320, testId }: { option: ChartOption; height?: number; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return undefined;
    const instance = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const resize = () => instance.resize();
    const observer = new ResizeObserver(resize);
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(reducedMotion ? { ...option, animation: false } : option, { notMerge: true });
  }, [option]);
  return <div ref={ref} style={{ height, width: '100%' }} data-testid={testId} className="echart" />;
}
