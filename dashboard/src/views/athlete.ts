/**
 * One athlete's story: profile and status, peak force over time (baseline ± SWC band, thresholds, injuries,
 * post-load tests apart), asymmetry with slope and projected crossing, a selected test's reps and trace,
 * Nordic exposure, bridge / prone-curl results and return to play.
 */
import { asymmetryTrendOption } from '../../../shared/charts/asymmetry-trend-chart.ts';
import { peakTrendOption } from '../../../shared/charts/peak-trend-chart.ts';
import type { AthleteTrend, TrendPoint } from '../../../shared/model/risk.ts';
import { nameOf, type AthleteProfile, type SquadRow, type StoredTest } from '../api/types.ts';
import { squadOf, type AppContext } from '../context.ts';
import { el, fmt, replace } from '../dom.ts';
import { chartFigure } from '../ui/chart.ts';
import { empty, errorState, loading } from '../ui/states.ts';
import { statusBadge } from '../ui/status.ts';
import { sortableTable } from '../ui/table.ts';
import { exposurePanel, rtpPanel, strengthTestsPanel, workoutsPanel } from './athlete-panels.ts';
import { renderSelectedTest } from './athlete-test.ts';
import { IMBALANCE_GUIDES } from './distribution.ts';
import { reasonList } from './reasons.ts';

/** The athlete's tests of one type, oldest first (every page: a season is ~20–60 tests). */
async function allTests(ctx: AppContext, athleteId: string): Promise<StoredTest[]> {
  const out: StoredTest[] = [];
  let next: string | undefined;
  do {
    const page = await ctx.api.tests(athleteId, { testType: ctx.testType, limit: 200, ...(next ? { next } : {}) });
    out.push(...page.tests);
    next = page.next ?? undefined;
  } while (next && out.length < 2000);
  return out.reverse();
}

/** Trend points from the stored tests, for an API without the trend route: no baselines, no post-load marks. */
export function pointsFromTests(tests: StoredTest[]): TrendPoint[] {
  return tests.map((t) => ({
    testId: t.testId,
    testedAt: t.testedAt,
    left: t.left.peakN,
    right: t.right.peakN,
    asymmetryPct: t.asymmetry?.pct ?? null,
    weakerSide: t.asymmetry?.weakerSide ?? null,
    postLoad: false,
    postLoadLabel: null,
    baseline: { left: null, right: null },
    hasTrace: false,
  }));
}

function header(profile: AthleteProfile, row: SquadRow | null) {
  const facts = [profile.squad, profile.position, profile.sport, profile.bodyMassKg != null ? `${profile.bodyMassKg} kg` : null].filter(Boolean).join(' · ');
  return el(
    'div',
    { class: 'athlete-head' },
    el('p', { class: 'sub' }, facts || 'No roster details', profile.externalId ? ` · external id ${profile.externalId}` : ''),
    el('div', { class: 'status-line' }, statusBadge(row?.status?.level), row?.status ? null : el('span', { class: 'sub' }, ' — the status appears once the risk analysis runs')),
    row?.status ? reasonList(row.status.reasons) : null,
  );
}

export async function renderAthlete(ctx: AppContext, main: HTMLElement, athleteId: string): Promise<void> {
  const h1 = el('h1', { tabindex: '-1' }, 'Athlete');
  replace(main, el('p', {}, el('a', { href: '#/squad' }, '← Squad')), h1, loading('the athlete'));
  let profile: AthleteProfile;
  let tests: StoredTest[];
  let trend: AthleteTrend | null;
  let row: SquadRow | null;
  try {
    [profile, tests, trend, row] = await Promise.all([
      ctx.api.athlete(athleteId),
      allTests(ctx, athleteId),
      ctx.api.trend(athleteId, ctx.testType),
      squadOf(ctx).then((s) => s.athletes.find((a) => a.athleteId.toLowerCase() === athleteId.toLowerCase()) ?? null, () => null),
    ]);
  } catch (error) {
    if (ctx.current()) replace(main, el('p', {}, el('a', { href: '#/squad' }, '← Squad')), h1, errorState('this athlete', error));
    return;
  }
  if (!ctx.current()) return;
  h1.textContent = nameOf(profile);
  document.title = `${nameOf(profile)} · Eccentric`;
  replace(main, el('p', {}, el('a', { href: '#/squad' }, '← Squad')), h1, header(profile, row));

  const points = trend?.points ?? pointsFromTests(tests);
  const selected = el('section', { class: 'selected-test', 'aria-live': 'polite' });
  const select = (testId: string) => void renderSelectedTest(ctx, selected, profile.athleteId, testId);

  const history = el('section', { 'aria-labelledby': 'history-h' }, el('h2', { id: 'history-h' }, `${ctx.testType} history`));
  main.append(history);
  if (points.length === 0) {
    history.append(empty(`No ${ctx.testType} tests for this athlete yet.`));
  } else {
    const strength = trend?.thresholds.strength ?? null;
    const peak = chartFigure(history, {
      title: 'Peak force per leg',
      testId: 'peak-trend',
      caption: [
        `Best-rep peak force per test (N); hollow triangles: post-load tests, kept out of the baseline.`,
        trend ? `Band: baseline (${trend.baseline.source ?? 'none'}) ± smallest worthwhile change (${trend.swc.formula}, Hopkins 2004).` : 'The baseline ± SWC band appears once the trend analysis runs.',
        strength ? `Threshold: ${[strength.amberN, strength.redN].filter((v) => v != null).join(' / ')} N (${strength.source}).` : '',
        profile.injuries.length ? `Dotted: injury dates from the roster.` : '',
        'Select a point to open that test.',
      ].filter(Boolean).join(' '),
      option: peakTrendOption({ points, swc: trend?.swc ?? null, strength, injuries: trend?.injuries ?? profile.injuries }),
      height: 340,
    });
    peak.chart.on('click', (p: { data?: unknown }) => {
      const d = p.data as unknown[] | { value?: unknown[] } | undefined;
      const id = Array.isArray(d) ? d[2] : d?.value?.[2];
      if (typeof id === 'string') select(id);
    });
    const imbalance = trend?.thresholds.imbalance ?? row?.thresholds?.imbalance ?? null;
    const at = row?.asymmetryTrend ?? null;
    chartFigure(history, {
      title: 'Asymmetry over time',
      testId: 'asymmetry-trend',
      caption: [
        `Between-limb asymmetry per test (${tests[0]?.asymmetry?.formula ?? 'asymmetry.stronger-weaker@1'}).`,
        imbalance ? `Threshold ${imbalance.amberPct} % / ${imbalance.redPct} % (${imbalance.source}).` : `Guides ${IMBALANCE_GUIDES.map((g) => `${g.pct} % (${g.label})`).join(', ')}.`,
        trend?.asymmetrySlope?.slopePctPerWeek != null ? `Dashed: least-squares slope (${trend.asymmetrySlope.formula}).` : 'The slope and projected crossing appear once the trend analysis runs.',
        at?.projectedCrossing ? `Projected to cross ${at.thresholdPct} % around ${fmt.date(at.projectedCrossing)}.` : '',
      ].filter(Boolean).join(' '),
      option: asymmetryTrendOption({
        points,
        amberPct: imbalance?.amberPct ?? 15,
        redPct: imbalance?.redPct ?? 20,
        source: imbalance?.source ?? 'Bourne 2015',
        asymmetryFormula: at?.asymmetryFormula ?? 'asymmetry.stronger-weaker@1',
        slope: trend?.asymmetrySlope ?? null,
        projectedCrossing: at?.projectedCrossing ?? null,
      }),
      height: 280,
    });
    const table = sortableTable<TrendPoint>({
      caption: `${ctx.testType} tests, newest first`,
      rowKey: (p) => p.testId,
      csvName: `tests-${profile.athleteId}-${ctx.testType}.csv`,
      initialSort: { key: 'date', dir: 'descending' },
      emptyText: 'No tests.',
      columns: [
        { key: 'date', label: 'Tested', sort: (p) => p.testedAt, cell: (p) => fmt.dateTime(p.testedAt), csv: (p) => [p.testId, p.testedAt], csvHeader: ['testId', 'testedAt'] },
        { key: 'left', label: 'Left N', className: 'num', sort: (p) => p.left, cell: (p) => fmt.n(p.left), csv: (p) => [p.left] },
        { key: 'right', label: 'Right N', className: 'num', sort: (p) => p.right, cell: (p) => fmt.n(p.right), csv: (p) => [p.right] },
        { key: 'asym', label: 'Asym %', className: 'num', sort: (p) => p.asymmetryPct, cell: (p) => `${fmt.n(p.asymmetryPct, 1)}${p.weakerSide ? ` ${p.weakerSide === 'left' ? 'L' : 'R'}` : ''}`, csv: (p) => [p.asymmetryPct, p.weakerSide], csvHeader: ['asymmetryPct', 'weakerSide'] },
        { key: 'post', label: 'Load', cell: (p) => (p.postLoad ? (p.postLoadLabel ?? 'post-load') : 'fresh'), csv: (p) => [p.postLoad ? (p.postLoadLabel ?? 'post-load') : 'fresh'] },
        { key: 'open', label: 'Detail', cell: (p) => el('button', { type: 'button', class: 'secondary', onclick: () => select(p.testId), 'aria-label': `Open the test of ${fmt.dateTime(p.testedAt)}` }, 'Open'), csv: () => [] , csvHeader: [] },
      ],
    });
    table.update(points);
    history.append(table.element);
    main.append(selected);
    select(points.at(-1)!.testId);
  }
  exposurePanel(main, row);
  strengthTestsPanel(main, row);
  rtpPanel(main, row, profile);
  await workoutsPanel(ctx, main, profile.athleteId);
}
