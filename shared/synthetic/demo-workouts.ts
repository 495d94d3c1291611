/**
 * The demo squad's season of workout logs, as two uploads a club would make: the gym log (CSV, DD/MM/YYYY:
 * Nordics on Mondays, single-leg RDLs on Thursdays, a bridge test and prone curls once a month) and the
 * load log (JSON: Wednesday runs and Friday-evening matches, timed, so Tuesday tests stay fresh: 91 h after
 * the match, beyond the 72 h window). Deterministic; the designed cases differ as their profile says.
 */
import type { CaseProfile } from './demo-cases.ts';
import { INJURY_WEEK } from './demo-cases.ts';

export interface WorkoutAthlete {
  /** 1-based, for the deterministic variations. */
  index: number;
  name: string;
  bodyMassKg: number | undefined;
  profile: CaseProfile | null;
}

const DAY_MS = 86_400_000;
const pad2 = (n: number) => String(n).padStart(2, '0');
const euDate = (ms: number) => {
  const d = new Date(ms);
  return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
};
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Weeks of the monthly bridge test and prone curls (Thursdays). */
const MONTHLY = [1, 5, 9, 13];

/** `startMs`: the season's first Tuesday (test day); week w's Monday is the day before its Tuesday. */
export function demoWorkoutLogs(athletes: readonly WorkoutAthlete[], startMs: number, weeks: number): { gymCsv: string; loadJson: string } {
  const gym: string[] = ['Date,Athlete,Exercise,Sets,Reps,Load (kg),Side,RPE,Notes'];
  const load: Record<string, unknown>[] = [];
  const injuryMs = startMs + INJURY_WEEK * 7 * DAY_MS;
  for (const a of athletes) {
    const i = a.index;
    for (let w = 0; w < weeks; w++) {
      const tuesday = startMs + w * 7 * DAY_MS;
      const at = (days: number) => tuesday + days * DAY_MS;
      const sidelined = a.profile === 'returning' && at(-1) >= injuryMs && at(-1) < injuryMs + 14 * DAY_MS;
      const skipsNordic = a.profile === 'no-nordics' ? w >= 4 : (i * 7 + w) % 11 === 0;
      if (!sidelined && !skipsNordic) gym.push(`${euDate(at(-1))},${a.name},Nordic curls,2,5-5,,both,7,`);
      if (!sidelined) gym.push(`${euDate(at(2))},${a.name},SL RDL,3,8,${14 + (i % 4) * 2},both,6,`);
      if (MONTHLY.includes(w) && !sidelined) {
        const poor = a.profile === 'poor-bridge';
        const bridgeLeft = poor ? 12 + (w === 13 ? 0 : 2) : 24 + ((i * 5 + w) % 14);
        const bridgeRight = poor ? 22 : 25 + ((i * 3 + w) % 12);
        gym.push(`${euDate(at(2))},${a.name},Single leg bridge test,,${bridgeLeft},,left,,`);
        gym.push(`${euDate(at(2))},${a.name},Single leg bridge test,,${bridgeRight},,right,,`);
        const mass = a.bodyMassKg ?? 80;
        const ratio = a.profile === 'light-prone-curl' ? 0.21 : 0.32 + ((i * 3) % 8) * 0.01;
        const kg = Math.round(mass * ratio * 2) / 2;
        gym.push(`${euDate(at(2))},${a.name},Prone hamstring curl,3,8,${kg},left,8,`);
        gym.push(`${euDate(at(2))},${a.name},Prone hamstring curl,3,8,${kg},right,8,`);
      }
      if (sidelined) continue;
      load.push({ name: a.name, date: `${isoDay(at(1))}T17:00:00Z`, exercise: 'Tempo run', durationMin: 35, distanceKm: 7 + (i % 3), rpe: 6 });
      load.push({ name: a.name, date: `${isoDay(at(3))}T19:30:00Z`, exercise: 'Match', durationMin: 90, distanceKm: 9.5 + (i % 5) * 0.4, rpe: 8, notes: 'league' });
    }
  }
  return { gymCsv: `${gym.join('\n')}\n`, loadJson: `${JSON.stringify({ workouts: load }, null, 1)}\n` };
}
