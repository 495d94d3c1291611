import { palette } from './palette.ts';

/**
 * What every chart shares: no animation (the same picture in the page and in `analyze --plot`), ECharts'
 * accessibility mode (an aria description, and decal patterns on filled bars and areas where colour
 * would otherwise be the only difference) and tooltips rendered as
 * rich text inside the chart, never as HTML, so an athlete's name can never become markup.
 */
export function baseOption(extra: Record<string, unknown>, options: { decal?: boolean } = {}): Record<string, unknown> {
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: 'DejaVu Sans, Helvetica, Arial, sans-serif', color: palette.text },
    aria: { enabled: true, decal: { show: options.decal ?? true } },
    tooltip: { trigger: 'item', renderMode: 'richText', confine: true },
    ...extra,
  };
}

export const valueAxis = (name: string, extra: Record<string, unknown> = {}) => ({
  type: 'value',
  name,
  nameLocation: 'middle',
  nameGap: 44,
  splitLine: { lineStyle: { color: palette.grid } },
  ...extra,
});

/** A horizontal reference line with its label, e.g. "256 N (Opar 2015)". */
export const yLine = (value: number, label: string, color: string, type: 'solid' | 'dashed' | 'dotted' = 'dashed') => ({
  yAxis: value,
  name: label,
  lineStyle: { color, type, width: 1.5 },
  label: { formatter: label, position: 'insideEndTop', color: palette.text },
});

/** Rounds for labels: 338.25 → "338". */
export const roundN = (n: number) => String(Math.round(n));
export const fixed1 = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

/** A time axis with one label format ("Sep 3"), labels that would overlap hidden. */
export const timeAxis = () => ({ type: 'time', splitLine: { show: false }, axisLabel: { hideOverlap: true, formatter: '{MMM} {d}' } });

/** Axis bounds that always include the reference values (ECharts does not widen an axis for a mark line). */
export const boundsIncluding = (values: (number | null | undefined)[], pad: number) => {
  const v = values.filter((x): x is number => x != null && Number.isFinite(x));
  return {
    min: (e: { min: number }) => Math.max(0, Math.floor((Math.min(e.min, ...v) - pad) / 10) * 10),
    max: (e: { max: number }) => Math.ceil((Math.max(e.max, ...v) + pad) / 10) * 10,
  };
};
