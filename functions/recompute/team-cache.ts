import type { RiskSettings } from '#core/analytics/settings.ts';
import type { TeamContext } from '#core/model/risk.ts';
import { loadStoredSettings, riskSettingsOf } from '../adapters/settings-repository.ts';
import { getTeamRisk, type TeamRiskItem } from '../adapters/summary-repository.ts';

export interface TeamState {
  settings: RiskSettings;
  /** The team means and between-athlete SDs of the last aggregate (null before the first). */
  context: TeamContext | null;
  aggregate: TeamRiskItem<TeamContext> | null;
}

/**
 * A team's risk settings and last aggregate, read once per invocation however many of its athletes the
 * batch holds (a bulk upload's batch is mostly one team).
 */
export class TeamCache {
  private readonly teams = new Map<string, Promise<TeamState>>();

  load(teamId: string): Promise<TeamState> {
    let state = this.teams.get(teamId);
    if (!state) {
      state = readTeam(teamId);
      this.teams.set(teamId, state);
    }
    return state;
  }
}

async function readTeam(teamId: string): Promise<TeamState> {
  const stored = await loadStoredSettings(teamId);
  const settings = riskSettingsOf(stored);
  const aggregate = await getTeamRisk<TeamContext>(teamId, settings.primaryTestType);
  return { settings, context: aggregate?.context ?? null, aggregate };
}
