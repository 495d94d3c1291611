/**
 * What the squad, /risk and export.csv show of the precomputed summaries (functions/recompute.ts writes
 * them; no route computes a season). Pure mapping from stored items to the contract (shared/model/risk.ts).
 */
import { csvDocument } from '#core/output/csv-cells.ts';
import type { AthleteSummary, AthleteTrend, Level, TeamRisk } from '#core/model/risk.ts';
import type { AthleteItem } from '../adapters/athlete-repository.ts';
import { appliedThresholds } from '#core/analytics/thresholds.ts';
import type { RiskSettings } from '#core/analytics/settings.ts';

/** The squad row's risk fields for one test type; nulls until the athlete's first recompute. */
export function squadRisk(athlete: AthleteItem, testType: string) {
  const s: AthleteSummary | undefined = athlete.summaries?.[testType];
  return {
    status: s?.status ?? null,
    change: s?.change ?? null,
    asymmetryTrend: s?.asymmetryTrend ?? null,
    postLoad: s?.postLoad ?? null,
    exposure: s?.exposure ?? null,
    bridge: s?.bridge ?? null,
    proneCurl: s?.proneCurl ?? null,
    rtp: s?.rtp ?? null,
    thresholds: s?.thresholds ?? null,
    summaryAsOf: s?.asOf ?? null,
  };
}

export interface SquadFilter {
  status?: Level[] | undefined;
  squad?: string | undefined;
  position?: string | undefined;
}

const same = (a: string | null | undefined, b: string) => (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();

/** `?status=red,amber&squad=…&position=…`: squad and position compared without case. */
export function matchesSquadFilter(athlete: AthleteItem, testType: string, filter: SquadFilter): boolean {
  if (filter.squad !== undefined && !same(athlete.squad, filter.squad)) return false;
  if (filter.position !== undefined && !same(athlete.position, filter.position)) return false;
  if (filter.status !== undefined) {
    const level = athlete.summaries?.[testType]?.status.level;
    if (level === undefined || !filter.status.includes(level)) return false;
  }
  return true;
}

const round = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** The export's columns: every derived metric beside the name@version of the formula that made it. */
const COLUMNS: [string, (a: AthleteItem, s: AthleteSummary | undefined) => unknown][] = [
  ['athleteId', (a) => a.athleteId],
  ['name', (a) => a.name],
  ['squad', (a) => a.squad],
  ['position', (a) => a.position],
  ['sport', (a) => a.sport],
  ['bodyMassKg', (a) => a.bodyMassKg],
  ['status', (_, s) => s?.status.level],
  ['reasons', (_, s) => s?.status.reasons.map((r) => r.message).join('; ')],
  ['latestTestAt', (_, s) => s?.latestTestAt],
  ['leftPeakN', (_, s) => s?.change?.left.latestN],
  ['rightPeakN', (_, s) => s?.change?.right.latestN],
  ['leftBaselineN', (_, s) => round(s?.change?.left.baselineN)],
  ['rightBaselineN', (_, s) => round(s?.change?.right.baselineN)],
  ['baselineSource', (_, s) => s?.change?.left.baselineSource ?? s?.change?.right.baselineSource],
  ['leftDeltaPct', (_, s) => round(s?.change?.left.deltaPct)],
  ['rightDeltaPct', (_, s) => round(s?.change?.right.deltaPct)],
  ['leftZ', (_, s) => round(s?.change?.left.z, 2)],
  ['rightZ', (_, s) => round(s?.change?.right.z, 2)],
  ['swcN', (_, s) => round(s?.change?.left.swcN ?? s?.change?.right.swcN)],
  ['changeFormula', (_, s) => s?.change?.formula],
  ['asymmetryPct', (_, s) => round(s?.asymmetryTrend?.currentPct)],
  ['weakerSide', (_, s) => s?.asymmetryTrend?.weakerSide],
  ['asymmetryFormula', (_, s) => s?.asymmetryTrend?.asymmetryFormula],
  ['asymmetrySlopePctPerWeek', (_, s) => round(s?.asymmetryTrend?.slopePctPerWeek, 2)],
  ['weeksToImbalanceThreshold', (_, s) => round(s?.asymmetryTrend?.weeksToThreshold)],
  ['asymmetryTrendFormula', (_, s) => s?.asymmetryTrend?.formula],
  ['postLoadLabel', (_, s) => s?.postLoad?.latest?.label],
  ['postLoadLeftDeficitPct', (_, s) => round(s?.postLoad?.latest?.deficitPct.left)],
  ['postLoadRightDeficitPct', (_, s) => round(s?.postLoad?.latest?.deficitPct.right)],
  ['postLoadRecovered', (_, s) => s?.postLoad?.latest?.recovered],
  ['postLoadFormula', (_, s) => s?.postLoad?.formula],
  ['nordicSessions7d', (_, s) => s?.exposure?.last7.sessions],
  ['nordicSessions28d', (_, s) => s?.exposure?.last28.sessions],
  ['weeksSinceNordic', (_, s) => round(s?.exposure?.weeksSinceLast)],
  ['nordicCompliancePct', (_, s) => round(s?.exposure?.compliancePct, 0)],
  ['exposureFormula', (_, s) => s?.exposure?.formula],
  ['bridgeLeftReps', (_, s) => s?.bridge?.left.reps],
  ['bridgeRightReps', (_, s) => s?.bridge?.right.reps],
  ['bridgeLeftBand', (_, s) => s?.bridge?.left.band],
  ['bridgeRightBand', (_, s) => s?.bridge?.right.band],
  ['bridgeFormula', (_, s) => s?.bridge?.formula],
  ['proneCurlLeftRatio', (_, s) => round(s?.proneCurl?.left.ratio, 2)],
  ['proneCurlRightRatio', (_, s) => round(s?.proneCurl?.right.ratio, 2)],
  ['proneCurlFormula', (_, s) => s?.proneCurl?.formula],
  ['rtpPctOfBaseline', (_, s) => round(s?.rtp?.latestPctOfBaseline)],
  ['rtpCleared', (_, s) => s?.rtp?.cleared],
  ['rtpFormula', (_, s) => s?.rtp?.formula],
  ['statusFormula', (_, s) => s?.formulas.find((f) => f.startsWith('status.'))],
];

/** `GET /teams/{t}/export.csv`: one row per athlete, cells made safe for spreadsheets (csv-cells.ts). */
export function squadCsv(athletes: readonly AthleteItem[], testType: string): string {
  return csvDocument(
    COLUMNS.map(([name]) => name),
    athletes.map((a) => COLUMNS.map(([, cell]) => cell(a, a.summaries?.[testType]))),
  );
}

/** `/risk` before the team's first recompute: zero counts, `asOf` null, the thresholds that will apply. */
export function emptyTeamRisk(testType: string, settings: RiskSettings): Omit<TeamRisk, 'asOf'> & { asOf: string | null } {
  return {
    asOf: null,
    testType,
    counts: { green: 0, amber: 0, red: 0 },
    flagged: [],
    distribution: { peakN: [], asymmetryPct: [], thresholds: appliedThresholds(null, settings, testType) },
    newestData: null,
  };
}

/** An athlete with no test of the type yet (or not recomputed yet): an empty series the charts can show as such. */
export function emptyTrend(athlete: AthleteItem, testType: string, settings: RiskSettings): AthleteTrend {
  return {
    athleteId: athlete.athleteId,
    name: athlete.name,
    testType,
    points: [],
    baseline: { left: null, right: null, source: null },
    swc: { left: null, right: null, formula: '' },
    thresholds: appliedThresholds(athlete.sport ?? null, settings, testType),
    asymmetrySlope: null,
    injuries: (athlete.injuries ?? []).filter((i): i is { date: string; side: 'left' | 'right' } => i.side === 'left' || i.side === 'right'),
    formulas: [],
  };
}
