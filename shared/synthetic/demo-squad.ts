/**
 * The local demo data set: one soccer squad of 31 athletes tested on the NordBord about weekly through a
 * season (Aug–Nov 2026), as a VALD Hub Results Export, a second export of designed cases, a roster CSV
 * (sport, body mass, injuries) and a season of workout logs (a gym CSV and a load JSON).
 *
 * Deliberate cases, so that every flag of the app has something to show:
 * - weak: stronger leg ~230–240 N, below the 337 N soccer threshold (Timmins 2016) and 256 N (Opar 2015);
 * - imbalanced: Hub imbalance of 21–26 %, beyond the 20 % threshold (Bourne et al. 2015);
 * - declining: force falls 22–28 % from the first to the last session;
 * - widening, post-match, no Nordics, poor bridge test, light prone curls, returning from injury: the
 *   designed cases of demo-cases.ts and demo-workouts.ts;
 * - everyone else: stronger leg 380–490 N, imbalance within ±5 %, change −2…+6 % over the season.
 * The export also carries the real file's quirks (no-test rows, a duplicate line, ISO Prone rows).
 */
import { csvLine } from '../output/csv-cells.ts';
import { type AthleteSpec, hubExportCsv, mulberry32 } from './hub-export.ts';
import { defaultAthleteId } from '../identity/athlete-id.ts';
import { DEMO_CASES, demoCasesExportCsv, type CaseProfile, injuryDayOf } from './demo-cases.ts';
import { demoWorkoutLogs } from './demo-workouts.ts';

export type DemoProfile = 'weak' | 'imbalanced' | 'declining' | CaseProfile;

export interface DemoAthlete {
  /** Roster id: the slug of the name, e.g. `owen-fletcher`. */
  athleteId: string;
  /** Export `Name` (identical in the roster), e.g. `Owen Fletcher`. */
  name: string;
  /** The deliberate cases this athlete was built to show (empty for ordinary athletes). */
  profiles: DemoProfile[];
  /** The generator parameters used for this athlete (Hub export athletes; the designed cases have none). */
  spec: AthleteSpec | null;
  /** Roster body mass (kg); undefined when the roster leaves it empty. */
  bodyMassKg: number | undefined;
}

export interface DemoSquad {
  /** Hub Results Export CSV text (BOM, all fields quoted, LF, no final newline). */
  hubExportCsv: string;
  /** Roster CSV: `athleteId,name,externalId,valdProfileId,squad,position,sport,bodyMassKg,dateOfBirth,injuries`. */
  rosterCsv: string;
  /** Hub-style export of the designed cases' tests (demo-cases.ts). */
  casesExportCsv: string;
  /** The gym log (CSV) and the load log (JSON) of the season. */
  workoutLogCsv: string;
  loadLogJson: string;
  /** Every file in upload order (the roster first, so the others resolve to its athletes). */
  files: { name: string; body: string; contentType: string }[];
  /** The moment the demo is designed to be read at: the Saturday noon after the last match. */
  asOf: Date;
  /** What each athlete was built to show. */
  athletes: DemoAthlete[];
}

export interface DemoSquadOptions {
  /** PRNG seed. Default 2026. */
  seed?: number;
  /** First test session (a Tuesday). Default 2026-08-04. */
  startDate?: Date;
  /** Number of weekly sessions. Default 17 (to 2026-11-24). */
  sessions?: number;
}

/** Export names of the deliberate cases (1-based athlete numbers). */
const WEAK = [4, 11, 19];
const IMBALANCED = [7, 15, 22];
const DECLINING = [2, 13, 24];
/** Athletes whose roster body mass is empty. */
const NO_MASS = [9, 21];
/** Athletes that have an ExternalId (in Hub and in the roster). */
const WITH_EXTERNAL_ID = [1, 5, 12, 18, 23];
/**
 * Invented names. Not `Athlete 001`…: the real exports in the handbook use those pseudonyms (and EXT-0001),
 * and a newcomer uploads them to the demo team, where the same names would merge real athletes into demo ones.
 */
const NAMES = [
  'Jordan Reyes', 'Callum Hart', 'Mateo Silva', 'Owen Fletcher', 'Kofi Mensah', 'Lukas Brandt', 'Rhys Morgan',
  'Tomas Ferreira', 'Ethan Clarke', 'Yusuf Demir', 'Noah Bennett', 'Aidan Kelly', 'Samuel Osei', 'Leo Marchetti',
  'Finn Larsen', 'Dylan Price', 'Isaac Novak', 'Jamal Carter', 'Oscar Lindqvist', 'Ryan Doyle', 'Hugo Martin',
  'Kai Nakamura', 'Elias Becker', 'Connor Walsh', 'Marcus Adeyemi',
];

const ROSTER_COLUMNS = [
  'athleteId', 'name', 'externalId', 'valdProfileId', 'squad', 'position', 'sport', 'bodyMassKg', 'dateOfBirth', 'injuries',
] as const;

const POSITIONS = ['Goalkeeper', 'Defender', 'Defender', 'Midfielder', 'Midfielder', 'Forward'];

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function uuid4(r: () => number): string {
  let hex = '';
  for (let i = 0; i < 32; i++) {
    let v = Math.floor(r() * 16);
    if (i === 12) v = 4;
    if (i === 16) v = 8 + (v & 3);
    hex += v.toString(16);
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const WEEK_MS = 7 * 86_400_000;
const DEFAULT_START = Date.UTC(2026, 7, 4);

/**
 * The first session of a demo season that is read as of `now`: the default season moved by whole weeks
 * (weekdays kept) so its `asOf` falls in the week before `now`. `npm start` loads this one, so the demo
 * squad shows its designed statuses whenever it is started, not only in November 2026.
 */
export function demoStartFor(now: Date, sessions = 17): Date {
  const asOfOffset = ((sessions - 1) * 7 + 4) * 86_400_000 + 12 * 3_600_000;
  const weeks = Math.floor((now.getTime() - (DEFAULT_START + asOfOffset)) / WEEK_MS);
  return new Date(DEFAULT_START + weeks * WEEK_MS);
}

/** Builds the demo squad. Deterministic for a given seed. */
export function buildDemoSquad(options: DemoSquadOptions = {}): DemoSquad {
  const seed = options.seed ?? 2026;
  const startDate = options.startDate ?? new Date(DEFAULT_START);
  const sessions = options.sessions ?? 17;
  const r = mulberry32(seed ^ 0x5eed);
  const sign = (): number => (r() < 0.5 ? -1 : 1);
  const uniform = (lo: number, hi: number): number => lo + (hi - lo) * r();
  const round1 = (x: number): number => Math.round(x * 10) / 10;

  const athletes: DemoAthlete[] = [];
  for (let i = 1; i <= 25; i++) {
    const profiles: DemoProfile[] = [];
    if (WEAK.includes(i)) profiles.push('weak');
    if (IMBALANCED.includes(i)) profiles.push('imbalanced');
    if (DECLINING.includes(i)) profiles.push('declining');
    let baselineN = Math.round(uniform(380, 490));
    let imbalancePct = round1(uniform(-5, 5));
    let seasonChangePct = round1(uniform(-2, 6));
    if (profiles.includes('weak')) {
      baselineN = Math.round(uniform(228, 240));
      imbalancePct = round1(uniform(-4, 4));
      seasonChangePct = round1(uniform(0, 3));
    }
    if (profiles.includes('imbalanced')) {
      baselineN = Math.round(uniform(380, 460));
      imbalancePct = round1(sign() * uniform(21, 26));
    }
    if (profiles.includes('declining')) {
      baselineN = Math.round(uniform(400, 470));
      imbalancePct = round1(uniform(-4, 4));
      seasonChangePct = round1(-uniform(22, 28));
    }
    const bodyMassKg = NO_MASS.includes(i) ? undefined : round1(uniform(70, 110));
    const spec: AthleteSpec = { name: NAMES[i - 1]!, baselineN, imbalancePct, seasonChangePct };
    if (WITH_EXTERNAL_ID.includes(i)) spec.externalId = `DEMO-${pad(i, 4)}`;
    // Hub knows the body mass of about half the squad (per-kg columns filled), a knee position for half.
    if (bodyMassKg !== undefined && i % 2 === 0) spec.bodyMassKg = bodyMassKg;
    if (i % 3 !== 0) spec.leverArmM = Math.round((0.3105 + 0.009 * Math.floor(uniform(10, 24))) * 10000) / 10000;
    // The id an import derives from the name: the export's rows land on the roster's athlete in any order.
    athletes.push({ athleteId: defaultAthleteId({ name: spec.name, externalId: null, valdProfileId: null })!.id, name: spec.name, profiles, spec, bodyMassKg });
  }

  const hub = hubExportCsv({
    athletes: athletes.map((a) => a.spec!),
    tests: 100_000,
    sessions,
    seed,
    startDate,
    intervalDays: 7,
    attendance: 0.92,
    zeroRepRate: 0.015,
    duplicateRate: 0.01,
    isoProneRate: 0.015,
    noiseCv: 0.015,
    legNoiseCv: 0.01,
  });

  const lines: string[] = [csvLine(ROSTER_COLUMNS)];
  const dayMs = 86_400_000;
  const seasonStart = startDate.getTime();
  for (const [idx, a] of athletes.entries()) {
    const i = idx + 1;
    const dob = Date.UTC(1996, 0, 1) + Math.floor(r() * 11 * 365.25) * dayMs;
    const injuries: string[] = [];
    // Previous hamstring strains: the imbalanced athletes on their weaker side, a few others at random.
    const nInjuries = a.profiles.includes('imbalanced') ? 1 + Math.floor(r() * 2) : r() < 0.2 ? 1 : 0;
    const weaker = a.spec!.imbalancePct >= 0 ? 'left' : 'right';
    for (let k = 0; k < nInjuries; k++) {
      const when = seasonStart - Math.floor(uniform(30, 3 * 365)) * dayMs;
      const side = a.profiles.includes('imbalanced') ? weaker : r() < 0.5 ? 'left' : 'right';
      injuries.push(`${isoDate(when)}:${side}`);
    }
    injuries.sort().reverse();
    const row = [
      a.athleteId,
      a.name,
      a.spec!.externalId ?? '',
      uuid4(r),
      i <= 18 ? 'First Team' : 'Academy',
      POSITIONS[Math.floor(r() * POSITIONS.length)]!,
      'Soccer',
      a.bodyMassKg === undefined ? '' : String(a.bodyMassKg),
      isoDate(dob),
      injuries.join(';'),
    ];
    lines.push(csvLine(row));
  }
  for (const c of DEMO_CASES) {
    const athleteId = defaultAthleteId({ name: c.name, externalId: null, valdProfileId: null })!.id;
    athletes.push({ athleteId, name: c.name, profiles: [c.profile], spec: null, bodyMassKg: c.bodyMassKg });
    const dob = isoDate(Date.UTC(1998, 0, 1) + Math.floor(r() * 8 * 365.25) * dayMs);
    lines.push([athleteId, c.name, '', uuid4(r), 'First Team', POSITIONS[Math.floor(r() * POSITIONS.length)]!, 'Soccer', String(c.bodyMassKg), dob, c.injuries.map((side) => `${injuryDayOf(seasonStart)}:${side}`).join(';')].join(','));
  }
  const casesExportCsv = demoCasesExportCsv(seasonStart, sessions, seed);
  const logs = demoWorkoutLogs(
    athletes.map((a, i) => ({ index: i + 1, name: a.name, bodyMassKg: a.bodyMassKg, profile: (a.spec === null ? a.profiles[0] : null) as CaseProfile | null })),
    seasonStart,
    sessions,
  );
  const rosterCsv = `${lines.join('\n')}\n`;
  return {
    hubExportCsv: hub,
    rosterCsv,
    casesExportCsv,
    workoutLogCsv: logs.gymCsv,
    loadLogJson: logs.loadJson,
    files: [
      { name: 'demo-roster.csv', body: rosterCsv, contentType: 'text/csv' },
      { name: 'demo-season-nordbord.csv', body: hub, contentType: 'text/csv' },
      { name: 'demo-cases-nordbord.csv', body: casesExportCsv, contentType: 'text/csv' },
      { name: 'demo-gym-log.csv', body: logs.gymCsv, contentType: 'text/csv' },
      { name: 'demo-load-log.json', body: logs.loadJson, contentType: 'application/json' },
    ],
    // The Saturday after the last session's Tuesday, at noon: the post-match test is that morning's.
    asOf: new Date(seasonStart + ((sessions - 1) * 7 + 4) * dayMs + 12 * 3_600_000),
    athletes,
  };
}
