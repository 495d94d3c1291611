/**
 * The team aggregate, once per team per recompute batch (never per test): one Query of the team's athlete
 * items (their summaries and latest tests), aggregateTeam, one write. When the team context (means and
 * between-athlete SDs from the athletes' tests) moved, every athlete's summary depends on stale figures:
 * one delayed whole-team recompute is queued, shared by every batch of a bulk upload until it runs.
 */
import { aggregateTeam, type TeamContext } from '#core/analytics/index.ts';
import { fromAthleteItem } from '../adapters/athlete-repository.ts';
import { keys } from '../adapters/keys.ts';
import { queryAllWithPrefix } from '../adapters/queries.ts';
import { enqueueTeam } from '../adapters/recompute-queue.ts';
import { claimTeamRecompute, saveTeamRisk } from '../adapters/summary-repository.ts';
import type { TeamCache } from './team-cache.ts';

/** Seconds a whole-team recompute waits, so the rest of a bulk upload lands first. */
export const TEAM_RECOMPUTE_DELAY_S = 30;

export async function refreshTeam(teamId: string, team: TeamCache, now: Date): Promise<{ contextMoved: boolean }> {
  const [{ settings, context: before }, items] = await Promise.all([team.load(teamId), queryAllWithPrefix(keys.team(teamId), keys.athletePrefix)]);
  const athletes = items.map(fromAthleteItem);
  const { risk, context } = aggregateTeam(athletes, settings, now);
  await saveTeamRisk(teamId, settings.primaryTestType, risk, context);
  const contextMoved = before !== null && !sameContext(before, context);
  if (contextMoved && (await claimTeamRecompute(teamId, settings.primaryTestType, now.toISOString()))) {
    await enqueueTeam(teamId, 'the team means and SDs moved', TEAM_RECOMPUTE_DELAY_S);
  }
  return { contextMoved };
}

const sameContext = (a: TeamContext, b: TeamContext) => JSON.stringify(a) === JSON.stringify(b);
