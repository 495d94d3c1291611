import { keys } from '../adapters/keys.ts';
import { queryAllWithPrefix } from '../adapters/queries.ts';
import { enqueueAthletes } from '../adapters/recompute-queue.ts';
import { clearTeamRecompute } from '../adapters/summary-repository.ts';
import type { TeamCache } from './team-cache.ts';

/**
 * A whole team again, as one message per athlete (each its own recompute, in parallel batches), never a
 * season of work in one invocation. The pending marker is cleared first, so a context that moves again
 * while these run queues the next round.
 */
export async function fanOutTeam(teamId: string, team: TeamCache): Promise<number> {
  const { settings } = await team.load(teamId);
  await clearTeamRecompute(teamId, settings.primaryTestType);
  const athletes = await queryAllWithPrefix(keys.team(teamId), keys.athletePrefix);
  return enqueueAthletes(teamId, athletes.map((a) => String(a.athleteId)));
}
