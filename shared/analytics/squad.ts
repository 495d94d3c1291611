/**
 * A whole squad summarised at once, the way the event-driven pipeline converges: every athlete summarised,
 * the team aggregated (means and SDs), then every athlete summarised again against that team context.
 * For `eccentric report FILES…`, the demo squad's assertions and the benchmark; the recompute handler does
 * the same one athlete at a time against the stored aggregate.
 */
import type { AthleteSummary, AthleteTrend, TeamContext } from '../model/risk.ts';
import { aggregateTeam, type TeamAggregate } from './aggregate-team.ts';
import type { AthleteInput } from './input.ts';
import type { RiskSettings } from './settings.ts';
import { summariseAthlete } from './summarise-athlete.ts';

export type SquadAthlete = Omit<AthleteInput, 'team'>;

export interface SquadResult {
  athletes: { input: SquadAthlete; summaries: AthleteSummary[]; trends: AthleteTrend[] }[];
  aggregate: TeamAggregate;
}

export function summariseSquad(athletes: readonly SquadAthlete[], settings: RiskSettings, now: Date, context: TeamContext | null = null): SquadResult {
  const pass = (team: TeamContext | null) => athletes.map((a) => ({ input: a, ...summariseAthlete({ ...a, team }, settings, now) }));
  const members = (rows: ReturnType<typeof pass>) => rows.map((r) => ({ athleteId: r.input.athlete.athleteId, name: r.input.athlete.name, summaries: r.summaries }));
  const first = pass(context ?? aggregateTeam(members(pass(null)), settings, now).context);
  return { athletes: first, aggregate: aggregateTeam(members(first), settings, now) };
}
