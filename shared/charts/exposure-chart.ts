/** Nordic sessions per ISO week against the team's prescription. */
import type { Prescription } from '../model/risk.ts';
import { baseOption, valueAxis, yLine } from './base-option.ts';
import { palette } from './palette.ts';

export interface ExposureInput {
  weekly: { week: string; sessions: number; reps: number }[];
  prescription: Prescription | null;
}

export function exposureOption(input: ExposureInput): Record<string, unknown> {
  const p = input.prescription;
  return baseOption({
    grid: { left: 56, right: 24, top: 28, bottom: 56 },
    xAxis: { type: 'category', data: input.weekly.map((w) => w.week), axisLabel: { rotate: 45, fontSize: 10 } },
    yAxis: valueAxis('Nordic sessions', { minInterval: 1, nameGap: 32 }),
    series: [
      {
        type: 'bar',
        name: 'Nordic sessions',
        data: input.weekly.map((w) => ({ value: w.sessions, name: `${w.week}: ${w.sessions} sessions, ${w.reps} reps` })),
        itemStyle: { color: palette.left },
        ...(p ? { markLine: { symbol: 'none', silent: true, data: [yLine(p.sessionsPerWeek, `${p.sessionsPerWeek}/week (${p.preset}, ${p.source})`, palette.threshold)] } } : {}),
      },
    ],
  });
}
