/**
 * The team aggregate, once per team per recompute batch (never per test): one Query of the team's athlete
 * items (their summaries and latest tests), aggregateTeam, one write. When the team context (means and
 * between-athlete SDs from the athletes' tests) moved, every athlete's summary depends on stale figures:
 * one delayed whole-team recompute is queued, shared by every batch of a bulk upload until it runs.
 */
import { aggregateTeam } from '#core/analytics/aggregate-team.ts';
import type { TeamContext } from '#core/model/risk.ts';
import { fromAthleteItem } from '../adapters/athlete-repository.ts';
import { keys } from '../adapters/keys.ts';
import { queryAllWithPrefix } from '../adapters/queries.ts';
import { enqueueTeam } from '../adapters/recompute-queue.ts';
import { claimTeamRecompute, saveTeamRisk } from '../adapters/summary-repository.ts';
import type { TeamCache } from './team-cache.ts';

/** Seconds a whole-team recompute waits, so the rest of a bulk upload lands first (30 on AWS; tests use 0). */
const teamDelaySeconds = () => Number(process.env.RECOMPUTE_TEAM_DELAY_SECONDS ?? 30);

export async function refreshTeam(teamId: string, team: TeamCache, now: Date): Promise<{ contextMoved: boolean }> {
  const [{ settings, context: before }, items] = await Promise.all([team.load(teamId), queryAllWithPrefix(keys.team(teamId), keys.athletePrefix)]);
  const members = items.map((item) => {
    const athlete = fromAthleteItem(item);
    return { athleteId: athlete.athleteId, name: athlete.name, summaries: Object.values(athlete.summaries) };
  });
  const { riskByType, context } = aggregateTeam(members, settings, now);
  // One item per test type (`/risk?testType=`); the context rides on the primary type's.
  for (const [testType, risk] of Object.entries(riskByType)) {
    await saveTeamRisk(teamId, testType, risk, testType === settings.primaryTestType ? context : null);
  }
  const contextMoved = before !== null && !sameContext(before, context);
  if (contextMoved && (await claimTeamRecompute(teamId, settings.primaryTestType, now.toISOString()))) {
    await enqueueTeam(teamId, 'the team means and SDs moved', teamDelaySeconds());
  }
  return { contextMoved };
}

/** Only the figures count: the context's `asOf` moves with every aggregate. */
const sameContext = (a: TeamContext, b: TeamContext) => JSON.stringify(a.byType) === JSON.stringify(b.byType);
