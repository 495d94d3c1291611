/** Small numeric helpers of the analytics (pure). */

export function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** Sample standard deviation (n − 1); null below two values. */
export function sampleSd(xs: readonly number[]): number | null {
  const m = mean(xs);
  if (m === null || xs.length < 2) return null;
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return Math.sqrt(ss / (xs.length - 1));
}

/** Ordinary least squares y = intercept + slope × x; null below two points or when every x is equal. */
export function leastSquares(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } | null {
  const n = xs.length;
  if (n < 2 || ys.length !== n) return null;
  const mx = mean(xs)!;
  const my = mean(ys)!;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** Rounded for display and for stored values (floating noise never decides a flag). */
export const round1 = (x: number): number => Math.round(x * 10) / 10;
export const round2 = (x: number): number => Math.round(x * 100) / 100;

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** Whole UTC days since the epoch. */
export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** A signed percentage as coaches read it: `−11 %`, `+4 %`. */
export function signedPct(x: number): string {
  const r = Math.round(x);
  return `${r < 0 ? '−' : r > 0 ? '+' : '±'}${Math.abs(r)} %`;
}

/** `2026-W07`: the ISO week of a UTC time. */
export function isoWeek(ms: number): string {
  const d = new Date(dayOf(ms) * DAY_MS);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(d.getTime() + (3 - weekday) * DAY_MS);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = 1 + Math.floor((thursday.getTime() - yearStart) / WEEK_MS);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
