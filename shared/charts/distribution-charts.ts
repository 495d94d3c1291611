/**
 * The squad at a glance: every athlete's latest peak force per leg against the team's strength threshold(s),
 * and the spread of asymmetry with its guides.
 */
import { baseOption, boundsIncluding, fixed1, roundN, valueAxis, yLine } from './base-option.ts';
import { palette } from './palette.ts';

export interface PeakDistributionInput {
  athletes: { name: string; left: number | null; right: number | null }[];
  strength: { amberN: number | null; redN: number | null; source: string } | null;
}

const weaker = (a: { left: number | null; right: number | null }) => {
  const legs = [a.left, a.right].filter((v): v is number => v != null);
  return legs.length ? Math.min(...legs) : null;
};

/** Athletes whose weaker leg is below `thresholdN` (athletes with no force are not counted). */
export const countBelow = (athletes: PeakDistributionInput['athletes'], thresholdN: number) => athletes.filter((a) => (weaker(a) ?? Infinity) < thresholdN).length;

export function peakDistributionOption(input: PeakDistributionInput): Record<string, unknown> {
  const sorted = input.athletes.filter((a) => weaker(a) != null).sort((a, b) => weaker(a)! - weaker(b)!);
  const marks: Record<string, unknown>[] = [];
  const s = input.strength;
  if (s?.amberN != null) marks.push(yLine(s.amberN, `${roundN(s.amberN)} N (${s.source}): ${countBelow(sorted, s.amberN)} below`, palette.threshold));
  if (s?.redN != null && s.redN !== s.amberN) marks.push(yLine(s.redN, `${roundN(s.redN)} N (${s.source}): ${countBelow(sorted, s.redN)} below`, palette.threshold, 'solid'));
  const leg = (side: 'left' | 'right') => ({
    type: 'scatter',
    name: side === 'left' ? 'Left' : 'Right',
    symbol: side === 'left' ? 'circle' : 'diamond',
    symbolSize: 9,
    itemStyle: { color: palette[side] },
    data: sorted.map((a) => a[side]),
    ...(side === 'left' && marks.length ? { markLine: { symbol: 'none', silent: true, data: marks } } : {}),
  });
  return baseOption({
    legend: { top: 4 },
    grid: { left: 60, right: 24, top: 40, bottom: 90 },
    xAxis: { type: 'category', data: sorted.map((a) => a.name), axisLabel: { rotate: 60, interval: sorted.length > 40 ? 'auto' : 0, fontSize: 10 } },
    yAxis: valueAxis('Latest peak force (N)', boundsIncluding([s?.amberN, s?.redN], 10)),
    series: [leg('left'), leg('right')],
  }, { decal: false });
}

export interface AsymmetryDistributionInput {
  pcts: number[];
  guides: { pct: number; label: string }[];
  binPct?: number;
}

/** Histogram as a stepped area on a value axis, so the guides sit at their exact percentages. */
export function asymmetryHistogram(pcts: number[], binPct = 2.5): { edges: number[]; counts: number[] } {
  const top = Math.max(25, ...pcts.map((p) => Math.ceil((p + 1e-9) / binPct) * binPct));
  const edges = Array.from({ length: Math.round(top / binPct) + 1 }, (_, i) => i * binPct);
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const p of pcts) counts[Math.min(counts.length - 1, Math.floor(p / binPct))]! += 1;
  return { edges, counts };
}

export function asymmetryDistributionOption(input: AsymmetryDistributionInput): Record<string, unknown> {
  const { edges, counts } = asymmetryHistogram(input.pcts, input.binPct);
  const data = edges.map((e, i) => [e, counts[Math.min(i, counts.length - 1)]]);
  return baseOption({
    grid: { left: 60, right: 24, top: 24, bottom: 44 },
    xAxis: valueAxis('Asymmetry (%)', { nameGap: 28, min: 0, max: edges.at(-1) }),
    yAxis: valueAxis('Athletes', { minInterval: 1, nameGap: 36 }),
    series: [
      {
        type: 'line',
        name: 'Athletes',
        step: 'end', // [edge, count]: the bin's count from its left edge to the next
        symbol: 'none',
        data,
        lineStyle: { color: palette.neutral },
        areaStyle: { color: palette.band, opacity: 0.5 },
        markLine: {
          symbol: 'none',
          silent: true,
          data: input.guides.map((g, i) => ({
            xAxis: g.pct,
            name: g.label,
            lineStyle: { color: i === 0 ? palette.guide : palette.threshold, type: i === 0 ? 'dashed' : 'solid', width: 1.5 },
            label: { formatter: `${fixed1(g.pct)} %: ${g.label}`, position: 'insideEndTop' },
          })),
        },
      },
    ],
  });
}
