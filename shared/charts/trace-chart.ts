/**
 * A raw force trace: both legs over time, each detected rep shaded and each rep's peak marked with its value,
 * so a reader can see why a rep counted. Used by the athlete page (the API's downsampled trace) and by
 * `eccentric analyze --plot` (rendered to SVG/PNG on the server side).
 */
import { baseOption, roundN, valueAxis } from './base-option.ts';
import { palette, sideName } from './palette.ts';

export interface TraceRepMark {
  startS: number;
  endS: number;
  peakS: number;
  peakN: number;
}

export interface TraceLeg {
  /** Seconds from the first sample. */
  t: ArrayLike<number>;
  /** Force (N), same length as t. */
  n: ArrayLike<number>;
}

export interface TraceChartInput {
  title?: string;
  left: TraceLeg;
  right: TraceLeg;
  reps: { left: TraceRepMark[]; right: TraceRepMark[] };
  /** The formulas behind the picture, shown in the caption line. */
  note?: string;
}

const pairs = (leg: TraceLeg): [number, number][] => {
  const out: [number, number][] = new Array(Math.min(leg.t.length, leg.n.length));
  for (let i = 0; i < out.length; i++) out[i] = [Math.round(leg.t[i]! * 1000) / 1000, Math.round(leg.n[i]! * 10) / 10];
  return out;
};

export function traceChartOption(input: TraceChartInput): Record<string, unknown> {
  const series = (['left', 'right'] as const).map((side) => {
    const color = palette[side];
    const reps = input.reps[side];
    return {
      type: 'line',
      name: sideName[side],
      data: pairs(input[side]),
      showSymbol: false,
      sampling: 'lttb',
      lineStyle: { color, width: 1.5, type: side === 'left' ? 'solid' : 'dashed' },
      itemStyle: { color },
      markArea: {
        silent: true,
        itemStyle: { color, opacity: 0.08 },
        data: reps.map((r) => [{ xAxis: r.startS }, { xAxis: r.endS }]),
      },
      markPoint: {
        symbol: side === 'left' ? 'circle' : 'diamond',
        symbolSize: 9,
        itemStyle: { color, borderColor: '#ffffff', borderWidth: 1.5 },
        label: { show: true, position: side === 'left' ? 'top' : 'bottom', color, fontWeight: 'bold', formatter: '{b}' },
        data: reps.map((r) => ({ name: `${roundN(r.peakN)} N`, coord: [r.peakS, r.peakN], value: Math.round(r.peakN) })),
      },
    };
  });
  return baseOption({
    title: [
      ...(input.title ? [{ text: input.title, left: 8, top: 6, textStyle: { fontSize: 15 } }] : []),
      ...(input.note ? [{ text: input.note, left: 8, bottom: 4, textStyle: { fontSize: 11, fontWeight: 'normal', color: palette.neutral } }] : []),
    ],
    legend: { top: 6, right: 12, data: ['Left', 'Right'] },
    grid: { left: 64, right: 24, top: 44, bottom: input.note ? 62 : 46 },
    xAxis: valueAxis('Time (s)', { nameGap: 26, min: 0, max: (extent: { max: number }) => Math.ceil(extent.max) }),
    yAxis: valueAxis('Force (N)', { min: 0 }),
    series,
  }, { decal: false }); // lines differ by dash and symbol; a decal would grey out the rep shading
}
