/**
 * Squad distribution: latest peak force per leg against the team's strength threshold(s) with the count below,
 * and the asymmetry spread with its 15 %/20 % guides. From `GET /risk` when it exists, else from the squad.
 */
import { asymmetryDistributionOption, countBelow, peakDistributionOption } from '../../../shared/charts/distribution-charts.ts';
import type { AppliedThresholds, TeamRisk } from '../../../shared/model/risk.ts';
import { nameOf } from '../api/types.ts';
import { squadOf, type AppContext } from '../context.ts';
import { el, replace } from '../dom.ts';
import { chartFigure } from '../ui/chart.ts';
import { csvButton } from '../ui/csv-download.ts';
import { empty, errorState, loading } from '../ui/states.ts';

/** The imbalance guides when the team's thresholds are not known yet (rugby union, Bourne et al. 2015). */
export const IMBALANCE_GUIDES = [
  { pct: 15, label: '2.4× risk (Bourne 2015)' },
  { pct: 20, label: '3.4× risk (Bourne 2015)' },
];

export function imbalanceGuides(t: AppliedThresholds | null) {
  if (!t) return IMBALANCE_GUIDES;
  return [
    { pct: t.imbalance.amberPct, label: `amber (${t.imbalance.source})` },
    { pct: t.imbalance.redPct, label: `red (${t.imbalance.source})` },
  ];
}

export async function renderDistribution(ctx: AppContext, main: HTMLElement): Promise<void> {
  const h1 = el('h1', { tabindex: '-1' }, 'Squad distribution');
  replace(main, h1, loading('the squad'));
  let risk: TeamRisk | null;
  let names: Map<string, string>;
  let athletes: { athleteId: string; name: string; left: number | null; right: number | null; pct: number | null }[];
  try {
    const [squad, r] = await Promise.all([squadOf(ctx), ctx.api.risk(ctx.testType)]);
    risk = r;
    names = new Map(squad.athletes.map((a) => [a.athleteId, nameOf(a)]));
    athletes = r
      ? r.distribution.peakN.map((p) => ({ athleteId: p.athleteId, name: names.get(p.athleteId) ?? p.athleteId, left: p.left, right: p.right, pct: r.distribution.asymmetryPct.find((a) => a.athleteId === p.athleteId)?.pct ?? null }))
      : squad.athletes.filter((a) => a.latest).map((a) => ({ athleteId: a.athleteId, name: nameOf(a), left: a.latest!.left.peakN, right: a.latest!.right.peakN, pct: a.latest!.asymmetry?.pct ?? null }));
  } catch (error) {
    if (ctx.current()) replace(main, h1, errorState('the squad distribution', error));
    return;
  }
  if (!ctx.current()) return;
  if (athletes.length === 0) {
    replace(main, h1, empty(`No ${ctx.testType} tests in this team yet.`, 'Upload an export on the Uploads page.'));
    return;
  }
  const thresholds = risk?.distribution.thresholds ?? null;
  const strength = thresholds?.strength ?? null;
  const lines = [strength?.amberN, strength?.redN].filter((v): v is number => v != null);
  const counts = lines.map((n) => `${countBelow(athletes, n)} of ${athletes.length} athletes have a leg below ${Math.round(n)} N (${strength!.source})`);
  replace(main, h1);
  const peak = chartFigure(main, {
    title: 'Latest peak force',
    testId: 'peak-distribution',
    caption: strength
      ? `Latest ${ctx.testType} peak force per leg (N), athletes sorted by their weaker leg; threshold lines from ${strength.source}${thresholds?.sport ? ` for ${thresholds.sport}` : ''}.`
      : `Latest ${ctx.testType} peak force per leg (N), athletes sorted by their weaker leg. The team's strength threshold lines (Opar 2015, Timmins 2016, by sport) appear once the risk analysis runs.`,
    option: peakDistributionOption({ athletes, strength }),
    height: 380,
  });
  peak.figure.append(el('p', { class: 'count-below', 'data-count-below': '' }, counts.length ? counts.join('; ') + '.' : `${athletes.length} athletes tested.`));
  const guides = imbalanceGuides(thresholds);
  const asym = chartFigure(main, {
    title: 'Asymmetry',
    testId: 'asymmetry-distribution',
    caption: `Athletes per 2.5 % band of between-limb asymmetry (${athletes.length} athletes); guides at ${guides.map((g) => `${g.pct} % ${g.label}`).join(' and ')}.`,
    option: asymmetryDistributionOption({ pcts: athletes.map((a) => a.pct).filter((p): p is number => p != null), guides }),
    height: 300,
  });
  const rows = () => athletes.map((a) => [a.athleteId, a.name, a.left, a.right, a.pct]);
  asym.figure.after(el('div', { class: 'table-tools' }, csvButton('Export CSV', `distribution-${ctx.api.teamId}.csv`, ['athleteId', 'name', 'leftPeakN', 'rightPeakN', 'asymmetryPct'], rows)));
}
