/**
 * The risk settings the form edits, in the shape of the analytics core's RiskSettingsSchema
 * (shared/analytics/settings.ts): `sport`, `sportPresets`, `baseline`, `postLoad`, `exposure`. A group of the
 * form is enabled only when the API's GET settings lists its key among the defaults, so an API that refuses
 * unknown keys is never sent one. PUT replaces the settings: every object is sent whole, what the form does
 * not edit carried over from what the API returned.
 */
import { prescriptionPresets, sportPresets, type SportPreset } from './presets.ts';

export const RISK_KEYS = ['sport', 'sportPresets', 'baseline', 'postLoad', 'exposure'] as const;
export type RiskKey = (typeof RISK_KEYS)[number];

export const supportedRiskKeys = (defaults: Record<string, unknown>): Set<RiskKey> => new Set(RISK_KEYS.filter((k) => k in defaults));

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** The thresholds in force for a sport: the team's override, else the built-in preset. */
export function thresholdsFor(sportPresetsSetting: unknown, sport: string): Pick<SportPreset, 'strength' | 'imbalance'> | null {
  const own = obj(sportPresetsSetting)[sport] as Pick<SportPreset, 'strength' | 'imbalance'> | undefined;
  return own ?? sportPresets.find((p) => p.id === sport) ?? null;
}

export interface RiskForm {
  sport: string | null;
  thresholdSport: string;
  strengthAmberN: number | null;
  strengthRedN: number | null;
  imbalanceAmberPct: number | null;
  imbalanceRedPct: number | null;
  prescription: string;
  sessionsPerWeek: number | null;
  repsPerSession: number | null;
  maxTests: number | null;
  maxDays: number | null;
  seasonStart: string | null;
  postLoadWindowHours: number | null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The body's risk keys from the form, merged over what the team had (`current`). */
export function riskBody(form: RiskForm, current: Obj, supported: Set<RiskKey>): Obj {
  const body: Obj = {};
  if (supported.has('sport')) body.sport = form.sport;
  if (supported.has('sportPresets')) {
    const builtIn = sportPresets.find((p) => p.id === form.thresholdSport);
    const edited = {
      strength: form.strengthAmberN == null && form.strengthRedN == null ? null : { amberN: form.strengthAmberN, redN: form.strengthRedN, source: 'team setting' },
      imbalance: { amberPct: form.imbalanceAmberPct ?? 15, redPct: form.imbalanceRedPct ?? 20, source: 'team setting' },
    };
    const presets = { ...obj(current.sportPresets) };
    const unchanged = builtIn && same({ a: builtIn.strength?.amberN ?? null, r: builtIn.strength?.redN ?? null, ia: builtIn.imbalance.amberPct, ir: builtIn.imbalance.redPct }, { a: form.strengthAmberN, r: form.strengthRedN, ia: form.imbalanceAmberPct, ir: form.imbalanceRedPct });
    if (unchanged) delete presets[form.thresholdSport];
    else presets[form.thresholdSport] = edited;
    body.sportPresets = presets;
  }
  if (supported.has('baseline')) body.baseline = { ...obj(current.baseline), maxTests: form.maxTests, maxDays: form.maxDays, seasonStart: form.seasonStart };
  if (supported.has('postLoad')) body.postLoad = { ...obj(current.postLoad), windowHours: form.postLoadWindowHours };
  if (supported.has('exposure')) {
    const preset = prescriptionPresets.find((p) => p.id === form.prescription);
    const prescription =
      preset && preset.sessionsPerWeek === form.sessionsPerWeek && preset.repsPerSession === form.repsPerSession
        ? preset.id
        : { sessionsPerWeek: form.sessionsPerWeek, repsPerSession: form.repsPerSession, source: 'team setting' };
    body.exposure = { ...obj(current.exposure), prescription };
  }
  return body;
}
