/**
 * Seeded, streaming generator of synthetic VALD Hub "Results Export" CSV text (NordBord).
 *
 * The output mimics the real export in `../shared/real-data/vald-hub-results-export-nordbord.csv`
 * byte for byte in its framing: UTF-8 BOM, the same 72 column names (typo `R Min Time to PeakForce (s)`
 * and `(N⋅s)` with U+22C5 included), every field double-quoted, LF line ends, no final newline,
 * `Date UTC` MM/DD/YYYY, `Time UTC` `h:mm AM/PM`, no test id, rows newest first.
 *
 * Row content follows the real file's arithmetic: forces are multiples of 0.25 N, `Avg Force` is the mean
 * of the per-rep peaks (equal to Max when reps = 1), the three imbalance columns use Hub's formula
 * 100 × (R − L) / max(L, R) computed the way Hub computes it ((R/m − L/m) × 100, which reproduces all
 * 195 real rows bit for bit), torque is 0 or force × lever arm (0.3105 m + k × 0.009 m), per-kg columns
 * are filled only for athletes with a body mass, RFD columns are empty on Nordic rows.
 *
 * Quirks seen in real exports are injected at configurable rates: rows with 0 reps and 0 N on both sides
 * (no test), exact duplicate lines (the same line twice in a row), and `ISO Prone` rows.
 *
 * Pure (no I/O) and deterministic: every row draws from its own PRNG stream seeded by
 * (seed, session, athlete), so the output for a seed does not depend on chunk size or consumer.
 *
 * Two templates (Hub's column set depends on the export template; some omit columns):
 *   - `full` (default): the real 72-column layout above, ~830 bytes per row;
 *   - `compact`: the 17 columns of `HUB_EXPORT_COMPACT_COLUMNS` (a subset of the real ones, in the real
 *     order, same framing), ~160 bytes per row. Same rows and values as `full` for the same options, except
 *     that torque is printed as its exact decimal value (force × lever arm, at most 6 decimals, without the
 *     float artefact: `315.43425` instead of `315.43424999999996`) and impulse is rounded to 0.01 N·s.
 *     Max Imbalance stays at full double precision, as Hub writes it.
 *
 * Two framing switches give the shapes other tools read fastest (the bench's `iso-*` inputs): `quoted:
 * false` writes no quotes at all (no generated field holds a comma, quote or line end), and `dates: 'iso'`
 * writes `Date UTC` as `YYYY-MM-DD` and `Time UTC` as 24-hour `HH:MM`. `externalIds: true` gives every
 * athlete without one an ExternalId (`EXT00001` …). The rows and values are otherwise the same.
 */
import { mulberry32 } from '../math/random.ts';

/** The 72 column names of the real Hub Results Export, in order, byte for byte. */
export const HUB_EXPORT_COLUMNS: readonly string[] = Object.freeze([
  'Name', 'ExternalId', 'Date UTC', 'Time UTC', 'Device', 'Test', 'L Reps', 'R Reps',
  'L Max Force (N)', 'R Max Force (N)', 'Max Imbalance (%)', 'L Max Torque (Nm)', 'R Max Torque (Nm)',
  'L Avg Force (N)', 'R Avg Force (N)', 'Avg Imbalance (%)', 'L Max Impulse (Ns)', 'R Max Impulse (Ns)',
  'Impulse Imbalance (%)', 'L Min Time to Peak Force (s)', 'R Min Time to PeakForce (s)',
  'L Avg Time to Peak Force (s)', 'R Avg Time to Peak Force (s)',
  'L Max Force Per Kg (N/kg)', 'R Max Force Per Kg (N/kg)', 'L Avg Force Per Kg (N/kg)', 'R Avg Force Per Kg (N/kg)',
  'L Max RFD 50ms (N/s)', 'L Avg RFD 50ms (N/s)', 'R Max RFD 50ms (N/s)', 'R Avg RFD 50ms (N/s)',
  'L Max RFD 100ms (N/s)', 'L Avg RFD 100ms (N/s)', 'R Max RFD 100ms (N/s)', 'R Avg RFD 100ms (N/s)',
  'L Max RFD 150ms (N/s)', 'L Avg RFD 150ms (N/s)', 'R Max RFD 150ms (N/s)', 'R Avg RFD 150ms (N/s)',
  'L Max RFD 200ms (N/s)', 'L Avg RFD 200ms (N/s)', 'R Max RFD 200ms (N/s)', 'R Avg RFD 200ms (N/s)',
  'L Max RFD 250ms (N/s)', 'L Avg RFD 250ms (N/s)', 'R Max RFD 250ms (N/s)', 'R Avg RFD 250ms (N/s)',
  'L Max Impulse 50ms (N\u22C5s)', 'L Avg Impulse 50ms (N\u22C5s)', 'R Max Impulse 50ms (N\u22C5s)', 'R Avg Impulse 50ms (N\u22C5s)',
  'L Max Impulse 100ms (N\u22C5s)', 'L Avg Impulse 100ms (N\u22C5s)', 'R Max Impulse 100ms (N\u22C5s)', 'R Avg Impulse 100ms (N\u22C5s)',
  'L Max Impulse 150ms (N\u22C5s)', 'L Avg Impulse 150ms (N\u22C5s)', 'R Max Impulse 150ms (N\u22C5s)', 'R Avg Impulse 150ms (N\u22C5s)',
  'L Max Impulse 200ms (N\u22C5s)', 'L Avg Impulse 200ms (N\u22C5s)', 'R Max Impulse 200ms (N\u22C5s)', 'R Avg Impulse 200ms (N\u22C5s)',
  'L Max Impulse 250ms (N\u22C5s)', 'L Avg Impulse 250ms (N\u22C5s)', 'R Max Impulse 250ms (N\u22C5s)', 'R Avg Impulse 250ms (N\u22C5s)',
  'L Max Torque Per Kg (Nm/kg)', 'R Max Torque Per Kg (Nm/kg)', 'L Avg Torque Per Kg (Nm/kg)', 'R Avg Torque Per Kg (Nm/kg)',
  'Notes',
]);

/** The header line as it appears in the file (without BOM and without line end). */
export const HUB_EXPORT_HEADER_LINE: string = `"${HUB_EXPORT_COLUMNS.join('","')}"`;

/**
 * The columns of the `compact` template: a subset of `HUB_EXPORT_COLUMNS` in the real file's order
 * (identity, date/time, device, test, reps, max/avg force, max imbalance, max torque, max impulse).
 */
export const HUB_EXPORT_COMPACT_COLUMNS: readonly string[] = Object.freeze([
  'Name', 'ExternalId', 'Date UTC', 'Time UTC', 'Device', 'Test', 'L Reps', 'R Reps',
  'L Max Force (N)', 'R Max Force (N)', 'Max Imbalance (%)', 'L Max Torque (Nm)', 'R Max Torque (Nm)',
  'L Avg Force (N)', 'R Avg Force (N)', 'L Max Impulse (Ns)', 'R Max Impulse (Ns)',
]);

/** The `compact` template's header line (without BOM and without line end). */
export const HUB_EXPORT_COMPACT_HEADER_LINE: string = `"${HUB_EXPORT_COMPACT_COLUMNS.join('","')}"`;

/** Export template: `full` = the real 72 columns, `compact` = `HUB_EXPORT_COMPACT_COLUMNS`. */
export type HubExportTemplate = 'full' | 'compact';

/** Synthetic athlete: the parameters a generated athlete's rows are drawn around. */
export interface AthleteSpec {
  /** `Name` column, e.g. `Athlete 001`. */
  name: string;
  /** `ExternalId` column; empty when absent (as for most real rows). */
  externalId?: string;
  /** Typical peak eccentric force of the stronger leg at the start of the period (N). */
  baselineN: number;
  /** Typical Hub-style signed imbalance (%): 100 × (R − L) / max(L, R); positive = right stronger. */
  imbalancePct: number;
  /** Linear change of force from the first to the last session (%); negative = declining. Default 0. */
  seasonChangePct?: number;
  /** Body mass known to Hub (kg). When set, the per-kg columns are filled; otherwise they are empty. */
  bodyMassKg?: number;
  /** Knee-to-hook lever arm (m). 0 or absent: no knee position set, torque exported as 0. */
  leverArmM?: number;
}

export interface HubExportOptions {
  /** The athletes, or a number of athletes to create with `athleteSpecs(n, seed)`. */
  athletes: AthleteSpec[] | number;
  /** Number of data rows to emit (including no-test rows, ISO Prone rows and duplicate lines). */
  tests: number;
  /** PRNG seed (any 32-bit integer). */
  seed: number;
  /** Date of the first session (its UTC calendar date is used). */
  startDate: Date;
  /** Optional cap on the number of sessions; generation stops at whichever of `tests`/`sessions` comes first. */
  sessions?: number;
  /** Days between sessions. Default 7 (weekly testing). */
  intervalDays?: number;
  /** Probability that an athlete tests at a given session. Default 0.9. */
  attendance?: number;
  /** Share of rows with 0 reps and 0 N on both sides (no test). Default 0.01. */
  zeroRepRate?: number;
  /** Share of rows repeated as an exact duplicate line. Default 0.005. */
  duplicateRate?: number;
  /** Share of rows that are `ISO Prone` tests instead of `Nordic`. Default 0.01. */
  isoProneRate?: number;
  /** Test-to-test variation common to both legs (coefficient of variation). Default 0.05. */
  noiseCv?: number;
  /** Additional independent variation per leg (coefficient of variation). Default 0.025. */
  legNoiseCv?: number;
  /** Row order: `desc` (newest first, as Hub exports) or `asc`. Default `desc`. */
  order?: 'desc' | 'asc';
  /** Device names to draw from. Default three NordBords. */
  devices?: string[];
  /** Approximate chunk size in characters. Default 65,536. */
  chunkChars?: number;
  /** Prefix the UTF-8 BOM (U+FEFF). Default true. */
  bom?: boolean;
  /** Column set: `full` (the real 72 columns, default) or `compact` (`HUB_EXPORT_COMPACT_COLUMNS`). */
  template?: HubExportTemplate;
  /** Every field double-quoted, as Hub writes them (default true); false: no quotes anywhere. */
  quoted?: boolean;
  /** `us` (default): `Date UTC` MM/DD/YYYY and `Time UTC` `h:mm AM/PM`, as Hub writes them; `iso`: `YYYY-MM-DD` and `HH:MM`. */
  dates?: 'us' | 'iso';
  /** Give every athlete without an ExternalId one (`EXT` + the athlete's number, 5+ digits). Default false. */
  externalIds?: boolean;
}

export { mulberry32 };

/** 32-bit integer mix of up to three integers (murmur3 finaliser over a simple combine). */
function mix3(a: number, b: number, c: number): number {
  let h = (a ^ Math.imul(b + 0x632be5ab, 0x9e3779b1) ^ Math.imul(c + 0x2f6b3c1d, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hub's `Max Imbalance (%)`: 100 × (R − L) / max(L, R), signed, positive = right stronger, evaluated as
 * (R/m − L/m) × 100 like Hub does (bit-identical to all 195 real rows). 0 when both sides are 0.
 */
export function hubImbalancePct(left: number, right: number): number {
  const m = left > right ? left : right;
  if (m === 0) return 0;
  return (right / m - left / m) * 100;
}

const round4 = (x: number): number => Math.round(x * 4) / 4;

/**
 * `n` synthetic athletes `Athlete 001` … with baseline stronger-leg peak force 250–500 N, imbalance
 * mostly within ±10 % (a few beyond 15 %), about a fifth declining over the period, about a third with a
 * body mass (per-kg columns filled), about half with a knee position set (non-zero torque).
 */
export function athleteSpecs(n: number, seed: number): AthleteSpec[] {
  const r = mulberry32(mix3(seed, 0x41544c, 0x53504543));
  const out: AthleteSpec[] = [];
  const width = Math.max(3, String(n).length);
  for (let i = 0; i < n; i++) {
    const baselineN = Math.round(250 + 250 * r());
    // Irwin–Hall(3) approx normal, SD 6 %, plus occasional strongly imbalanced athletes.
    let imbalancePct = (r() + r() + r() - 1.5) * 2 * 6;
    if (r() < 0.08) imbalancePct = (r() < 0.5 ? -1 : 1) * (15 + 12 * r());
    imbalancePct = Math.round(imbalancePct * 10) / 10;
    const declining = r() < 0.2;
    const seasonChangePct = Math.round((declining ? -(8 + 20 * r()) : -2 + 8 * r()) * 10) / 10;
    const spec: AthleteSpec = {
      name: `Athlete ${String(i + 1).padStart(width, '0')}`,
      baselineN,
      imbalancePct,
      seasonChangePct,
    };
    if (r() < 0.33) spec.bodyMassKg = Math.round((70 + 40 * r()) * 10) / 10;
    if (r() < 0.5) spec.leverArmM = Math.round((0.3105 + 0.009 * Math.floor(28 * r())) * 10000) / 10000;
    out.push(spec);
  }
  return out;
}

interface Resolved {
  athletes: AthleteSpec[];
  tests: number;
  seed: number;
  start: number;
  maxSessions: number;
  intervalDays: number;
  attendance: number;
  zeroRepRate: number;
  duplicateRate: number;
  isoProneRate: number;
  noiseCv: number;
  legNoiseCv: number;
  desc: boolean;
  devices: string[];
  chunkChars: number;
  bom: boolean;
  compact: boolean;
  quoted: boolean;
  isoDates: boolean;
}

function resolveTemplate(t: HubExportTemplate | undefined): HubExportTemplate {
  if (t === undefined || t === 'full' || t === 'compact') return t ?? 'full';
  throw new RangeError(`hubExportChunks: unknown template ${String(t)}`);
}

/** `EXT00001` …: the athlete's 1-based number, at least 5 digits. */
function externalIdOf(i: number): string {
  return `EXT${String(i + 1).padStart(5, '0')}`;
}

function resolve(o: HubExportOptions): Resolved {
  let athletes = typeof o.athletes === 'number' ? athleteSpecs(o.athletes, o.seed) : o.athletes;
  if (o.externalIds === true) athletes = athletes.map((a, i) => (a.externalId ? a : { ...a, externalId: externalIdOf(i) }));
  if (o.dates !== undefined && o.dates !== 'us' && o.dates !== 'iso') throw new RangeError(`hubExportChunks: unknown dates ${String(o.dates)}`);
  if (athletes.length === 0) throw new RangeError('hubExportChunks: at least one athlete is required');
  const attendance = o.attendance ?? 0.9;
  if (!(attendance > 0 && attendance <= 1)) throw new RangeError('hubExportChunks: attendance must be in (0, 1]');
  const d = o.startDate;
  return {
    athletes,
    tests: Math.max(0, Math.floor(o.tests)),
    seed: o.seed | 0,
    start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()),
    maxSessions: o.sessions ?? Number.POSITIVE_INFINITY,
    intervalDays: o.intervalDays ?? 7,
    attendance,
    zeroRepRate: o.zeroRepRate ?? 0.01,
    duplicateRate: o.duplicateRate ?? 0.005,
    isoProneRate: o.isoProneRate ?? 0.01,
    noiseCv: o.noiseCv ?? 0.05,
    legNoiseCv: o.legNoiseCv ?? 0.025,
    desc: (o.order ?? 'desc') === 'desc',
    devices: o.devices && o.devices.length > 0 ? o.devices : ['NordBord-0716', 'NordBord-0785', 'NordBord-0786'],
    chunkChars: o.chunkChars ?? 65_536,
    bom: o.bom ?? true,
    compact: resolveTemplate(o.template) === 'compact',
    quoted: o.quoted ?? true,
    isoDates: o.dates === 'iso',
  };
}

/** Per-session random order of athletes (Fisher–Yates), written into `perm`. */
function sessionPermutation(seed: number, s: number, perm: Int32Array): void {
  const r = mulberry32(mix3(seed, s, 0x7065726d));
  const n = perm.length;
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
}

interface Plan {
  /** Number of sessions that emit rows. */
  sessions: number;
  /** In the last session, the last permutation slot emitted (slots after it are skipped). */
  cutSlot: number;
  /** Whether the duplicate line of the row at `cutSlot` is emitted. */
  cutDup: boolean;
}

/**
 * First pass: decide how many sessions are needed for `tests` rows and where the last session is cut.
 * Only the first three draws of every row stream are used (attendance, kind, duplicate), so this is cheap.
 */
function plan(c: Resolved): Plan {
  const n = c.athletes.length;
  if (c.tests === 0) return { sessions: 0, cutSlot: -1, cutDup: false };
  let total = 0;
  for (let s = 0; s < c.maxSessions; s++) {
    let count = 0;
    for (let a = 0; a < n; a++) {
      const r = mulberry32(mix3(c.seed, s, a));
      if (r() >= c.attendance) continue;
      r();
      count += r() < c.duplicateRate ? 2 : 1;
    }
    if (total + count >= c.tests) {
      const perm = new Int32Array(n);
      sessionPermutation(c.seed, s, perm);
      for (let p = 0; p < n; p++) {
        const r = mulberry32(mix3(c.seed, s, perm[p]!));
        if (r() >= c.attendance) continue;
        r();
        const dup = r() < c.duplicateRate;
        total += 1;
        if (total === c.tests) return { sessions: s + 1, cutSlot: p, cutDup: false };
        if (dup) {
          total += 1;
          if (total === c.tests) return { sessions: s + 1, cutSlot: p, cutDup: true };
        }
      }
      throw new Error('unreachable: session count mismatch');
    }
    total += count;
    if (s > 10_000_000) throw new RangeError('hubExportChunks: too many sessions');
  }
  return { sessions: c.maxSessions, cutSlot: n - 1, cutDup: true };
}

const pad2 = (x: number): string => (x < 10 ? `0${x}` : String(x));

function formatTime(minutes: number): string {
  const m = Math.min(Math.max(0, minutes), 23 * 60 + 59);
  const h = Math.floor(m / 60);
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}:${pad2(m % 60)} ${h < 12 ? 'AM' : 'PM'}`;
}

function formatDate(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${d.getUTCFullYear()}`;
}

/** `dates: 'iso'`: `HH:MM`, 24-hour. */
function formatIsoTime(minutes: number): string {
  const m = Math.min(Math.max(0, minutes), 23 * 60 + 59);
  return `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;
}

/** `dates: 'iso'`: `YYYY-MM-DD`. */
function formatIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const RESIDUES = 1024;
const E4 = '"","","",""';
/** 20 empty fields (RFD block on Nordic rows, impulse block on no-test rows). */
const E20 = [E4, E4, E4, E4, E4].join(',');
/** The fields after `Impulse Imbalance (%)` on a no-test row: 53 empty fields. */
const ZERO_TAIL = `${E4},${E4},${E20},${E20},${E4},""`;
/** Compact template: torque as its exact decimal value (force × lever has at most 6 decimals). */
const torque6 = (x: number): number => Math.round(x * 1e6) / 1e6;
/** Compact template: impulse rounded to 0.01 N·s. */
const impulse2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Streams the CSV text in chunks of about `chunkChars` characters. Concatenating all chunks gives the file.
 * Memory use is independent of `tests` (the largest allocation is one permutation of the athletes).
 */
export function* hubExportChunks(options: HubExportOptions): Generator<string, void, undefined> {
  const c = resolve(options);
  const { athletes, seed, attendance, zeroRepRate, duplicateRate, isoProneRate, noiseCv, legNoiseCv, devices } = c;
  const n = athletes.length;
  const p = plan(c);
  const S = p.sessions;

  // Per-athlete constants rendered once.
  const prefix = athletes.map((a) => `"${a.name}","${a.externalId ?? ''}","`);
  const bases = athletes.map((a) => {
    const imb = Math.max(-60, Math.min(60, a.imbalancePct));
    // stronger side = baseline; weaker side = baseline × (1 − |imb|/100)
    const left = imb >= 0 ? a.baselineN * (1 - imb / 100) : a.baselineN;
    const right = imb >= 0 ? a.baselineN : a.baselineN * (1 + imb / 100);
    return { left, right, change: (a.seasonChangePct ?? 0) / 100, mass: a.bodyMassKg, lever: a.leverArmM ?? 0 };
  });

  // Row PRNG: inlined mulberry32 over a shared state (no closure allocation per row).
  let st = 0;
  const rnd = (): number => {
    st = (st + 0x6d2b79f5) | 0;
    let t = st;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** Approximately standard normal (Irwin–Hall of 3 uniforms, bounded at ±3). */
  const gauss = (): number => (rnd() + rnd() + rnd() - 1.5) * 2;
  const residues: string[] = [];
  {
    const r = mulberry32(mix3(seed, 0x72657369, 0x64756573));
    for (let i = 0; i < RESIDUES; i++) {
      // last digit non-zero, as in a shortest round-trip print
      const digits = `${String(Math.floor(r() * 10000)).padStart(4, '0')}${1 + Math.floor(r() * 9)}`;
      residues.push(r() < 0.7 ? `0000${digits}` : `9999${digits}`);
    }
  }

  /** One side of a test: fills the side's fields into `side`. */
  interface Side {
    reps: number;
    max: number;
    avg: number;
    impulse: number;
    ttpMin: number;
    ttpAvg: number;
  }
  const L: Side = { reps: 0, max: 0, avg: 0, impulse: 0, ttpMin: 0, ttpAvg: 0 };
  const R: Side = { reps: 0, max: 0, avg: 0, impulse: 0, ttpMin: 0, ttpAvg: 0 };
  const impL: string[] = new Array<string>(10);
  const impR: string[] = new Array<string>(10);

  const drawSide = (side: Side, reps: number, max: number, iso: boolean, tempo: number, out: string[]): void => {
    side.reps = reps;
    side.max = max;
    const best = Math.floor(rnd() * reps);
    let sum = 0;
    let ttpSum = 0;
    let ttpMin = Infinity;
    let impulse = 0;
    const dropMax = iso ? 0.45 : 0.1;
    for (let k = 0; k < reps; k++) {
      const pk = k === best ? max : round4(max * (1 - dropMax * rnd()));
      sum += pk;
      // Time to peak at 400 Hz sample spacing (with the float artefacts of a difference of timestamps).
      // The Nordic is bilateral, so both legs share the test's tempo up to a small jitter.
      const startSample = 200 + Math.floor(rnd() * 4000);
      let samples = Math.round(tempo * (0.92 + 0.16 * rnd()) * 400);
      samples = iso ? Math.max(30, samples) : Math.min(1000, Math.max(240, samples));
      const ttp = (startSample + samples) * 0.0025 - startSample * 0.0025;
      ttpSum += ttp;
      if (ttp < ttpMin) ttpMin = ttp;
      impulse += pk * (ttp * 1.3 + 0.6) * (0.96 + 0.08 * rnd());
    }
    side.avg = reps === 1 ? max : sum / reps;
    side.impulse = impulse;
    side.ttpMin = ttpMin;
    side.ttpAvg = reps === 1 ? ttpMin : ttpSum / reps;
    // Impulse over the first 50…250 ms of the rise (Max = best rep, Avg = mean over reps).
    const i50 = max * (0.004 + 0.012 * rnd());
    const avgShare = reps === 1 ? 1 : 0.6 + 0.38 * rnd();
    for (let w = 0; w < 5; w++) {
      const mx = i50 * (w === 0 ? 1 : w === 1 ? 2 + 0.2 * rnd() : w === 2 ? 3.1 + 0.3 * rnd() : w === 3 ? 4.3 + 0.5 * rnd() : 5.6 + rnd());
      const mxS = sampleSum(mx);
      out[2 * w] = mxS;
      out[2 * w + 1] = reps === 1 ? mxS : sampleSum(mx * avgShare * (0.97 + 0.02 * rnd()));
    }
  };

  /**
   * Prints a sum of samples the way Hub does, with the float-accumulation residue after the 6th decimal
   * (e.g. `5.430000000002778`). Built from an integer string and a residue pool: about 3× faster than
   * String(double) on such values. The printed value is within 1e-6 of `x`.
   */
  const sampleSum = (x: number): string => {
    const q = Math.round(x * 1e6);
    const tail = residues[(rnd() * RESIDUES) | 0]!;
    if (q < 1e6) return `0.${String(1e6 + q).slice(1)}${tail}`;
    const d = String(q);
    const k = d.length - 6;
    return `${d.slice(0, k)}.${d.slice(k)}${tail}`;
  };

  const rfdFields = (side: Side): string[] => {
    const out: string[] = [];
    for (let w = 0; w < 5; w++) {
      const mx = side.max * (0.2 + 3.2 * rnd()) * (1 + 0.15 * w);
      out.push(String(mx), String(mx * (0.35 + 0.25 * rnd())));
    }
    return out;
  };

  const perm = new Int32Array(n);
  const compact = c.compact;
  const quoted = c.quoted;
  const isoDates = c.isoDates;
  // Lines are built quoted; an unquoted export drops every quote (no generated field needs one).
  const unquote = (line: string): string => (quoted ? line : line.replaceAll('"', ''));
  const headerLine = unquote(compact ? HUB_EXPORT_COMPACT_HEADER_LINE : HUB_EXPORT_HEADER_LINE);
  let buf = c.bom ? `\uFEFF${headerLine}` : headerLine;
  const chunkChars = c.chunkChars;
  const dayMs = 86_400_000;
  const nDev = devices.length;
  const span = Math.min(2 * n, 360);

  for (let si = 0; si < S; si++) {
    const s = c.desc ? S - 1 - si : si;
    sessionPermutation(seed, s, perm);
    const sr = mulberry32(mix3(seed, s, 0x73657373));
    const dateStr = (isoDates ? formatIsoDate : formatDate)(c.start + s * c.intervalDays * dayMs);
    const baseMinute = 15 * 60 + Math.floor(sr() * 150);
    const frac = S > 1 ? s / (S - 1) : 0;
    const last = s === S - 1;
    for (let pi = 0; pi < n; pi++) {
      const slot = c.desc ? n - 1 - pi : pi;
      if (last && slot > p.cutSlot) continue;
      const a = perm[slot]!;
      st = mix3(seed, s, a) | 0;
      if (rnd() >= attendance) continue;
      const kind = rnd();
      let dup = rnd() < duplicateRate;
      if (last && slot === p.cutSlot && !p.cutDup) dup = false;

      const b = bases[a]!;
      const device = devices[Math.floor(rnd() * nDev)]!;
      const time = (isoDates ? formatIsoTime : formatTime)(baseMinute + Math.floor((slot * span) / n));
      let line: string;
      if (kind < zeroRepRate) {
        line = compact
          ? `${prefix[a]}${dateStr}","${time}","${device}","Nordic","0","0","0","0","0","0","0","0","0","0","0"`
          : `${prefix[a]}${dateStr}","${time}","${device}","Nordic","0","0","0","0","0","0","0","0","0","0","0","0","0",${ZERO_TAIL}`;
      } else {
        const iso = kind < zeroRepRate + isoProneRate;
        const trend = 1 + b.change * frac;
        const common = 1 + noiseCv * gauss();
        const isoF = iso ? 0.85 + 0.25 * rnd() : 1;
        const lMax = Math.max(20, round4(b.left * trend * common * isoF * (1 + legNoiseCv * gauss())));
        const rMax = Math.max(20, round4(b.right * trend * common * isoF * (1 + legNoiseCv * gauss())));
        let lReps: number;
        let rReps: number;
        if (iso) {
          lReps = 3 + Math.floor(rnd() * 7);
          rReps = 3 + Math.floor(rnd() * 7);
        } else {
          const u = rnd();
          lReps = u < 0.05 ? 1 : u < 0.87 ? 2 : u < 0.95 ? 3 : 4 + Math.floor(rnd() * 3);
          rReps = lReps;
          if (rnd() < 0.04) rReps = lReps === 1 ? 2 : lReps === 6 ? 5 : lReps + (rnd() < 0.5 ? -1 : 1);
          if (rnd() < 0.5) {
            const t = lReps;
            lReps = rReps;
            rReps = t;
          }
        }
        // seconds from the start of a rep to its peak force: Nordic 0.6–2.5 s, ISO Prone 0.1–0.7 s
        const tempo = iso ? 0.1 + 0.6 * rnd() : 0.65 + 1.75 * rnd();
        drawSide(L, lReps, lMax, iso, tempo, impL);
        drawSide(R, rReps, rMax, iso, tempo, impR);
        const lever = b.lever;
        const lTq = lever === 0 ? 0 : lMax * lever;
        const rTq = lever === 0 ? 0 : rMax * lever;
        if (compact) {
          // (The RFD draws of ISO rows come last in a row's stream, so skipping them changes nothing else.)
          line =
            `${prefix[a]}${dateStr}","${time}","${device}","${iso ? 'ISO Prone' : 'Nordic'}","${lReps}","${rReps}","` +
            `${lMax}","${rMax}","${hubImbalancePct(lMax, rMax)}","${torque6(lTq)}","${torque6(rTq)}","` +
            `${L.avg}","${R.avg}","${impulse2(L.impulse)}","${impulse2(R.impulse)}"`;
        } else {
          const mass = b.mass;
          let perKg: string;
          let tqPerKg: string;
          if (mass === undefined) {
            perKg = E4;
            tqPerKg = E4;
          } else {
            perKg = `"${lMax / mass}","${rMax / mass}","${L.avg / mass}","${R.avg / mass}"`;
            tqPerKg = lever === 0 ? E4 : `"${lTq / mass}","${rTq / mass}","${(L.avg * lever) / mass}","${(R.avg * lever) / mass}"`;
          }
          let rfd: string;
          if (iso) {
            const rl = rfdFields(L);
            const rr = rfdFields(R);
            const parts: string[] = [];
            for (let w = 0; w < 5; w++) parts.push(rl[2 * w]!, rl[2 * w + 1]!, rr[2 * w]!, rr[2 * w + 1]!);
            rfd = `"${parts.join('","')}"`;
          } else {
            rfd = E20;
          }
          line =
            `${prefix[a]}${dateStr}","${time}","${device}","${iso ? 'ISO Prone' : 'Nordic'}","${lReps}","${rReps}","` +
            `${lMax}","${rMax}","${hubImbalancePct(lMax, rMax)}","${lTq}","${rTq}","` +
            `${L.avg}","${R.avg}","${hubImbalancePct(L.avg, R.avg)}","` +
            `${L.impulse}","${R.impulse}","${hubImbalancePct(L.impulse, R.impulse)}","` +
            `${L.ttpMin}","${R.ttpMin}","${L.ttpAvg}","${R.ttpAvg}",${perKg},${rfd},"` +
            `${impL[0]}","${impL[1]}","${impR[0]}","${impR[1]}","` +
            `${impL[2]}","${impL[3]}","${impR[2]}","${impR[3]}","` +
            `${impL[4]}","${impL[5]}","${impR[4]}","${impR[5]}","` +
            `${impL[6]}","${impL[7]}","${impR[6]}","${impR[7]}","` +
            `${impL[8]}","${impL[9]}","${impR[8]}","${impR[9]}",${tqPerKg},""`;
        }
      }
      if (!quoted) line = unquote(line);
      buf += dup ? `\n${line}\n${line}` : `\n${line}`;
      if (buf.length >= chunkChars) {
        yield buf;
        buf = '';
      }
    }
  }
  if (buf.length > 0) yield buf;
}

/** The whole export as one string (convenience for tests and small data sets). */
export function hubExportCsv(options: HubExportOptions): string {
  let out = '';
  for (const chunk of hubExportChunks(options)) out += chunk;
  return out;
}
