/** The squad table's columns: which contract field each reads, how it sorts and exports. */
import type { Level } from '../../../shared/model/risk.ts';
import { nameOf, type SquadRow } from '../api/types.ts';
import { el, fmt } from '../dom.ts';
import { statusBadge } from '../ui/status.ts';
import type { Column, Toggle } from '../ui/table.ts';

const LEVEL_ORDER: Record<Level, number> = { red: 0, amber: 1, green: 2 };

/** The leg whose change is worse (the lower Δ%), with its z. */
export function worstChange(row: SquadRow) {
  const legs = (['left', 'right'] as const).map((side) => ({ side, ...row.change?.[side] })).filter((l) => l.deltaPct != null);
  if (legs.length === 0) return null;
  return legs.reduce((a, b) => (b.deltaPct! < a.deltaPct! ? b : a));
}

export function trendArrow(slope: number | null | undefined): { arrow: string; words: string } | null {
  if (slope == null) return null;
  if (slope > 0.25) return { arrow: '↑', words: `rising ${slope.toFixed(1)} %/week` };
  if (slope < -0.25) return { arrow: '↓', words: `falling ${Math.abs(slope).toFixed(1)} %/week` };
  return { arrow: '→', words: 'steady' };
}

const side = (row: SquadRow, leg: 'left' | 'right') => row.latest?.[leg] ?? null;

export function squadColumns(toggle: Toggle<SquadRow>): Column<SquadRow>[] {
  return [
    {
      key: 'status',
      label: 'Status',
      sort: (r) => (r.status ? LEVEL_ORDER[r.status.level] : 3),
      cell: (r) => {
        const badge = statusBadge(r.status?.level);
        const reasons = r.status?.reasons.length ?? 0;
        if (!reasons) return badge;
        // The accessible name starts with the visible text ("Amber 2"), as WCAG 2.5.3 asks (axe: label-content-name-mismatch).
        const word = r.status!.level[0]!.toUpperCase() + r.status!.level.slice(1);
        return toggle(
          r,
          el('span', {}, badge, el('span', { class: 'count' }, ` ${reasons}`, el('span', { 'aria-hidden': 'true' }, ' ▾'))),
          `${word} ${reasons} reason${reasons > 1 ? 's' : ''} for ${nameOf(r)}: show or hide`,
        );
      },
      csv: (r) => [r.status?.level ?? '', (r.status?.reasons ?? []).map((x) => x.message).join('; ')],
      csvHeader: ['status', 'reasons'],
    },
    {
      key: 'name',
      label: 'Athlete',
      sort: (r) => nameOf(r).toLowerCase(),
      cell: (r) =>
        el(
          'div',
          {},
          el('a', { href: `#/athletes/${encodeURIComponent(r.athleteId)}` }, nameOf(r)),
          el('div', { class: 'sub' }, [r.squad, r.position].filter(Boolean).join(' · ') || '–'),
        ),
      csv: (r) => [r.athleteId, r.name, r.squad, r.position],
      csvHeader: ['athleteId', 'name', 'squad', 'position'],
    },
    ...(['left', 'right'] as const).map(
      (leg): Column<SquadRow> => ({
        key: leg,
        label: leg === 'left' ? 'Left' : 'Right',
        className: 'num',
        sort: (r) => side(r, leg)?.peakN ?? null,
        cell: (r) => el('div', {}, `${fmt.n(side(r, leg)?.peakN)} N`, el('div', { class: 'sub' }, `${fmt.n(side(r, leg)?.peakNPerKg, 2)} N/kg`)),
        csv: (r) => [side(r, leg)?.peakN, side(r, leg)?.peakNPerKg],
        csvHeader: [`${leg}PeakN`, `${leg}PeakNPerKg`],
      }),
    ),
    {
      key: 'asymmetry',
      label: 'Asymmetry',
      className: 'num',
      sort: (r) => r.latest?.asymmetry?.pct ?? null,
      cell: (r) => {
        const a = r.latest?.asymmetry;
        if (!a) return '–';
        const t = trendArrow(r.asymmetryTrend?.slopePctPerWeek);
        const weaker = a.weakerSide ? ` ${a.weakerSide === 'left' ? 'L' : 'R'} weaker` : '';
        return el(
          'div',
          { title: a.formula },
          `${a.pct.toFixed(1)} %`,
          t ? el('span', { class: `trend${r.asymmetryTrend?.warning ? ' warn' : ''}`, title: t.words }, ` ${t.arrow}`, el('span', { class: 'sr-only' }, ` ${t.words}`)) : null,
          el('div', { class: 'sub' }, weaker.trim() || 'equal'),
        );
      },
      csv: (r) => [r.latest?.asymmetry?.pct, r.latest?.asymmetry?.weakerSide, r.latest?.asymmetry?.formula, r.asymmetryTrend?.slopePctPerWeek],
      csvHeader: ['asymmetryPct', 'weakerSide', 'asymmetryFormula', 'asymmetrySlopePctPerWeek'],
    },
    {
      key: 'change',
      label: 'Δ% · z',
      className: 'num',
      sort: (r) => worstChange(r)?.deltaPct ?? null,
      cell: (r) => {
        const w = worstChange(r);
        if (!w) return el('span', { title: 'computed by the risk analysis' }, '–');
        return el('div', { title: r.change?.formula ?? '' }, `${fmt.signed(w.deltaPct)} %`, el('div', { class: 'sub' }, `${w.side === 'left' ? 'L' : 'R'} · z ${fmt.signed(w.z ?? null)}`));
      },
      csv: (r) => [r.change?.left.deltaPct, r.change?.left.z, r.change?.right.deltaPct, r.change?.right.z, r.change?.formula],
      csvHeader: ['leftDeltaPct', 'leftZ', 'rightDeltaPct', 'rightZ', 'changeFormula'],
    },
    {
      key: 'days',
      label: 'Days since',
      className: 'num',
      sort: (r) => r.latest?.daysSince ?? null,
      cell: (r) => (r.latest ? el('span', { title: fmt.dateTime(r.latest.testedAt) }, String(r.latest.daysSince)) : 'no test'),
      csv: (r) => [r.latest?.daysSince, r.latest?.testedAt],
      csvHeader: ['daysSince', 'testedAt'],
    },
    {
      key: 'nordic',
      label: 'Nordic 7/28 d',
      className: 'num',
      sort: (r) => r.exposure?.compliancePct ?? null,
      cell: (r) => {
        const x = r.exposure;
        if (!x) return el('span', { title: 'from workout logs, once the risk analysis runs' }, '–');
        return el('div', { title: x.formula }, `${x.last7.sessions} / ${x.last28.sessions}`, el('div', { class: 'sub' }, x.compliancePct == null ? 'no prescription' : `${Math.round(x.compliancePct)} % compliance`));
      },
      csv: (r) => [r.exposure?.last7.sessions, r.exposure?.last28.sessions, r.exposure?.compliancePct],
      csvHeader: ['nordicSessions7d', 'nordicSessions28d', 'compliancePct'],
    },
  ];
}
