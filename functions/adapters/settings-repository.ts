import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { asymmetryFormulas, defaultAsymmetryFormula, type AsymmetryFormula } from '#core/metrics/asymmetry.ts';
import { traceDefaults } from '#core/traces/analyze-trace.ts';
import { TraceParametersSchema } from '#core/traces/parameters-schema.ts';
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

/** What applies to a team that set nothing (ambiguous dates are read as DD/MM/YYYY: see the analyzer). */
export const settingDefaults = { dateOrder: 'DMY', asymmetryFormula: defaultAsymmetryFormula, traceParameters: traceDefaults } as const;

export async function loadTeamSettings(teamId: string): Promise<TeamSettings> {
  const out = await documents.send(new GetCommand({ TableName: config.tableName, Key: { pk: keys.team(teamId), sk: keys.settingsSk } }));
  const parsed = TeamSettingsSchema.safeParse(out.Item ?? {});
  return parsed.success ? parsed.data : {};
}

/** Replaces the team's settings (validated by the caller against TeamSettingsSchema). */
export async function saveTeamSettings(teamId: string, settings: TeamSettings): Promise<void> {
  await documents.send(new PutCommand({ TableName: config.tableName, Item: { pk: keys.team(teamId), sk: keys.settingsSk, type: 'settings', ...settings } }));
}
