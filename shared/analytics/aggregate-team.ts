/**
 * The team aggregate (pure): per test type the status counts, the flagged athletes with their reasons and
 * the distributions `/risk` serves; and the TeamContext the next athlete summaries use — per test type and
 * leg the mean and between-athlete SD (sample SD) of each athlete's latest fresh peak force (team.context@1),
 * from `team.minAthletes` athletes up.
 */
import type { AppliedThresholds, AthleteSummary, Level, TeamContext, TeamRisk } from '../model/risk.ts';
import type { RiskSettings } from './settings.ts';
import { mean, round1, sampleSd } from './stats.ts';
import { appliedThresholds } from './thresholds.ts';

export const TEAM_CONTEXT_FORMULA = 'team.context@1';

export interface TeamMember {
  athleteId: string;
  name: string | null;
  summaries: readonly AthleteSummary[];
}

export interface TeamAggregate {
  /** For settings.primaryTestType. */
  risk: TeamRisk;
  /** Added: one per test type any athlete has a summary of. */
  riskByType: Record<string, TeamRisk>;
  context: TeamContext;
}

const RANK: Record<Level, number> = { red: 0, amber: 1, green: 2 };

/** The thresholds most athletes of the type were judged by (the team's sport, usually). */
function commonThresholds(summaries: readonly AthleteSummary[], fallback: AppliedThresholds): AppliedThresholds {
  const counts = new Map<string, { n: number; t: AppliedThresholds }>();
  for (const s of summaries) {
    const key = JSON.stringify(s.thresholds);
    const c = counts.get(key) ?? { n: 0, t: s.thresholds };
    c.n++;
    counts.set(key, c);
  }
  let best: { n: number; key: string; t: AppliedThresholds } | null = null;
  for (const [key, c] of counts) if (best === null || c.n > best.n || (c.n === best.n && key < best.key)) best = { ...c, key };
  return best?.t ?? fallback;
}

function riskOf(testType: string, members: readonly TeamMember[], settings: RiskSettings, asOf: string): TeamRisk {
  const rows = members
    .map((m) => ({ m, s: m.summaries.find((s) => s.testType === testType) }))
    .filter((r): r is { m: TeamMember; s: AthleteSummary } => r.s !== undefined)
    .sort((a, b) => (a.m.athleteId < b.m.athleteId ? -1 : 1));
  const counts: Record<Level, number> = { green: 0, amber: 0, red: 0 };
  for (const { s } of rows) counts[s.status.level]++;
  const flagged = rows
    .filter(({ s }) => s.status.level !== 'green')
    .sort((a, b) => RANK[a.s.status.level] - RANK[b.s.status.level] || b.s.status.reasons.length - a.s.status.reasons.length || (a.m.athleteId < b.m.athleteId ? -1 : 1))
    .map(({ m, s }) => ({ athleteId: m.athleteId, name: m.name, level: s.status.level, reasons: s.status.reasons }));
  const newest = rows.map(({ s }) => s.latestTestAt).filter((x): x is string => x !== null).sort().at(-1) ?? null;
  return {
    asOf,
    testType,
    counts,
    flagged,
    distribution: {
      peakN: rows.filter(({ s }) => s.change !== null).map(({ m, s }) => ({ athleteId: m.athleteId, left: s.change!.left.latestN, right: s.change!.right.latestN })),
      asymmetryPct: rows.filter(({ s }) => s.asymmetryTrend !== null).map(({ m, s }) => ({ athleteId: m.athleteId, pct: s.asymmetryTrend!.currentPct })),
      thresholds: commonThresholds(rows.map((r) => r.s), appliedThresholds(settings.sport, settings, testType)),
    },
    newestData: newest,
  };
}

function legStats(values: number[], minAthletes: number) {
  const enough = values.length >= minAthletes;
  const m = enough ? mean(values) : null;
  const sd = enough ? sampleSd(values) : null;
  return { meanN: m === null ? null : round1(m), sdN: sd === null ? null : round1(sd), athletes: values.length };
}

export function aggregateTeam(members: readonly TeamMember[], settings: RiskSettings, now: Date): TeamAggregate {
  const asOf = now.toISOString();
  const types = [...new Set(members.flatMap((m) => m.summaries.map((s) => s.testType)))].sort();
  if (!types.includes(settings.primaryTestType)) types.push(settings.primaryTestType);
  const riskByType: Record<string, TeamRisk> = {};
  const byType: TeamContext['byType'] = {};
  for (const type of types) {
    riskByType[type] = riskOf(type, members, settings, asOf);
    const changes = members.map((m) => m.summaries.find((s) => s.testType === type)?.change ?? null).filter((c) => c !== null);
    const values = (leg: 'left' | 'right') => changes.map((c) => c[leg].latestN).filter((x): x is number => x !== null);
    byType[type] = { left: legStats(values('left'), settings.team.minAthletes), right: legStats(values('right'), settings.team.minAthletes) };
  }
  return { risk: riskByType[settings.primaryTestType]!, riskByType, context: { asOf, byType } };
}
