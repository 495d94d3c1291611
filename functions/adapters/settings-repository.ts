import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { asymmetryFormulas, defaultAsymmetryFormula, type AsymmetryFormula } from '#core/metrics/asymmetry.ts';
import { traceDefaults } from '#core/traces/analyze-trace.ts';
import { TraceParametersSchema } from '#core/traces/parameters-schema.ts';
import { riskSettingDefaults, RiskSettingsSchema, type RiskSettings } from '#core/analytics/settings.ts';
import { config, documents } from './clients.ts';
import { keys } from './keys.ts';
import { isConditionFailure } from './athlete-repository.ts';

const formulaNames = Object.keys(asymmetryFormulas) as [AsymmetryFormula, ...AsymmetryFormula[]];

/** Per-team settings (item TEAM#t / SETTINGS) as the user sets them; absent fields fall back to the documented defaults. */
export const TeamSettingsSchema = z.object({
  dateOrder: z.enum(['MDY', 'DMY']).optional().describe('Order for exports whose dates never show a day above 12'),
  asymmetryFormula: z.enum(formulaNames).optional(),
  traceParameters: TraceParametersSchema.optional().describe('Overrides of the trace-analysis defaults (thresholds, smoothing, baseline)'),
});
export type TeamSettings = z.infer<typeof TeamSettingsSchema>;

/** How the team's dateOrder was set when ingest learned it from a file (or an answer for one upload). */
export const DateOrderLearnedSchema = z.object({
  uploadId: z.string(),
  fileName: z.string(),
  evidence: z.string(),
  at: z.string(),
});
export type DateOrderLearned = z.infer<typeof DateOrderLearnedSchema>;

/** What the settings item holds: the user's settings and where a learned dateOrder came from. */
export const StoredSettingsSchema = TeamSettingsSchema.extend({ dateOrderLearned: DateOrderLearnedSchema.optional() });
export type StoredSettings = z.infer<typeof StoredSettingsSchema>;

/**
 * Every risk setting (thresholds and sport presets, prescription, baseline window, season start, post-load
 * window, …: shared/analytics/settings.ts), each optional in a PUT and checked against its schema. What the
 * team sent is stored as sent, so a default it left out stays the shipped default when that changes.
 */
const riskShape = RiskSettingsSchema.shape;
const riskFields = Object.fromEntries(
  Object.entries(riskShape).map(([key, schema]) => [
    key,
    z.unknown().optional().superRefine((value, ctx) => {
      if (value === undefined) return;
      const parsed = (schema as z.ZodType).safeParse(value);
      for (const issue of parsed.success ? [] : parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }),
  ]),
) as { [K in keyof typeof riskShape]: z.ZodOptional<z.ZodUnknown> };

/**
 * The PUT body: the user's settings and the risk settings, strictly (unknown keys are a 400).
 * `dateOrderLearned` is accepted and ignored (GET shows it, and a client that sends back what it read must
 * not be refused); ingest alone writes it.
 */
export const TeamSettingsPutSchema = TeamSettingsSchema.extend({ dateOrderLearned: DateOrderLearnedSchema.optional(), ...riskFields })
  .strict()
  .transform(({ dateOrderLearned: _readOnly, ...settings }) => settings);
export type TeamSettingsPut = z.output<typeof TeamSettingsPutSchema>;

/**
 * What applies to a team that set nothing. Ingest never guesses a day/month order: a file whose dates do not
 * settle it is held until the team sets one (offline analysis assumes DD/MM/YYYY and says so).
 */
export const settingDefaults = { dateOrder: null, asymmetryFormula: defaultAsymmetryFormula, traceParameters: traceDefaults, ...riskSettingDefaults } as const;

export async function loadTeamSettings(teamId: string): Promise<StoredSettings> {
  const parsed = StoredSettingsSchema.safeParse(await loadStoredSettings(teamId));
  return parsed.success ? parsed.data : {};
}

/** Replaces the team's settings (validated by the caller against TeamSettingsSchema). */
export async function saveTeamSettings(teamId: string, settings: StoredSettings & Partial<TeamSettingsPut>): Promise<void> {
  await documents.send(new PutCommand({ TableName: config.tableName, Item: { pk: keys.team(teamId), sk: keys.settingsSk, type: 'settings', ...settings } }));
}

/**
 * PUT settings: replaces what the user sets; a learned dateOrder keeps its origin only while the order
 * stays the same (a different one is the user's own decision).
 */
export async function replaceTeamSettings(teamId: string, settings: TeamSettingsPut): Promise<TeamSettingsPut & StoredSettings> {
  const previous = await loadTeamSettings(teamId);
  const keep = previous.dateOrderLearned !== undefined && previous.dateOrder === settings.dateOrder;
  const stored = { ...settings, ...(keep ? { dateOrderLearned: previous.dateOrderLearned } : {}) };
  await saveTeamSettings(teamId, stored);
  return stored;
}

/**
 * Sets the team's dateOrder unless it has one (a conditional write: two uploads learning at once cannot
 * overwrite each other or the user). True when this call set it.
 */
export async function learnDateOrder(teamId: string, dateOrder: 'MDY' | 'DMY', learned: DateOrderLearned): Promise<boolean> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: { pk: keys.team(teamId), sk: keys.settingsSk },
        UpdateExpression: 'SET #type = :type, dateOrder = :order, dateOrderLearned = :learned',
        ConditionExpression: 'attribute_not_exists(dateOrder)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'settings', ':order': dateOrder, ':learned': learned },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The settings item as the team saved it (risk settings included), without its keys. */
export async function loadStoredSettings(teamId: string): Promise<Record<string, unknown>> {
  const out = await documents.send(new GetCommand({ TableName: config.tableName, Key: { pk: keys.team(teamId), sk: keys.settingsSk } }));
  const { pk: _pk, sk: _sk, type: _type, ...stored } = out.Item ?? {};
  return stored;
}

/** The risk part of a team's stored settings, defaults filled in; a stored value that no longer parses falls back to the defaults. */
export function riskSettingsOf(stored: Record<string, unknown>): RiskSettings {
  const picked = Object.fromEntries(Object.entries(stored).filter(([key]) => key in RiskSettingsSchema.shape));
  const parsed = RiskSettingsSchema.safeParse(picked);
  return parsed.success ? parsed.data : riskSettingDefaults;
}
