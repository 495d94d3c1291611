/**
 * One athlete's peak force per leg over time: fresh tests as lines, post-load tests as hollow triangles (never
 * part of the line or the baseline), the baseline ± smallest-worthwhile-change band that applied to each
 * test, the team's strength threshold(s) and injury dates.
 */
import type { Leg, TrendPoint } from '../model/risk.ts';
import { baseOption, boundsIncluding, timeAxis, roundN, valueAxis, yLine } from './base-option.ts';
import { palette, sideName } from './palette.ts';

export interface PeakTrendInput {
  points: Pick<TrendPoint, 'testId' | 'testedAt' | 'left' | 'right' | 'postLoad' | 'postLoadLabel' | 'baseline'>[];
  /** Smallest worthwhile change per leg; with the per-test baselines it gives the band. */
  swc: { left: number | null; right: number | null; formula: string } | null;
  strength: { amberN: number | null; redN: number | null; source: string } | null;
  injuries: { date: string; side: Leg | null }[];
  title?: string;
}

/** [time, N, testId]: the test id rides along so a click can open the test. */
type Datum = [string, number, string];

function bandSeries(input: PeakTrendInput, side: Leg): Record<string, unknown>[] {
  const swc = input.swc?.[side];
  if (swc == null) return [];
  const fresh = input.points.filter((p) => !p.postLoad && p.baseline[side] != null);
  if (fresh.length === 0) return [];
  const stack = `band-${side}`;
  const name = `${sideName[side]} baseline ± SWC`;
  return [
    { type: 'line', name, stack, silent: true, symbol: 'none', itemStyle: { color: palette[side] }, lineStyle: { opacity: 0 }, data: fresh.map((p) => [p.testedAt, p.baseline[side]! - swc]), tooltip: { show: false } },
    {
      type: 'line',
      name,
      stack,
      silent: true,
      symbol: 'none',
      itemStyle: { color: palette[side] },
      lineStyle: { opacity: 0 },
      areaStyle: { color: palette[side], opacity: 0.14 },
      data: fresh.map((p) => [p.testedAt, 2 * swc]),
      tooltip: { show: false },
    },
  ];
}

export function peakTrendOption(input: PeakTrendInput): Record<string, unknown> {
  const series: Record<string, unknown>[] = [];
  for (const side of ['left', 'right'] as const) {
    const color = palette[side];
    const fresh: Datum[] = input.points.filter((p) => !p.postLoad && p[side] != null).map((p) => [p.testedAt, p[side]!, p.testId]);
    const post = input.points.filter((p) => p.postLoad && p[side] != null).map((p) => ({ value: [p.testedAt, p[side]!, p.testId], name: p.postLoadLabel ?? 'post-load' }));
    const marks: Record<string, unknown>[] = [];
    if (side === 'left') {
      const s = input.strength;
      if (s?.amberN != null) marks.push(yLine(s.amberN, `${roundN(s.amberN)} N (${s.source})`, palette.threshold));
      if (s?.redN != null && s.redN !== s.amberN) marks.push(yLine(s.redN, `${roundN(s.redN)} N (${s.source})`, palette.threshold, 'solid'));
      for (const injury of input.injuries) {
        const label = injury.side ? `Injury (${injury.side})` : 'Injury';
        marks.push({ xAxis: injury.date, name: label, lineStyle: { color: palette.injury, type: 'dotted', width: 2 }, label: { formatter: label, position: 'insideEndTop' } });
      }
    }
    series.push({
      type: 'line',
      name: sideName[side],
      data: fresh,
      symbol: side === 'left' ? 'circle' : 'diamond',
      symbolSize: 7,
      lineStyle: { color, width: 2, type: side === 'left' ? 'solid' : 'dashed' },
      itemStyle: { color },
      ...(marks.length ? { markLine: { symbol: 'none', silent: true, data: marks } } : {}),
    });
    if (post.length) {
      series.push({ type: 'scatter', name: `${sideName[side]} post-load`, data: post, symbol: 'emptyTriangle', symbolSize: 11, itemStyle: { color, borderWidth: 2 } });
    }
    series.push(...bandSeries(input, side));
  }
  const names = [...new Set(series.map((s) => s.name as string))];
  return baseOption({
    ...(input.title ? { title: { text: input.title, left: 8, top: 4, textStyle: { fontSize: 14 } } } : {}),
    legend: { top: input.title ? 28 : 4, data: names },
    grid: { left: 60, right: 24, top: input.title ? 64 : 44, bottom: 40 },
    xAxis: timeAxis(),
    yAxis: valueAxis('Peak force (N)', boundsIncluding([input.strength?.amberN, input.strength?.redN], 10)),
    series,
  }, { decal: false });
}
