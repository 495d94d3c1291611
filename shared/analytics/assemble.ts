/**
 * Athletes' analytics inputs from what the analyzer emits (roster profiles, tests, workouts), grouped by
 * athlete id without case (idKey). An athlete with tests or workouts but no roster row is profiled from
 * its tests: name as exported, body mass as implied by the export's per-kg columns.
 */
import { idKey } from '../identity/id-grammar.ts';
import type { AthleteProfile } from '../model/athlete-profile.ts';
import type { TestRecord } from '../model/test-record.ts';
import type { WorkoutRecord } from '../model/workout-record.ts';
import type { AthleteProfileInput } from './input.ts';
import type { SquadAthlete } from './squad.ts';

export interface AssembledAthlete extends SquadAthlete {
  athlete: AthleteProfileInput;
}

export function assembleSquad(profiles: readonly AthleteProfile[], tests: readonly TestRecord[], workouts: readonly WorkoutRecord[]): AssembledAthlete[] {
  const byKey = new Map<string, AssembledAthlete>();
  const entry = (id: string, name: string | null) => {
    let a = byKey.get(idKey(id));
    if (a === undefined) {
      a = { athlete: { athleteId: id, name, bodyMassKg: null, sport: null, squad: null, position: null, injuries: [] }, tests: [], workouts: [] };
      byKey.set(idKey(id), a);
    }
    return a;
  };
  for (const p of profiles) {
    const a = entry(p.athleteId, p.name);
    a.athlete = { athleteId: p.athleteId, name: p.name, bodyMassKg: p.bodyMassKg, sport: p.sport, squad: p.squad, position: p.position, injuries: p.injuries };
  }
  const impliedMass = new Map<string, { at: string; kg: number }>();
  for (const t of tests) {
    const a = entry(t.athleteId, t.athleteName);
    (a.tests as TestRecord[]).push(t);
    const seen = impliedMass.get(idKey(t.athleteId));
    if (t.bodyMassKg !== null && (seen === undefined || t.testedAt > seen.at)) impliedMass.set(idKey(t.athleteId), { at: t.testedAt, kg: t.bodyMassKg });
  }
  for (const w of workouts) (entry(w.athleteId, w.athleteName).workouts as WorkoutRecord[]).push(w);
  for (const [key, a] of byKey) if (a.athlete.bodyMassKg === null) a.athlete.bodyMassKg = impliedMass.get(key)?.kg ?? null;
  return [...byKey.values()].sort((x, y) => (idKey(x.athlete.athleteId) < idKey(y.athlete.athleteId) ? -1 : 1));
}
