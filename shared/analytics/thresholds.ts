/**
 * strength.threshold@1 and imbalance.threshold@1: the thresholds of the athlete's sport (the team's `sport`
 * setting, else the roster's), and the reasons of a test below or beyond them. Only for the test types the
 * evidence is from (`thresholdTestTypes`, the Nordic by default).
 */
import type { AppliedThresholds, Leg, Reason } from '../model/risk.ts';
import { ASYMMETRY_FORMULA, type Point } from './series.ts';
import { sportKey, sportPresetDefaults, type RiskSettings, type SportPresetSettings } from './settings.ts';
import { TEAM_SETTING } from './sources.ts';
import { round1 } from './stats.ts';

export const STRENGTH_FORMULA = 'strength.threshold@1';
export const IMBALANCE_FORMULA = 'imbalance.threshold@1';

const sameNumbers = (a: object | null | undefined, b: object | null | undefined, keys: string[]) =>
  a != null && b != null && keys.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);

/** A default keeps its citation; a changed threshold cites the team's own source, else "team setting". */
function cite<T extends { source?: string | undefined }>(value: T, fallback: T | null | undefined, keys: string[]): string {
  if (fallback && sameNumbers(value, fallback, keys)) return fallback.source ?? TEAM_SETTING;
  return value.source && value.source !== fallback?.source ? value.source : TEAM_SETTING;
}

export function appliesTo(settings: RiskSettings, testType: string): boolean {
  const want = testType.toLowerCase();
  return settings.thresholdTestTypes.some((t) => t.toLowerCase() === want);
}

export function appliedThresholds(rosterSport: string | null, settings: RiskSettings, testType: string): AppliedThresholds {
  const sport = sportKey(settings.sport ?? rosterSport);
  const fallback: SportPresetSettings | undefined = sport === null ? undefined : sportPresetDefaults[sport];
  const preset: SportPresetSettings | undefined = (sport === null ? undefined : settings.sportPresets[sport]) ?? fallback;
  const imbalance = preset?.imbalance ?? settings.imbalance;
  const imbalanceDefault = fallback?.imbalance ?? { amberPct: 15, redPct: 20, source: 'Bourne 2015' };
  const strength = preset?.strength ?? null;
  return {
    sport,
    strength: strength === null ? null : { amberN: strength.amberN, redN: strength.redN, source: cite(strength, fallback?.strength, ['amberN', 'redN']) },
    imbalance: { amberPct: imbalance.amberPct, redPct: imbalance.redPct, source: cite(imbalance, imbalanceDefault, ['amberPct', 'redPct']) },
    appliesToTestType: appliesTo(settings, testType),
  };
}

const LEG_NAME: Record<Leg, string> = { left: 'Left', right: 'Right' };

/** Whole newtons, unless rounding would show the threshold itself (336.75 N, not "337 N < 337 N"). */
const shownBelow = (n: number, cut: number) => (Math.round(n) < cut ? String(Math.round(n)) : String(Math.round(n * 100) / 100));

export function strengthReasons(point: Point | null, t: AppliedThresholds): Reason[] {
  if (point === null || t.strength === null || !t.appliesToTestType) return [];
  const { amberN, redN, source } = t.strength;
  const out: Reason[] = [];
  for (const side of ['left', 'right'] as const) {
    const n = point[side];
    if (n === null) continue;
    const red = redN !== null && n < redN;
    const cut = red ? redN : amberN !== null && n < amberN ? amberN : null;
    if (cut === null) continue;
    out.push({
      code: 'strength-below-threshold',
      level: red ? 'red' : 'amber',
      message: `${LEG_NAME[side]} ${shownBelow(n, cut)} N < ${cut} N (${source})`,
      value: round1(n),
      threshold: cut,
      source,
      side,
      formula: STRENGTH_FORMULA,
    });
  }
  return out;
}

export function imbalanceReasons(point: Point | null, t: AppliedThresholds): Reason[] {
  if (point === null || point.asymmetryPct === null || !t.appliesToTestType) return [];
  const pct = point.asymmetryPct;
  const { amberPct, redPct, source } = t.imbalance;
  const red = pct >= redPct;
  if (!red && pct < amberPct) return [];
  const cut = red ? redPct : amberPct;
  const weaker = point.weakerSide;
  return [
    {
      code: 'imbalance-above-threshold',
      level: red ? 'red' : 'amber',
      message: `Imbalance ${pct.toFixed(1)} % ≥ ${cut} %${weaker ? `, ${weaker} weaker` : ''} (${source})`,
      value: round1(pct),
      threshold: cut,
      source,
      ...(weaker ? { side: weaker } : {}),
      formula: ASYMMETRY_FORMULA,
    },
  ];
}
