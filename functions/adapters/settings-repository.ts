import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { asymmetryFormulas, defaultAsymmetryFormula, type AsymmetryFormula } from '#core/metrics/asymmetry.ts';
import { traceDefaults } from '#core/traces/analyze-trace.ts';
import { TraceParametersSchema } from '#core/traces/parameters-schema.ts';
import { riskSettingDefaults, RiskSettingsSchema, type RiskSettings } from '#core/analytics/settings.ts';
import { config, documents } from './clients.ts';
import { keys } from './keys.ts';

const formulaNames = Object.keys(asymmetryFormulas) as [AsymmetryFormula, ...AsymmetryFormula[]];

/** Per-team settings (item TEAM#t / SETTINGS); absent fields fall back to the documented defaults. */
export const TeamSettingsSchema = z.object({
  dateOrder: z.enum(['MDY', 'DMY']).optional().describe('Order for exports whose dates never show a day above 12'),
  asymmetryFormula: z.enum(formulaNames).optional(),
  traceParameters: TraceParametersSchema.optional().describe('Overrides of the trace-analysis defaults (thresholds, smoothing, baseline)'),
});
export type TeamSettings = z.infer<typeof TeamSettingsSchema>;

/**
 * What `PUT settings` accepts: the settings above and every risk setting (thresholds and sport presets,
 * prescription, baseline window, season start, post-load window, …: shared/analytics/settings.ts), each
 * optional; unknown keys are a 400. What the team sent is stored as sent, so a default it left out stays
 * the shipped default when that changes.
 */
const riskShape = RiskSettingsSchema.shape;
export const TeamSettingsBodySchema = TeamSettingsSchema.extend(
  Object.fromEntries(Object.entries(riskShape).map(([key, schema]) => [key, z.unknown().optional().superRefine((value, ctx) => {
    if (value === undefined) return;
    const parsed = (schema as z.ZodType).safeParse(value);
    for (const issue of parsed.success ? [] : parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  })])) as { [K in keyof typeof riskShape]: z.ZodOptional<z.ZodUnknown> },
).strict();
export type TeamSettingsBody = z.infer<typeof TeamSettingsBodySchema>;

/** What applies to a team that set nothing (ambiguous dates are read as DD/MM/YYYY: see the analyzer). */
export const settingDefaults = { dateOrder: 'DMY', asymmetryFormula: defaultAsymmetryFormula, traceParameters: traceDefaults, ...riskSettingDefaults } as const;

export async function loadTeamSettings(teamId: string): Promise<TeamSettings> {
  return pickTeamSettings(await loadStoredSettings(teamId));
}

/** The settings item as the team saved it (risk settings included), without its keys. */
export async function loadStoredSettings(teamId: string): Promise<Record<string, unknown>> {
  const out = await documents.send(new GetCommand({ TableName: config.tableName, Key: { pk: keys.team(teamId), sk: keys.settingsSk } }));
  const { pk: _pk, sk: _sk, type: _type, ...stored } = out.Item ?? {};
  return stored;
}

export function pickTeamSettings(stored: Record<string, unknown>): TeamSettings {
  const parsed = TeamSettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : {};
}

/** Replaces the team's settings (validated by the caller against TeamSettingsSchema). */
export async function saveTeamSettings(teamId: string, settings: TeamSettingsBody): Promise<void> {
  await documents.send(new PutCommand({ TableName: config.tableName, Item: { pk: keys.team(teamId), sk: keys.settingsSk, type: 'settings', ...settings } }));
}

/** The risk part of a team's stored settings, defaults filled in; a stored value that no longer parses falls back to the defaults. */
export function riskSettingsOf(stored: Record<string, unknown>): RiskSettings {
  const picked = Object.fromEntries(Object.entries(stored).filter(([key]) => key in RiskSettingsSchema.shape));
  const parsed = RiskSettingsSchema.safeParse(picked);
  return parsed.success ? parsed.data : riskSettingDefaults;
}
