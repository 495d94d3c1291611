/**
 * A chart in the page: the shared option builder's output drawn by ECharts (SVG renderer), in a figure whose
 * caption names the formula or threshold source. Charts are disposed when the view changes.
 */
import { init, type ECharts } from 'echarts/core';
import { registerChartModules } from '../../../shared/charts/echarts-modules.ts';
import { el } from '../dom.ts';

const live = new Set<{ chart: ECharts; observer: ResizeObserver }>();

export function disposeCharts(): void {
  for (const c of live) {
    c.observer.disconnect();
    c.chart.dispose();
  }
  live.clear();
}

export interface ChartFigure {
  figure: HTMLElement;
  chart: ECharts;
}

/** The figure must be in the document before this is called (ECharts measures its container). */
export function chartFigure(parent: HTMLElement, options: { title: string; caption: string; option: Record<string, unknown>; height?: number; testId?: string }): ChartFigure {
  registerChartModules();
  const box = el('div', { class: 'chart', role: 'img', style: `height:${options.height ?? 320}px`, 'data-chart': options.testId ?? null });
  const figure = el('figure', { class: 'figure' }, el('h3', {}, options.title), box, el('figcaption', {}, options.caption));
  parent.append(figure);
  const chart = init(box, null, { renderer: 'svg' });
  chart.setOption(options.option);
  // ECharts' aria mode writes its description on the container; role=img makes it the image's name.
  if (!box.getAttribute('aria-label')) box.setAttribute('aria-label', `${options.title}. ${options.caption}`);
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(box);
  live.add({ chart, observer });
  return { figure, chart };
}
