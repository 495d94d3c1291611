import { z } from 'zod';
import { ENTITY_ID_RULE, isEntityId } from '../identity/id-grammar.ts';

export const InjurySchema = z.object({
  date: z.iso.date(),
  side: z.enum(['left', 'right', 'both']).nullable(),
});

export const AthleteProfileSchema = z.object({
  athleteId: z.string().refine(isEntityId, ENTITY_ID_RULE).describe('As the roster wrote it; compared without case'),
  name: z.string().min(1),
  externalId: z.string().nullable(),
  valdProfileId: z.string().nullable(),
  squad: z.string().nullable(),
  position: z.string().nullable(),
  sport: z.string().nullable(),
  bodyMassKg: z.number().min(20).max(250).nullable(),
  dateOfBirth: z.iso.date().nullable(),
  injuries: z.array(InjurySchema).describe('Prior hamstring injuries: `2025-09-14:left;2024-03-02:right` in the roster CSV'),
});
export type AthleteProfile = z.infer<typeof AthleteProfileSchema>;
