import { idKey } from '#core/identity/id-grammar.ts';
import type { RecomputeMessage } from '../recompute/messages.ts';
import { sendMessages } from './queue-messages.ts';

function queueUrl(): string {
  const url = process.env.RECOMPUTE_QUEUE_URL;
  if (!url) throw new Error('environment variable RECOMPUTE_QUEUE_URL is not set');
  return url;
}

/** One message per athlete (ids compared without case), however many of their tests an upload stored. */
export async function enqueueAthletes(teamId: string, athleteIds: Iterable<string>): Promise<number> {
  const unique = new Map<string, string>();
  for (const id of athleteIds) if (!unique.has(idKey(id))) unique.set(idKey(id), id);
  const messages: RecomputeMessage[] = [...unique.values()].map((athleteId) => ({ type: 'athlete', teamId, athleteId }));
  await sendMessages(queueUrl(), messages.map((m) => ({ body: JSON.stringify(m) })));
  return messages.length;
}

/** The whole team again: after a settings change (now), or when the team context moved (delayed, to gather a bulk upload). */
export async function enqueueTeam(teamId: string, reason: string, delaySeconds = 0): Promise<void> {
  const message: RecomputeMessage = { type: 'team', teamId, reason };
  await sendMessages(queueUrl(), [{ body: JSON.stringify(message), delaySeconds }]);
}
