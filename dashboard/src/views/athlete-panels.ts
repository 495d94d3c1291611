/** The athlete's exposure, bridge / prone-curl and return-to-play panels (risk API fields). */
import { exposureOption } from '../../../shared/charts/exposure-chart.ts';
import { rtpOption } from '../../../shared/charts/rtp-chart.ts';
import type { AthleteProfile, SquadRow, WorkoutRow } from '../api/types.ts';
import type { AppContext } from '../context.ts';
import { el, fmt } from '../dom.ts';
import { chartFigure } from '../ui/chart.ts';
import { empty, errorState, loading, notYet } from '../ui/states.ts';
import { sortableTable } from '../ui/table.ts';

export function exposurePanel(parent: HTMLElement, row: SquadRow | null): void {
  const section = el('section', { 'aria-labelledby': 'exposure-h' }, el('h2', { id: 'exposure-h' }, 'Nordic exposure'));
  parent.append(section);
  const x = row?.exposure;
  if (!x) {
    section.append(notYet('Nordic sessions per week against the prescription'));
    return;
  }
  section.append(
    el('p', {}, `Last 7 days: ${x.last7.sessions} sessions (${x.last7.reps} reps). Last 28 days: ${x.last28.sessions} sessions (${x.last28.reps} reps). Compliance: ${x.compliancePct == null ? '–' : `${Math.round(x.compliancePct)} %`}. Last Nordic: ${fmt.date(x.lastNordic)}${x.weeksSinceLast != null ? ` (${x.weeksSinceLast} weeks ago)` : ''}.`),
  );
  if (x.weekly.length === 0) section.append(empty('No Nordic sessions logged yet.'));
  else
    chartFigure(section, {
      title: 'Nordic sessions per week',
      testId: 'exposure',
      caption: `Sessions per ISO week (${x.formula}) against the prescription: ${x.prescription.sessionsPerWeek} per week (${x.prescription.preset}, ${x.prescription.source}). Protective: > 50 % compliance and < 3 weeks between sessions (Ripley 2021).`,
      option: exposureOption({ weekly: x.weekly, prescription: x.prescription }),
      height: 260,
    });
}

export function strengthTestsPanel(parent: HTMLElement, row: SquadRow | null): void {
  const section = el('section', { 'aria-labelledby': 'other-tests-h' }, el('h2', { id: 'other-tests-h' }, 'Bridge test and prone curl'));
  parent.append(section);
  const b = row?.bridge ?? null;
  const p = row?.proneCurl ?? null;
  if (!b && !p) {
    section.append(row && 'bridge' in row ? empty('No single-leg bridge test or prone curl logged for this athlete.', 'Log them as bridge_test / prone_curl in a workout log.') : notYet('Single-leg bridge and prone-curl results'));
    return;
  }
  type R = { test: string; side: string; result: string; rating: string; date: string; source: string };
  const rows: R[] = [];
  if (b) for (const side of ['left', 'right'] as const) rows.push({ test: 'Single-leg bridge (reps to fatigue)', side, result: fmt.n(b[side].reps), rating: b[side].band ?? '–', date: fmt.date(b.testedAt), source: `${b.preset}, ${b.source}` });
  if (p)
    for (const side of ['left', 'right'] as const)
      rows.push({
        test: 'Prone curl 3 × 8',
        side,
        result: p[side].loadKg == null ? '–' : `${p[side].loadKg} kg (${fmt.n(p[side].ratio, 2)} × body mass)`,
        rating: p[side].meetsTarget == null ? '–' : p[side].meetsTarget ? `meets ${p.targetRatio} × BW` : `below ${p.targetRatio} × BW`,
        date: fmt.date(p.testedAt),
        source: p.source,
      });
  const table = sortableTable<R>({
    caption: 'Latest results per leg',
    rowKey: (r) => `${r.test}-${r.side}`,
    csvName: `strength-tests-${row!.athleteId}.csv`,
    emptyText: 'No results.',
    columns: (['test', 'side', 'result', 'rating', 'date', 'source'] as const).map((k) => ({ key: k, label: k[0]!.toUpperCase() + k.slice(1), cell: (r: R) => r[k], csv: (r: R) => [r[k]] })),
  });
  table.update(rows);
  section.append(table.element);
}

export function rtpPanel(parent: HTMLElement, row: SquadRow | null, profile: AthleteProfile): void {
  const section = el('section', { 'aria-labelledby': 'rtp-h' }, el('h2', { id: 'rtp-h' }, 'Return to play'));
  parent.append(section);
  const rtp = row?.rtp ?? null;
  if (!rtp) {
    section.append(profile.injuries.length ? notYet(`Return-to-play tracking for the ${profile.injuries.at(-1)!.side ?? ''} hamstring injury of ${profile.injuries.at(-1)!.date}`.replace('the  ', 'the ')) : empty('No hamstring injury recorded for this athlete.', 'Injuries come from the roster’s injuries column.'));
    return;
  }
  section.append(
    el(
      'p',
      { class: rtp.cleared ? 'ok' : 'warn' },
      `${rtp.injury.side[0]!.toUpperCase()}${rtp.injury.side.slice(1)} injury on ${fmt.date(rtp.injury.date)}. Pre-injury baseline ${fmt.n(rtp.preInjuryBaselineN)} N; latest ${fmt.n(rtp.latestPctOfBaseline, 0)} % of it (target ${rtp.targetPct} %): ${rtp.cleared ? 'cleared' : 'not yet cleared'}.`,
    ),
  );
  chartFigure(section, {
    title: 'Injured leg vs pre-injury baseline',
    testId: 'rtp',
    caption: `${rtp.formula}: the injured leg as % of its last pre-injury baseline, and limb symmetry; eccentric deficits persist after return to play (Maniar 2016).`,
    option: rtpOption(rtp),
    height: 260,
  });
}

/** The last 12 weeks of the athlete's workout log (`GET …/workouts`), once the API serves it. */
export async function workoutsPanel(ctx: AppContext, parent: HTMLElement, athleteId: string): Promise<void> {
  const section = el('section', { 'aria-labelledby': 'workouts-h' }, el('h2', { id: 'workouts-h' }, 'Workout log (12 weeks)'), loading('the workouts'));
  parent.append(section);
  const from = new Date(Date.now() - 84 * 86_400_000).toISOString().slice(0, 10);
  try {
    const answer = await ctx.api.workouts(athleteId, from);
    if (!ctx.current()) return;
    section.lastChild?.remove();
    if (!answer) {
      section.append(notYet('The workout log (Nordics, bridges, prone curls, runs and matches)'));
      return;
    }
    if (answer.workouts.length === 0) {
      section.append(empty('No workouts logged in the last 12 weeks.', 'Upload a workout log (CSV or JSON) on the Uploads page.'));
      return;
    }
    type W = WorkoutRow & { n: number };
    const reps = (r: W['reps']) => (Array.isArray(r) ? r.join('-') : r == null ? '–' : String(r));
    const table = sortableTable<W>({
      caption: 'Sessions, newest first',
      rowKey: (w) => String(w.n),
      csvName: `workouts-${athleteId}.csv`,
      initialSort: { key: 'date', dir: 'descending' },
      emptyText: 'No workouts.',
      columns: [
        { key: 'date', label: 'Date', sort: (w) => w.date, cell: (w) => w.date, csv: (w) => [w.date] },
        { key: 'exercise', label: 'Exercise', sort: (w) => w.exercise, cell: (w) => w.exercise, csv: (w) => [w.exercise] },
        { key: 'sets', label: 'Sets × reps', cell: (w) => `${w.sets ?? '–'} × ${reps(w.reps)}`, csv: (w) => [w.sets, reps(w.reps)], csvHeader: ['sets', 'reps'] },
        { key: 'load', label: 'Load', className: 'num', cell: (w) => (w.loadKg == null ? '–' : `${w.loadKg} kg`), csv: (w) => [w.loadKg], csvHeader: ['loadKg'] },
        { key: 'side', label: 'Side', cell: (w) => w.side ?? '–', csv: (w) => [w.side] },
        { key: 'rpe', label: 'RPE', className: 'num', cell: (w) => fmt.n(w.rpe), csv: (w) => [w.rpe] },
      ],
    });
    table.update(answer.workouts.map((w, n) => ({ ...w, n })));
    section.append(table.element);
  } catch (error) {
    if (ctx.current()) section.replaceChildren(el('h2', { id: 'workouts-h' }, 'Workout log (12 weeks)'), errorState('the workouts', error));
  }
}
