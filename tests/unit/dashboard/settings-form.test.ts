import { describe, expect, it } from 'vitest';
import { prescriptionPresets as corePrescriptions, RiskSettingsSchema, sportPresetDefaults } from '../../../shared/analytics/settings.ts';
import { prescriptionPresets, sportPresets } from '../../../dashboard/src/settings/presets.ts';
import { riskBody, supportedRiskKeys, type RiskForm } from '../../../dashboard/src/settings/risk-settings.ts';

const form: RiskForm = {
  sport: 'soccer',
  thresholdSport: 'soccer',
  strengthAmberN: null,
  strengthRedN: 337,
  imbalanceAmberPct: 15,
  imbalanceRedPct: 20,
  prescription: 'article-in-season',
  sessionsPerWeek: 1,
  repsPerSession: 5,
  maxTests: 6,
  maxDays: 120,
  seasonStart: '2026-07-01',
  postLoadWindowHours: 72,
};
const all = supportedRiskKeys({ sport: null, sportPresets: {}, baseline: {}, postLoad: {}, exposure: {} });

describe('settings form', () => {
  it('offers the analytics core’s presets, value for value', () => {
    expect(Object.fromEntries(sportPresets.map((p) => [p.id, { strength: p.strength, imbalance: p.imbalance }]))).toEqual(sportPresetDefaults);
    expect(Object.fromEntries(prescriptionPresets.map(({ id, sessionsPerWeek, repsPerSession, source }) => [id, { sessionsPerWeek, repsPerSession, source }]))).toEqual(corePrescriptions);
  });

  it('sends nothing of the risk settings to an API that does not list them', () => {
    expect(riskBody(form, {}, supportedRiskKeys({ dateOrder: 'DMY' }))).toEqual({});
  });

  it('writes bodies the core’s schema accepts: presets by id, changed numbers as the team’s own, other fields kept', () => {
    const current = { exposure: { maxWeeksWithout: 4 }, baseline: { minOwnTests: 2 }, sportPresets: { 'rugby-union': { strength: null, imbalance: { amberPct: 12, redPct: 18, source: 'team setting' } } } };
    const same = riskBody(form, current, all);
    expect(same).toMatchObject({ sport: 'soccer', exposure: { maxWeeksWithout: 4, prescription: 'article-in-season' }, baseline: { minOwnTests: 2, maxTests: 6, seasonStart: '2026-07-01' }, postLoad: { windowHours: 72 } });
    expect(same.sportPresets).toEqual(current.sportPresets); // soccer unchanged: the built-in preset stays in force
    expect(RiskSettingsSchema.safeParse(same).success).toBe(true);

    const changed = riskBody({ ...form, strengthRedN: 320, sessionsPerWeek: 2 }, current, all);
    expect((changed.sportPresets as Record<string, unknown>).soccer).toEqual({ strength: { amberN: null, redN: 320, source: 'team setting' }, imbalance: { amberPct: 15, redPct: 20, source: 'team setting' } });
    expect((changed.exposure as Record<string, unknown>).prescription).toEqual({ sessionsPerWeek: 2, repsPerSession: 5, source: 'team setting' });
    expect(RiskSettingsSchema.safeParse(changed).success).toBe(true);
  });
});
