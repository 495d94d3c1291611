/**
 * The rows `eccentric report` prints, whether summarised offline or read from `GET /teams/{t}/squad`, and
 * their terminal table and CSV. Status is always a word (RED, AMBER, GREEN); colour is only added on a
 * terminal, and never without the word.
 */
import type { AthleteSummary, Level } from '#core/model/risk.ts';
import { csvDocument } from '#core/output/csv-cells.ts';

export type ReportSummary = Partial<Pick<AthleteSummary, 'change' | 'asymmetryTrend' | 'postLoad' | 'exposure' | 'bridge' | 'proneCurl' | 'rtp' | 'formulas' | 'latestTestAt'>> & {
  status: AthleteSummary['status'] | null;
};

export interface ReportRow {
  athleteId: string;
  name: string | null;
  squad: string | null;
  position: string | null;
  testType: string;
  summary: ReportSummary;
}

const RANK: Record<Level, number> = { red: 0, amber: 1, green: 2 };
const rankOf = (r: ReportRow) => (r.summary.status ? RANK[r.summary.status.level] : 3);

/** Reds first, then ambers, greens, athletes without a status; by name within each. */
export function sortRows(rows: ReportRow[]): ReportRow[] {
  return [...rows].sort((a, b) => rankOf(a) - rankOf(b) || (a.name ?? a.athleteId).localeCompare(b.name ?? b.athleteId) || (a.athleteId < b.athleteId ? -1 : 1));
}

const n0 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : String(Math.round(x)));
const n1 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(1));
const signed = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${x > 0 ? '+' : ''}${x.toFixed(1)}`);

const COLOURS: Record<Level, string> = { red: '\u001b[31m', amber: '\u001b[33m', green: '\u001b[32m' };

function cells(r: ReportRow): string[] {
  const s = r.summary;
  const level = s.status?.level;
  return [
    level ? level.toUpperCase() : 'NO DATA',
    r.name ?? r.athleteId,
    [r.squad, r.position].filter(Boolean).join(' / ') || '–',
    s.latestTestAt ? s.latestTestAt.slice(0, 10) : '–',
    n0(s.change?.left.latestN),
    n0(s.change?.right.latestN),
    `${signed(s.change?.left.deltaPct)}/${signed(s.change?.right.deltaPct)}${s.change?.left.baselineSource === 'team' ? ' vs team' : ''}`,
    s.asymmetryTrend ? `${n1(s.asymmetryTrend.currentPct)}${s.asymmetryTrend.slopePctPerWeek !== null ? ` (${signed(s.asymmetryTrend.slopePctPerWeek)}/wk)` : ''}` : '–',
    s.exposure ? `${s.exposure.last28.sessions}${s.exposure.compliancePct !== null ? ` (${Math.round(s.exposure.compliancePct)} %)` : ''}` : '–',
  ];
}

/** Δ% is against the athlete's own baseline, or the team mean (marked `vs team`) before 3 own tests. */
const HEAD = ['STATUS', 'ATHLETE', 'SQUAD / POSITION', 'TESTED', 'LEFT N', 'RIGHT N', 'Δ% L/R', 'IMBALANCE %', 'NORDICS 28 d'];

/** The squad table with each athlete's reasons under its row. */
export function formatTable(rows: ReportRow[], testType: string, asOf: string, colour: boolean): string {
  const body = rows.map(cells);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...body.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
  const counts = { red: 0, amber: 0, green: 0 };
  for (const r of rows) if (r.summary.status) counts[r.summary.status.level]++;
  const out = [`${testType} squad as of ${asOf.slice(0, 10)}: ${rows.length} athletes — ${counts.red} red, ${counts.amber} amber, ${counts.green} green`, '', line(HEAD)];
  rows.forEach((r, i) => {
    const text = line(body[i]!);
    const level = r.summary.status?.level;
    out.push(colour && level ? `${COLOURS[level]}${text.slice(0, widths[0]!)}\u001b[0m${text.slice(widths[0]!)}` : text);
    for (const reason of r.summary.status?.reasons ?? []) out.push(`    ${reason.level.toUpperCase().padEnd(5)}  ${reason.message}`);
  });
  return `${out.join('\n')}\n`;
}

const CSV_HEAD = [
  'athleteId', 'name', 'squad', 'position', 'testType', 'status', 'reasons', 'reasonCodes', 'latestTestAt',
  'leftN', 'rightN', 'leftBaselineN', 'rightBaselineN', 'baselineSource', 'leftDeltaPct', 'rightDeltaPct', 'leftZ', 'rightZ', 'leftSwcN', 'rightSwcN',
  'imbalancePct', 'weakerSide', 'imbalanceSlopePctPerWeek', 'weeksToImbalanceThreshold',
  'postLoadLabel', 'postLoadLeftPct', 'postLoadRightPct', 'postLoadRecovered',
  'nordicSessions7d', 'nordicSessions28d', 'nordicReps28d', 'weeksSinceNordic', 'nordicCompliancePct',
  'bridgeLeftReps', 'bridgeRightReps', 'proneCurlLeftRatio', 'proneCurlRightRatio', 'rtpPctOfBaseline', 'rtpCleared', 'formulas',
];

/** Every number of the table and more, one row per athlete, formula-safe cells (csv-cells.ts). */
export function formatCsv(rows: ReportRow[]): string {
  return csvDocument(
    CSV_HEAD,
    rows.map((r) => {
      const s = r.summary;
      const pl = s.postLoad?.latest ?? null;
      return [
        r.athleteId, r.name, r.squad, r.position, r.testType, s.status?.level ?? null,
        (s.status?.reasons ?? []).map((x) => x.message).join(' | '), (s.status?.reasons ?? []).map((x) => x.code).join(' '), s.latestTestAt ?? null,
        s.change?.left.latestN, s.change?.right.latestN, s.change?.left.baselineN, s.change?.right.baselineN, s.change?.left.baselineSource,
        s.change?.left.deltaPct, s.change?.right.deltaPct, s.change?.left.z, s.change?.right.z, s.change?.left.swcN, s.change?.right.swcN,
        s.asymmetryTrend?.currentPct, s.asymmetryTrend?.weakerSide, s.asymmetryTrend?.slopePctPerWeek, s.asymmetryTrend?.weeksToThreshold,
        pl?.label, pl?.deficitPct.left, pl?.deficitPct.right, pl?.recovered,
        s.exposure?.last7.sessions, s.exposure?.last28.sessions, s.exposure?.last28.reps, s.exposure?.weeksSinceLast, s.exposure?.compliancePct,
        s.bridge?.left.reps, s.bridge?.right.reps, s.proneCurl?.left.ratio, s.proneCurl?.right.ratio, s.rtp?.latestPctOfBaseline, s.rtp?.cleared,
        (s.formulas ?? []).join(' '),
      ];
    }),
  );
}
