/** The peak of every rep of one test, per leg, with the within-set decrement in the legend. */
import { baseOption, fixed1, roundN, valueAxis } from './base-option.ts';
import { palette, sideName } from './palette.ts';

export interface RepBarsInput {
  left: { peaks: number[]; decrementPct: number | null };
  right: { peaks: number[]; decrementPct: number | null };
  formula: string;
}

export function repBarsOption(input: RepBarsInput): Record<string, unknown> {
  const reps = Math.max(input.left.peaks.length, input.right.peaks.length);
  const series = (['left', 'right'] as const).map((side) => {
    const d = input[side].decrementPct;
    return {
      type: 'bar',
      name: `${sideName[side]}${d == null ? '' : ` (decrement ${fixed1(d)} %)`}`,
      data: input[side].peaks.map((p) => Math.round(p * 10) / 10),
      itemStyle: { color: palette[side] },
      label: { show: true, position: 'top', formatter: (p: { value: number }) => `${roundN(p.value)}` },
    };
  });
  return baseOption({
    legend: { top: 4 },
    grid: { left: 60, right: 16, top: 40, bottom: 36 },
    xAxis: { type: 'category', data: Array.from({ length: reps }, (_, i) => `Rep ${i + 1}`) },
    yAxis: valueAxis('Peak force (N)', { min: 0 }),
    series,
  });
}
