/**
 * Header mapping by normalised aliases: VALD does not publish Hub export column names and they vary by
 * template, so headers are reduced to words (case, punctuation, camelCase and units in parentheses dropped,
 * Left/Right → l/r, Peak → max, Repetitions → reps) and looked up here.
 */
export const canonicalFields = [
  'athleteName',
  'externalId',
  'profileId',
  'athleteId',
  'testId',
  'date',
  'time',
  'device',
  'testType',
  'leftReps',
  'rightReps',
  'leftMax',
  'rightMax',
  'leftAvg',
  'rightAvg',
  'leftImpulse',
  'rightImpulse',
  'leftTorque',
  'rightTorque',
  'leftCalibration',
  'rightCalibration',
  'leftTimeToPeak',
  'rightTimeToPeak',
  'leftPerKg',
  'rightPerKg',
  'vendorMaxImbalance',
  'bodyMassKg',
  'valdProfileId',
  'squad',
  'position',
  'sport',
  'dateOfBirth',
  'injuries',
  // Workout logs (shared/workouts); `notes` also on test exports (post-load marks).
  'exercise',
  'sets',
  'reps',
  'loadKg',
  'side',
  'rpe',
  'durationMin',
  'distanceKm',
  'notes',
] as const;
export type CanonicalField = (typeof canonicalFields)[number];

const sided = (field: 'Reps' | 'Max' | 'Avg' | 'Impulse' | 'Torque' | 'Calibration' | 'TimeToPeak' | 'PerKg', words: string[]) =>
  words.flatMap((w) => [
    [`l ${w}`, `left${field}`],
    [`r ${w}`, `right${field}`],
  ]) as [string, CanonicalField][];

const aliasList: [string, CanonicalField][] = [
  ['name', 'athleteName'],
  ['athlete', 'athleteName'],
  ['athlete name', 'athleteName'],
  ['full name', 'athleteName'],
  ['external id', 'externalId'],
  ['externalid', 'externalId'],
  ['profile id', 'profileId'],
  ['athlete id', 'athleteId'],
  ['vald profile id', 'valdProfileId'],
  ['test id', 'testId'],
  ['date', 'date'],
  ['date utc', 'date'],
  ['test date', 'date'],
  ['test date utc', 'date'],
  ['time', 'time'],
  ['time utc', 'time'],
  ['test time', 'time'],
  ['device', 'device'],
  ['test', 'testType'],
  ['test type', 'testType'],
  ['test type name', 'testType'],
  ...sided('Reps', ['reps']),
  ...sided('Max', ['max force', 'max']),
  ...sided('Avg', ['avg force', 'average force', 'mean force']),
  ...sided('Impulse', ['max impulse', 'impulse']),
  ...sided('Torque', ['max torque', 'torque']),
  ...sided('Calibration', ['calibration']),
  ...sided('TimeToPeak', ['min time to max force', 'time to max force']),
  ...sided('PerKg', ['max force per kg', 'max force kg', 'max relative force']),
  ['max imbalance', 'vendorMaxImbalance'],
  ['body mass kg', 'bodyMassKg'],
  ['body mass', 'bodyMassKg'],
  ['bodyweight', 'bodyMassKg'],
  ['body weight', 'bodyMassKg'],
  ['weight', 'bodyMassKg'],
  ['mass', 'bodyMassKg'],
  ['squad', 'squad'],
  ['team', 'squad'],
  ['group', 'squad'],
  ['position', 'position'],
  ['sport', 'sport'],
  ['date of birth', 'dateOfBirth'],
  ['dob', 'dateOfBirth'],
  ['birth date', 'dateOfBirth'],
  ['injuries', 'injuries'],
  ['hamstring injuries', 'injuries'],
  ['prior hamstring injuries', 'injuries'],
  ...workoutAliases(),
];

/** Workout-log columns. `Weight` stays body mass: a log names its load `Load`, `Load (kg)` or `Kg`. */
function workoutAliases(): [string, CanonicalField][] {
  const table: [CanonicalField, string[]][] = [
    ['exercise', ['exercise', 'exercise name', 'movement', 'activity', 'session type', 'drill']],
    ['sets', ['sets', 'set', 'number of sets', 'no of sets']],
    ['reps', ['reps', 'reps per set', 'number of reps', 'no of reps']],
    ['loadKg', ['load', 'load kg', 'external load', 'kg', 'weight lifted']],
    ['side', ['side', 'leg', 'limb']],
    ['rpe', ['rpe', 'effort', 'rate of perceived exertion']],
    ['durationMin', ['duration', 'duration min', 'minutes', 'mins']],
    ['distanceKm', ['distance', 'distance km', 'km']],
    ['notes', ['notes', 'note', 'comments', 'comment', 'tags', 'tag']],
  ];
  return table.flatMap(([field, names]) => names.map((n): [string, CanonicalField] => [n, field]));
}
const aliases = new Map(aliasList);

const wordAliases: Record<string, string> = {
  left: 'l',
  right: 'r',
  peak: 'max',
  maximum: 'max',
  repetitions: 'reps',
  repetition: 'reps',
  rep: 'reps',
  average: 'avg',
  mean: 'avg',
};

/** `R Min Time to PeakForce (s)` → `r min time to max force`; `leftMaxForce` → `l max force`. */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => wordAliases[w] ?? w)
    .join(' ');
}

export function canonicalFieldOf(header: string): CanonicalField | undefined {
  const normal = normaliseHeader(header);
  return aliases.get(normal) ?? aliases.get(normal.replace(/ utc$/, ''));
}

export interface HeaderMapping {
  /** Column index per canonical field present in the header (first match wins). */
  columns: Partial<Record<CanonicalField, number>>;
  /** Header names per column, as found, for error messages. */
  headers: string[];
  ignored: string[];
}

export function mapHeader(headers: string[]): HeaderMapping {
  const columns: Partial<Record<CanonicalField, number>> = {};
  const ignored: string[] = [];
  headers.forEach((header, index) => {
    const field = canonicalFieldOf(header);
    if (field && columns[field] === undefined) columns[field] = index;
    else ignored.push(header);
  });
  return { columns, headers, ignored };
}
