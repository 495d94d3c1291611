import { describe, expect, it } from 'vitest';
import { asymmetryTrendOption, slopeLine } from '../../../shared/charts/asymmetry-trend-chart.ts';
import { asymmetryDistributionOption, asymmetryHistogram, countBelow, peakDistributionOption } from '../../../shared/charts/distribution-charts.ts';
import { exposureOption } from '../../../shared/charts/exposure-chart.ts';
import { peakTrendOption, type PeakTrendInput } from '../../../shared/charts/peak-trend-chart.ts';
import { renderChartSvg } from '../../../shared/charts/render-svg.ts';
import { repBarsOption } from '../../../shared/charts/rep-bars-chart.ts';

type Series = { name: string; type: string; data: any[]; symbol?: string; stack?: string; markLine?: { data: any[] }; markPoint?: { data: any[] } };
const seriesOf = (option: Record<string, unknown>) => option.series as Series[];

const point = (day: number, left: number, right: number, extra: Partial<PeakTrendInput['points'][number]> = {}) => ({
  testId: `t${day}`,
  testedAt: `2026-09-${String(day).padStart(2, '0')}T09:00:00.000Z`,
  left,
  right,
  postLoad: false,
  postLoadLabel: null,
  baseline: { left: 300, right: 290 },
  ...extra,
});

describe('peak trend chart', () => {
  const input: PeakTrendInput = {
    points: [point(1, 300, 290), point(8, 310, 288), point(9, 270, 260, { postLoad: true, postLoadLabel: 'MD+1' }), point(15, 305, 292)],
    swc: { left: 8, right: 7, formula: 'swc.hopkins-0.2-sd@1' },
    strength: { amberN: 279, redN: 256, source: 'Opar 2015' },
    injuries: [{ date: '2026-09-10', side: 'left' }],
  };
  const series = seriesOf(peakTrendOption(input));

  it('draws fresh tests as a line per leg and post-load tests apart, as hollow triangles', () => {
    const left = series.find((s) => s.name === 'Left')!;
    expect(left.data.map((d) => d[1])).toEqual([300, 310, 305]);
    const post = series.find((s) => s.name === 'Left post-load')!;
    expect(post.symbol).toBe('emptyTriangle');
    expect(post.data).toEqual([{ value: ['2026-09-09T09:00:00.000Z', 270, 't9'], name: 'MD+1' }]);
  });

  it('draws the baseline ± SWC band from each test’s baseline, stacked lower edge + width', () => {
    const band = series.filter((s) => s.stack === 'band-left');
    expect(band).toHaveLength(2);
    expect(band[0]!.data.map((d) => d[1])).toEqual([292, 292, 292]);
    expect(band[1]!.data.map((d) => d[1])).toEqual([16, 16, 16]);
  });

  it('names each threshold’s source and marks the injury date', () => {
    const marks = series.find((s) => s.name === 'Left')!.markLine!.data;
    expect(marks.map((m) => m.name)).toEqual(['279 N (Opar 2015)', '256 N (Opar 2015)', 'Injury (left)']);
    expect(marks[2].xAxis).toBe('2026-09-10');
  });

  it('draws no band without SWC (the trend API not there yet) and no threshold without one', () => {
    const bare = seriesOf(peakTrendOption({ ...input, swc: null, strength: null, injuries: [] }));
    expect(bare.some((s) => s.stack)).toBe(false);
    expect(bare.find((s) => s.name === 'Left')!.markLine).toBeUndefined();
  });

  it('renders to SVG with the threshold label', () => {
    expect(renderChartSvg(peakTrendOption(input), { width: 800, height: 360 }).svg).toContain('279 N (Opar 2015)');
  });
});

describe('asymmetry trend chart', () => {
  const slope = { slopePctPerWeek: 1.5, interceptPct: 10, from: '2026-09-01T00:00:00.000Z', to: '2026-09-29T00:00:00.000Z', formula: 'asymmetry.ols-slope@1' };

  it('draws the fitted line from its intercept at `from`, extended to the projected crossing', () => {
    const line = slopeLine(slope, '2026-10-13T00:00:00.000Z');
    expect(line.map(([, v]) => v)).toEqual([10, 16, 19]);
    expect(slopeLine({ ...slope, slopePctPerWeek: null }, null)).toEqual([]);
  });

  it('marks the threshold with its source and the projected crossing', () => {
    const option = asymmetryTrendOption({ points: [{ testedAt: slope.from, asymmetryPct: 10 }], amberPct: 15, redPct: 20, source: 'Bourne 2015', asymmetryFormula: 'asymmetry.stronger-weaker@1', slope, projectedCrossing: '2026-10-04T00:00:00.000Z' });
    const series = seriesOf(option);
    expect(series[0]!.markLine!.data.map((m) => m.name)).toEqual(['15.0 % (Bourne 2015)', '20.0 % (Bourne 2015)']);
    expect(series[1]!.name).toBe('Slope +1.5 %/week');
    expect(series[1]!.markPoint!.data[0].coord).toEqual(['2026-10-04T00:00:00.000Z', 15]);
  });
});

describe('squad distribution charts', () => {
  const athletes = [
    { name: 'A', left: 250, right: 300 },
    { name: 'B', left: 340, right: 330 },
    { name: 'C', left: null, right: 270 },
    { name: 'D', left: null, right: null },
  ];

  it('counts athletes whose weaker leg is below a threshold, ignoring athletes with no force', () => {
    expect(countBelow(athletes, 256)).toBe(1);
    expect(countBelow(athletes, 279)).toBe(2);
  });

  it('sorts athletes by their weaker leg and labels each threshold line with its count', () => {
    const option = peakDistributionOption({ athletes, strength: { amberN: 279, redN: 256, source: 'Opar 2015' } });
    expect((option.xAxis as { data: string[] }).data).toEqual(['A', 'C', 'B']);
    expect(seriesOf(option)[0]!.markLine!.data.map((m) => m.name)).toEqual(['279 N (Opar 2015): 2 below', '256 N (Opar 2015): 1 below']);
  });

  it('bins asymmetry in 2.5 % steps, the last bin holding everything at the top', () => {
    const { edges, counts } = asymmetryHistogram([0, 2.4, 2.5, 14.9, 15, 24.99, 31]);
    expect(edges.at(-1)).toBe(32.5);
    expect(counts[0]).toBe(2);
    expect(counts[1]).toBe(1);
    expect(counts[5]).toBe(1);
    expect(counts[6]).toBe(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(7);
    const option = asymmetryDistributionOption({ pcts: [3, 16], guides: [{ pct: 15, label: 'Bourne 2015: 2.4× risk' }, { pct: 20, label: 'Bourne 2015: 3.4× risk' }] });
    expect(seriesOf(option)[0]!.markLine!.data.map((m) => m.xAxis)).toEqual([15, 20]);
  });
});

describe('per-rep bars and exposure', () => {
  it('draws one bar per rep per leg with the decrement named in the legend', () => {
    const series = seriesOf(repBarsOption({ left: { peaks: [312, 338, 325], decrementPct: 3.9 }, right: { peaks: [291, 304], decrementPct: null }, formula: 'fatigue.percent-decrement@1' }));
    expect(series.map((s) => s.name)).toEqual(['Left (decrement 3.9 %)', 'Right']);
    expect(series[0]!.data).toEqual([312, 338, 325]);
  });

  it('draws weekly Nordic sessions against the prescription with its source', () => {
    const series = seriesOf(exposureOption({ weekly: [{ week: '2026-W36', sessions: 1, reps: 10 }], prescription: { preset: 'in-season', sessionsPerWeek: 1, repsPerSession: 10, source: 'article' } }));
    expect(series[0]!.markLine!.data[0].name).toBe('1/week (in-season, article)');
  });
});
