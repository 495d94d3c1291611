/**
 * bridge.reps-band@1: the single-leg hamstring bridge test (reps to fatigue per leg), its latest day's best
 * per leg, banded by the team's preset — the article's (< 15 poor, 15–30 satisfactory, > 30 excellent) or
 * Freckleton 2014's (< 20 poor, ~25 average, > 30 good). A poor leg is flagged.
 */
import type { BridgeResult, Leg, Reason } from '../model/risk.ts';
import type { AnalyticsWorkout } from './input.ts';
import { bridgePresets, type RiskSettings } from './settings.ts';

export const BRIDGE_FORMULA = 'bridge.reps-band@1';

function presetOf(settings: RiskSettings) {
  const p = settings.bridge.preset;
  return typeof p === 'string' ? { name: p, ...bridgePresets[p] } : { name: 'custom', ...p };
}

export function bridgeOf(workouts: readonly AnalyticsWorkout[], settings: RiskSettings): BridgeResult | null {
  const tests = workouts.filter((w) => w.exercise === 'bridge_test' && w.totalReps !== null);
  const last = tests.at(-1);
  if (last === undefined) return null;
  const preset = presetOf(settings);
  const band = (reps: number | null) =>
    reps === null ? null : reps < preset.poorBelow ? preset.labels[0] : reps > preset.topAbove ? preset.labels[2] : preset.labels[1];
  const best = (side: Leg) => {
    const reps = tests.filter((w) => w.date === last.date && w.side === side).map((w) => Math.max(...w.reps!));
    return reps.length === 0 ? null : Math.max(...reps);
  };
  const left = best('left');
  const right = best('right');
  return {
    formula: BRIDGE_FORMULA,
    preset: preset.name,
    testedAt: last.date,
    left: { reps: left, band: band(left) },
    right: { reps: right, band: band(right) },
    source: preset.source,
  };
}

export function bridgeReasons(bridge: BridgeResult | null, settings: RiskSettings): Reason[] {
  if (bridge === null) return [];
  const preset = presetOf(settings);
  return (['left', 'right'] as const).flatMap((side): Reason[] => {
    const { reps, band } = bridge[side];
    if (reps === null || band !== preset.labels[0]) return [];
    return [
      {
        code: 'bridge-poor',
        level: 'amber',
        message: `Bridge test ${side} ${reps} reps: ${band} (< ${preset.poorBelow}, ${preset.source})`,
        value: reps,
        threshold: preset.poorBelow,
        source: preset.source,
        side,
        formula: BRIDGE_FORMULA,
      },
    ];
  });
}
