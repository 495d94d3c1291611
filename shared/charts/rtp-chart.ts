/** Return to play: the injured leg as % of its last pre-injury baseline, and limb symmetry, against the target. */
import type { ReturnToPlay } from '../model/risk.ts';
import { baseOption, timeAxis, fixed1, valueAxis, yLine } from './base-option.ts';
import { palette } from './palette.ts';

export function rtpOption(rtp: Pick<ReturnToPlay, 'points' | 'targetPct' | 'formula'>): Record<string, unknown> {
  const line = (key: 'pctOfBaseline' | 'limbSymmetryPct', name: string, color: string, dashed: boolean) => ({
    type: 'line',
    name,
    data: rtp.points.filter((p) => p[key] != null).map((p) => [p.testedAt, p[key]]),
    symbol: dashed ? 'diamond' : 'circle',
    symbolSize: 7,
    lineStyle: { color, type: dashed ? 'dashed' : 'solid', width: 2 },
    itemStyle: { color },
  });
  const series: Record<string, unknown>[] = [line('pctOfBaseline', 'Injured leg, % of pre-injury baseline', palette.right, false), line('limbSymmetryPct', 'Limb symmetry (%)', palette.left, true)];
  series[0]!.markLine = { symbol: 'none', silent: true, data: [yLine(rtp.targetPct, `target ${fixed1(rtp.targetPct)} %`, palette.threshold)] };
  return baseOption({
    legend: { top: 4 },
    grid: { left: 56, right: 24, top: 44, bottom: 36 },
    xAxis: timeAxis(),
    yAxis: valueAxis('%', { scale: true, nameGap: 36 }),
    series,
  }, { decal: false });
}
