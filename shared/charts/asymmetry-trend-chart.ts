/**
 * Between-limb asymmetry over time with the team's threshold(s), the least-squares slope over its window
 * and, when the slope points at the threshold, the projected crossing.
 */
import { baseOption, timeAxis, fixed1, valueAxis, yLine } from './base-option.ts';
import { palette } from './palette.ts';

export interface AsymmetryTrendInput {
  points: { testedAt: string; asymmetryPct: number | null; testId?: string }[];
  amberPct: number;
  redPct: number | null;
  source: string;
  asymmetryFormula: string;
  /** interceptPct is the fitted value at `from`. */
  slope: { slopePctPerWeek: number | null; interceptPct: number | null; from: string | null; to: string | null; formula: string } | null;
  projectedCrossing: string | null;
}

const WEEK_MS = 7 * 86_400_000;

export function slopeLine(slope: NonNullable<AsymmetryTrendInput['slope']>, until: string | null): [string, number][] {
  if (slope.slopePctPerWeek == null || slope.interceptPct == null || !slope.from || !slope.to) return [];
  const t0 = Date.parse(slope.from);
  const at = (iso: string): [string, number] => [iso, slope.interceptPct! + (slope.slopePctPerWeek! * (Date.parse(iso) - t0)) / WEEK_MS];
  const out = [at(slope.from), at(slope.to)];
  if (until && Date.parse(until) > Date.parse(slope.to)) out.push(at(until));
  return out;
}

export function asymmetryTrendOption(input: AsymmetryTrendInput): Record<string, unknown> {
  const marks = [yLine(input.amberPct, `${fixed1(input.amberPct)} % (${input.source})`, palette.guide)];
  if (input.redPct != null && input.redPct !== input.amberPct) marks.push(yLine(input.redPct, `${fixed1(input.redPct)} % (${input.source})`, palette.threshold, 'solid'));
  const series: Record<string, unknown>[] = [
    {
      type: 'line',
      name: 'Asymmetry',
      data: input.points.filter((p) => p.asymmetryPct != null).map((p) => [p.testedAt, p.asymmetryPct, p.testId ?? null]),
      symbol: 'circle',
      symbolSize: 7,
      lineStyle: { color: palette.neutral, width: 2 },
      itemStyle: { color: palette.neutral },
      markLine: { symbol: 'none', silent: true, data: marks },
    },
  ];
  const line = input.slope ? slopeLine(input.slope, input.projectedCrossing) : [];
  if (line.length) {
    const label = `Slope ${input.slope!.slopePctPerWeek! >= 0 ? '+' : ''}${fixed1(input.slope!.slopePctPerWeek!)} %/week`;
    series.push({
      type: 'line',
      name: label,
      data: line,
      symbol: 'none',
      silent: true,
      lineStyle: { color: palette.threshold, type: 'dashed', width: 2 },
      itemStyle: { color: palette.threshold },
      ...(input.projectedCrossing
        ? {
            markPoint: {
              symbol: 'pin',
              symbolSize: 36,
              itemStyle: { color: palette.threshold },
              label: { formatter: '!', color: '#ffffff' },
              data: [{ name: `Projected to cross ${fixed1(input.amberPct)} % on ${input.projectedCrossing.slice(0, 10)}`, coord: [input.projectedCrossing, input.amberPct] }],
            },
          }
        : {}),
    });
  }
  return baseOption({
    legend: { top: 4, data: series.map((s) => s.name as string) },
    grid: { left: 60, right: 24, top: 44, bottom: 40 },
    xAxis: timeAxis(),
    yAxis: valueAxis('Asymmetry (%)', { min: 0, max: (e: { max: number }) => Math.ceil(Math.max(e.max, input.amberPct, input.redPct ?? 0) + 2) }),
    series,
  }, { decal: false });
}
