/**
 * One athlete summarised again from their whole history: ≤ 2 reads (the athlete item, the history range
 * Query — one page for a typical season) and 2 writes (their summaries on the athlete item, their chart
 * series), plus the team's settings and context, read once per invocation (TeamCache).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { summariseAthlete } from '#core/analytics/summarise-athlete.ts';
import { config, documents } from '../adapters/clients.ts';
import { fromAthleteItem } from '../adapters/athlete-repository.ts';
import { loadHistory } from '../adapters/history-repository.ts';
import { keys } from '../adapters/keys.ts';
import { saveSummaries, saveTrends } from '../adapters/summary-repository.ts';
import type { TeamCache } from './team-cache.ts';

export interface RecomputeCost {
  reads: number;
  writes: number;
}

export async function recomputeAthlete(teamId: string, athleteId: string, team: TeamCache, now: Date): Promise<RecomputeCost | null> {
  const [athleteOut, history, { settings, context }] = await Promise.all([
    documents.send(new GetCommand({ TableName: config.tableName, Key: { pk: keys.team(teamId), sk: keys.athleteSk(athleteId) } })),
    loadHistory(teamId, athleteId),
    team.load(teamId),
  ]);
  // Merged into another athlete (a roster relink) since the message was sent: nothing left to summarise.
  if (!athleteOut.Item) return null;
  const athlete = fromAthleteItem(athleteOut.Item);
  const profile = {
    athleteId: athlete.athleteId,
    name: athlete.name,
    bodyMassKg: athlete.bodyMassKg ?? null,
    sport: athlete.sport ?? null,
    squad: athlete.squad ?? null,
    position: athlete.position ?? null,
    injuries: athlete.injuries ?? [],
  };
  const { summaries, trends } = summariseAthlete({ athlete: profile, tests: history.tests, workouts: history.workouts, team: context }, settings, now);
  if (!(await saveSummaries(teamId, athlete.athleteId, summaries))) return null;
  await saveTrends(teamId, athlete.athleteId, trends);
  return { reads: 1 + history.requests, writes: 1 + Math.ceil(trends.length / 25) };
}
