import type { FatigueResult } from './types.ts';

/** Glaister's percent decrement score: Sdec = (1 − Σ peaks / (best × n)) × 100. */
export const percentDecrementFormula = 'fatigue.percent-decrement@1';
/** Ordinary least-squares slope of rep peak (N) against rep number 1…n, in N/rep. */
export const peakSlopeFormula = 'fatigue.peak-slope@1';

export function percentDecrement(peaks: ArrayLike<number>): number | null {
  const n = peaks.length;
  if (n < 2) return null;
  let sum = 0;
  let best = -Infinity;
  for (let i = 0; i < n; i++) {
    const p = peaks[i]!;
    sum += p;
    if (p > best) best = p;
  }
  if (!(best > 0)) return null;
  return (1 - sum / (best * n)) * 100;
}

export function peakSlope(peaks: ArrayLike<number>): number | null {
  const n = peaks.length;
  if (n < 2) return null;
  const meanX = (n + 1) / 2;
  let meanY = 0;
  for (let i = 0; i < n; i++) meanY += peaks[i]!;
  meanY /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = i + 1 - meanX;
    sxy += dx * (peaks[i]! - meanY);
    sxx += dx * dx;
  }
  return sxy / sxx;
}

/** Within-set fatigue of one leg, or a reason why it cannot be computed (never 0 for "unknown"). */
export function withinSetFatigue(peaks: ArrayLike<number>): { result: FatigueResult | null; reason?: string } {
  if (peaks.length < 2) {
    return { result: null, reason: `${peaks.length} rep${peaks.length === 1 ? '' : 's'}: within-set fatigue needs at least 2` };
  }
  const decrementPct = percentDecrement(peaks);
  const slopeNPerRep = peakSlope(peaks);
  if (decrementPct === null || slopeNPerRep === null) return { result: null, reason: 'no positive peak' };
  return { result: { decrementPct, slopeNPerRep } };
}
