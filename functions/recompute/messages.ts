import { z } from 'zod';
import { isEntityId, TEAM_ID } from '#core/identity/id-grammar.ts';

/**
 * What the recompute queue carries: one athlete to summarise again (ingest sends one per athlete an
 * upload touched), or a whole team (a settings change, or the team context moved: fanned out per athlete).
 */
export const RecomputeMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('athlete'), teamId: z.string().regex(TEAM_ID), athleteId: z.string().refine(isEntityId, 'not an athlete id') }),
  z.object({ type: z.literal('team'), teamId: z.string().regex(TEAM_ID), reason: z.string().max(200).optional() }),
]);
export type RecomputeMessage = z.infer<typeof RecomputeMessageSchema>;
