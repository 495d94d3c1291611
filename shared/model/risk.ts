/**
 * The contract between the analytics core (shared/analytics, pure), the recompute handler that stores its
 * results, the HTTP API that serves them and the dashboard and `eccentric report` that show them.
 * Shapes only; every number names the formula (name@version) that made it, every threshold its source.
 * Risk is a list of flags with reasons, never a fitted probability.
 */

export type Level = 'green' | 'amber' | 'red';
export type Leg = 'left' | 'right';

/** One reason behind a status: "Left 241 N < 256 N (Opar 2015)". */
export interface Reason {
  /** Stable, kebab-case: `strength-below-threshold`, `imbalance-above-threshold`, `imbalance-rising`, `decline-vs-baseline`, `post-load-not-recovered`, `nordic-gap`, `nordic-compliance-low`, `bridge-poor`, `prone-curl-light`, `prior-injury`, `rtp-deficit`, … */
  code: string;
  level: Level;
  /** A sentence a coach reads, with the numbers and the source: "Left 241 N < 256 N (Opar 2015)". */
  message: string;
  value: number | null;
  threshold: number | null;
  /** Short citation ("Opar 2015") or "team setting" when the team overrode the default. */
  source: string;
  side?: Leg;
  /** The formula behind `value`. */
  formula?: string;
}

export interface Status {
  /** The worst level among the reasons; green when there are none. */
  level: Level;
  reasons: Reason[];
}

/** Change of one leg's peak force against the athlete's rolling baseline (two-gate rule). */
export interface LegChange {
  latestN: number | null;
  baselineN: number | null;
  /** `athlete`: the athlete's previous fresh tests; `team`: the team mean (fewer than 3 own tests); null: none. */
  baselineSource: 'athlete' | 'team' | null;
  baselineTests: number;
  deltaPct: number | null;
  /** (latest − mean(prev)) / max(SD(prev), typical error). */
  z: number | null;
  sdN: number | null;
  /** Smallest worthwhile change, 0.2 × between-athlete SD (Hopkins 2004). */
  swcN: number | null;
  level: Level;
}

export interface Change {
  formula: string;
  testType: string;
  left: LegChange;
  right: LegChange;
  window: { maxTests: number; maxDays: number; seasonStart: string | null };
}

export interface AsymmetryTrend {
  formula: string;
  asymmetryFormula: string;
  currentPct: number | null;
  weakerSide: Leg | null;
  baselinePct: number | null;
  changePct: number | null;
  /** Least-squares slope over the window, % per week; null with fewer than `minTests` tests. */
  slopePctPerWeek: number | null;
  testsInWindow: number;
  windowWeeks: number;
  thresholdPct: number;
  /** Weeks until the fitted line crosses the threshold (null when not rising or already above). */
  weeksToThreshold: number | null;
  projectedCrossing: string | null;
  warning: boolean;
}

/** A test within the post-load window after a logged match or run (or marked post-load). */
export interface PostLoadTest {
  testId: string;
  testedAt: string;
  /** MD+1, MD+2, MD+3: days after the load session. */
  label: string;
  load: { date: string; exercise: string; source: 'workout' | 'notes' | 'api' } | null;
  /** Per leg, % vs the fresh baseline (negative = weaker). */
  deficitPct: { left: number | null; right: number | null };
  cvPct: number;
  recovered: boolean;
  /** Added: what marked the test post-load (a logged session, the export's notes, the API). */
  markedBy: 'workout' | 'notes' | 'api';
  /** Added: the note as written, when the notes marked it. */
  note: string | null;
  /** Added: whose baseline the deficit is against (null: no baseline yet, deficits null). */
  baselineSource: 'athlete' | 'team' | null;
}

export interface PostLoad {
  formula: string;
  windowHours: number;
  latest: PostLoadTest | null;
  recent: PostLoadTest[];
}

export interface Prescription {
  preset: string;
  sessionsPerWeek: number;
  repsPerSession: number | null;
  source: string;
}

export interface Exposure {
  formula: string;
  last7: { sessions: number; reps: number };
  last28: { sessions: number; reps: number };
  lastNordic: string | null;
  weeksSinceLast: number | null;
  prescription: Prescription;
  /** Sessions in the last 28 days / prescribed sessions × 100, capped at 100. */
  compliancePct: number | null;
  /** Sessions per ISO week for the chart: [{ week: '2026-W07', sessions, reps }]. */
  weekly: { week: string; sessions: number; reps: number }[];
}

export interface BridgeResult {
  formula: string;
  preset: string;
  testedAt: string;
  left: { reps: number | null; band: string | null };
  right: { reps: number | null; band: string | null };
  source: string;
}

export interface ProneCurlResult {
  formula: string;
  testedAt: string;
  bodyMassKg: number | null;
  targetRatio: number;
  left: { loadKg: number | null; ratio: number | null; meetsTarget: boolean | null };
  right: { loadKg: number | null; ratio: number | null; meetsTarget: boolean | null };
  source: string;
}

export interface ReturnToPlay {
  formula: string;
  injury: { date: string; side: Leg };
  preInjuryBaselineN: number | null;
  points: { testedAt: string; injuredN: number | null; uninjuredN: number | null; pctOfBaseline: number | null; limbSymmetryPct: number | null }[];
  latestPctOfBaseline: number | null;
  targetPct: number;
  cleared: boolean;
  /** Added: `pre-injury-baseline`, or `uninjured-limb` (limb symmetry) when there was no test before the injury. */
  reference: 'pre-injury-baseline' | 'uninjured-limb';
  /** Added: the target's basis, e.g. "Eccentric default; deficits persist (Maniar 2016)". */
  source: string;
}

/** The thresholds that applied to one athlete, resolved from the team settings and the athlete's sport. */
export interface AppliedThresholds {
  sport: string | null;
  strength: { amberN: number | null; redN: number | null; source: string } | null;
  imbalance: { amberPct: number; redPct: number; source: string };
  /** Added: false for test types the thresholds do not apply to (their evidence is from the Nordic). */
  appliesToTestType: boolean;
}

/** Added: within-set fatigue (fatigue.percent-decrement@1, from raw traces) over the athlete's tests, and its trend. */
export interface WithinSetFatigue {
  formula: string;
  points: { testId: string; testedAt: string; left: number | null; right: number | null }[];
  /** Least-squares slope of the mean of both legs' decrement, % points per week; null with fewer than 3 points. */
  slopePctPerWeek: number | null;
}

/** One athlete's precomputed summary for one test type (stored on the athlete item, served by /squad). */
export interface AthleteSummary {
  athleteId: string;
  testType: string;
  asOf: string;
  status: Status;
  change: Change | null;
  asymmetryTrend: AsymmetryTrend | null;
  postLoad: PostLoad | null;
  exposure: Exposure | null;
  bridge: BridgeResult | null;
  proneCurl: ProneCurlResult | null;
  rtp: ReturnToPlay | null;
  thresholds: AppliedThresholds;
  formulas: string[];
  /** Added: time of the athlete's latest test of this type (fresh or post-load); null without one. */
  latestTestAt: string | null;
  /** Added: within-set fatigue from traces; null when no test of this type had a trace. */
  withinSetFatigue: WithinSetFatigue | null;
}

/** Team means and between-athlete SDs per test type and leg, from the last aggregate (baselines, SWC). */
export interface LegStats {
  meanN: number | null;
  sdN: number | null;
  athletes: number;
}
export interface TeamContext {
  asOf: string | null;
  byType: Record<string, { left: LegStats; right: LegStats }>;
}

/** `GET /teams/{t}/athletes/{a}/trend?testType=Nordic`: everything the athlete charts need. */
export interface TrendPoint {
  testId: string;
  testedAt: string;
  left: number | null;
  right: number | null;
  asymmetryPct: number | null;
  weakerSide: Leg | null;
  postLoad: boolean;
  /** MD+1… when post-load. */
  postLoadLabel: string | null;
  /** The baseline that applied to this test (before it): for the band. */
  baseline: { left: number | null; right: number | null };
  hasTrace: boolean;
}

export interface AthleteTrend {
  athleteId: string;
  name: string | null;
  testType: string;
  points: TrendPoint[];
  baseline: { left: number | null; right: number | null; source: 'athlete' | 'team' | null };
  swc: { left: number | null; right: number | null; formula: string };
  thresholds: AppliedThresholds;
  asymmetrySlope: { slopePctPerWeek: number | null; interceptPct: number | null; from: string | null; to: string | null; formula: string } | null;
  /** One entry per injured leg (`both` gives two); side null when the roster did not say. */
  injuries: { date: string; side: Leg | null }[];
  formulas: string[];
}

/** `GET /teams/{t}/risk`. */
export interface TeamRisk {
  asOf: string;
  testType: string;
  counts: Record<Level, number>;
  flagged: { athleteId: string; name: string | null; level: Level; reasons: Reason[] }[];
  distribution: {
    peakN: { athleteId: string; left: number | null; right: number | null }[];
    asymmetryPct: { athleteId: string; pct: number | null }[];
    thresholds: AppliedThresholds;
  };
  /** Newest test time in the team's data. */
  newestData: string | null;
}
