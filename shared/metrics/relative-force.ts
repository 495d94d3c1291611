/** relative-force@1: peak force (N) / body mass (kg), in N/kg. No injury threshold exists for it (handbook). */
export const relativeForceFormula = 'relative-force@1';

export function relativeForce(peakN: number | null, bodyMassKg: number | null): number | null {
  if (peakN === null || bodyMassKg === null || !(bodyMassKg > 0)) return null;
  return relativeForceOrNaN(peakN, bodyMassKg);
}

/** relative-force@1 for numbers-only facts: NaN in (a side with no peak), NaN out; bodyMassKg > 0. */
export const relativeForceOrNaN = (peakN: number, bodyMassKg: number): number => peakN / bodyMassKg;
