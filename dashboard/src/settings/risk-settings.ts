/**
 * The risk settings the form edits, and how they travel in `PUT /teams/{t}/settings`. The API of issue 17 adds
 * these keys; the form offers a group only when the API's `defaults` name its key, so today's API (which
 * refuses unknown keys) is never sent one. If the route settles on other names, only this file changes.
 */
export const RISK_KEYS = ['thresholds', 'prescription', 'baselineWindow', 'seasonStart', 'postLoadWindowHours'] as const;
export type RiskKey = (typeof RISK_KEYS)[number];

export interface RiskSettings {
  thresholds?: { preset: string; strengthAmberN: number | null; strengthRedN: number | null; imbalanceAmberPct: number; imbalanceRedPct: number };
  prescription?: { preset: string; sessionsPerWeek: number; repsPerSession: number | null };
  baselineWindow?: { maxTests: number; maxDays: number };
  seasonStart?: string | null;
  postLoadWindowHours?: number;
}

/** Which risk keys this API accepts: those its GET settings lists among the defaults. */
export const supportedRiskKeys = (defaults: Record<string, unknown>): Set<RiskKey> => new Set(RISK_KEYS.filter((k) => k in defaults));
