/**
 * Server-side rendering of a chart option to an SVG string (ECharts' SSR mode: no DOM, no canvas).
 * The chart is always disposed, or a timer keeps the process alive.
 */
import { init } from 'echarts/core';
import { registerChartModules } from './echarts-modules.ts';

export interface RenderedChart {
  svg: string;
  /** Where data coordinates [x, y] of series `seriesIndex` landed, in pixels (for checks of the picture). */
  pixels: { seriesIndex: number; at: [number, number]; px: [number, number] }[];
}

export function renderChartSvg(option: Record<string, unknown>, size: { width: number; height: number }, probes: { seriesIndex: number; at: [number, number] }[] = []): RenderedChart {
  registerChartModules();
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(option);
    const pixels = probes.map((p) => ({ ...p, px: chart.convertToPixel({ seriesIndex: p.seriesIndex }, p.at) as unknown as [number, number] }));
    return { svg: chart.renderToSVGString(), pixels };
  } finally {
    chart.dispose();
  }
}
