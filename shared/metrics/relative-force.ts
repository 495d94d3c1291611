/** relative-force@1: peak force (N) / body mass (kg), in N/kg. No injury threshold exists for it (handbook). */
export const relativeForceFormula = 'relative-force@1';

export function relativeForce(peakN: number | null, bodyMassKg: number | null): number | null {
  if (peakN === null || bodyMassKg === null || !(bodyMassKg > 0)) return null;
  return peakN / bodyMassKg;
}
