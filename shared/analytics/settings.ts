/**
 * Every parameter of the risk flags and trends, per team, with its default and the source of that default.
 * The team's settings route merges `RiskSettingsSchema` (strict: an unknown key is a 400); whatever the team
 * leaves out takes the default below. A threshold the team changes is cited as its own `source`, or as
 * "team setting" when it gives none.
 */
import { z } from 'zod';
import { SOURCES } from './sources.ts';

const Citation = z.string().min(1).max(160);
const Pct = z.number().min(0).max(100);

const StrengthThreshold = z
  .object({
    amberN: z.number().positive().nullable().describe('Peak force below which a leg is amber; null: no amber level'),
    redN: z.number().positive().nullable().describe('Peak force below which a leg is red; null: no red level'),
    source: Citation.optional(),
  })
  .strict();

const ImbalanceThreshold = z
  .object({
    amberPct: Pct.describe('Imbalance (asymmetry.stronger-weaker@1) at or above which the athlete is amber'),
    redPct: Pct.describe('… red'),
    source: Citation.optional(),
  })
  .strict();

const SportPreset = z
  .object({
    strength: StrengthThreshold.nullable().describe('null: no absolute strength threshold for this sport'),
    imbalance: ImbalanceThreshold,
  })
  .strict();
export type SportPresetSettings = z.infer<typeof SportPreset>;

const BAND_LABELS = z.tuple([z.string(), z.string(), z.string()]);
const BridgePreset = z
  .object({
    poorBelow: z.number().positive().describe('Reps below this: the first (poor) band'),
    topAbove: z.number().positive().describe('Reps above this: the third band'),
    labels: BAND_LABELS,
    source: Citation,
  })
  .strict();

const PrescriptionPreset = z
  .object({
    sessionsPerWeek: z.number().positive().max(14),
    repsPerSession: z.number().int().positive().nullable(),
    source: Citation,
  })
  .strict();

/** Sport presets, keyed by the normalised sport (sportKey). */
export const sportPresetDefaults: Record<string, SportPresetSettings> = {
  'australian-football': {
    // Opar 2015: < 256 N at the start of preseason 2.7× risk, < 279 N at its end 4.3×: the lower cut red.
    strength: { amberN: 279, redN: 256, source: SOURCES.opar2015 },
    imbalance: { amberPct: 15, redPct: 20, source: SOURCES.bourne2015 },
  },
  soccer: {
    strength: { amberN: null, redN: 337, source: SOURCES.timmins2016 },
    imbalance: { amberPct: 15, redPct: 20, source: SOURCES.bourne2015 },
  },
  'rugby-union': {
    // Bourne 2015: low strength not associated with risk; imbalance ≥ 15 % 2.4×, ≥ 20 % 3.4×.
    strength: null,
    imbalance: { amberPct: 15, redPct: 20, source: SOURCES.bourne2015 },
  },
};

export const bridgePresets = {
  article: { poorBelow: 15, topAbove: 30, labels: ['poor', 'satisfactory', 'excellent'], source: SOURCES.article },
  'freckleton-2014': { poorBelow: 20, topAbove: 30, labels: ['poor', 'average', 'good'], source: SOURCES.freckleton2014 },
} as const satisfies Record<string, z.infer<typeof BridgePreset>>;

export const prescriptionPresets = {
  'article-in-season': { sessionsPerWeek: 1, repsPerSession: 5, source: `${SOURCES.article}: in season 1 × week, 1–2 × 5` },
  'article-three-per-week': { sessionsPerWeek: 3, repsPerSession: 30, source: `${SOURCES.article}: 3 × week of 12, 10, 8` },
  'petersen-2011-preseason': { sessionsPerWeek: 2.7, repsPerSession: null, source: `${SOURCES.petersen2011}: 27 sessions in 10 weeks` },
  'petersen-2011-in-season': { sessionsPerWeek: 1, repsPerSession: 30, source: `${SOURCES.petersen2011}: 1 × week, 3 sets of 12-10-8` },
} as const satisfies Record<string, z.infer<typeof PrescriptionPreset>>;

const SEASON_START = /^(\d{4}-)?\d{2}-\d{2}$/;

export const RiskSettingsSchema = z
  .object({
    primaryTestType: z.string().min(1).max(64).prefault('Nordic').describe('The test type of the squad view and /risk'),
    thresholdTestTypes: z
      .array(z.string().min(1).max(64))
      .prefault(['Nordic'])
      .describe('Test types the strength and imbalance thresholds apply to (their evidence is from the Nordic); compared without case'),
    sport: z.string().min(1).max(64).nullable().prefault(null).describe("The team's sport, used instead of each roster row's `sport` when set"),
    sportPresets: z.record(z.string(), SportPreset).prefault({}).describe('Per-sport thresholds, merged over the defaults (keys: australian-football, soccer, rugby-union, or any)'),
    imbalance: ImbalanceThreshold.prefault({ amberPct: 15, redPct: 20, source: SOURCES.bourne2015 }).describe('For athletes whose sport has no preset'),
    baseline: z
      .object({
        maxTests: z.number().int().min(1).max(50).prefault(6),
        maxDays: z.number().int().min(1).max(3650).prefault(120),
        minOwnTests: z.number().int().min(1).max(20).prefault(3).describe('Below this many own fresh tests the team mean is the baseline'),
        seasonStart: z.string().regex(SEASON_START, 'MM-DD (every year) or YYYY-MM-DD').nullable().prefault(null).describe('The baseline starts over at this date'),
      })
      .strict()
      .prefault({}),
    change: z
      .object({
        amberZ: z.number().positive().prefault(0.5),
        redZ: z.number().positive().prefault(1.5),
        swcFactor: z.number().positive().max(2).prefault(0.2).describe('SWC = factor × between-athlete SD (Hopkins 2004)'),
        typicalErrorN: z.record(z.string(), z.number().positive()).prefault({ Nordic: 21.7 }).describe('SD floor per test type (Opar 2013: 21.7–27.5 N for the Nordic)'),
        typicalErrorCvPct: z.number().positive().max(50).prefault(5.8).describe('SD floor as % of the baseline for test types without typicalErrorN (Opar 2013: CV 5.8–8.5 %)'),
      })
      .strict()
      .prefault({}),
    asymmetryTrend: z
      .object({
        windowWeeks: z.number().positive().max(104).prefault(8),
        minTests: z.number().int().min(2).max(50).prefault(4),
        horizonWeeks: z.number().positive().max(52).prefault(6).describe('Warn when the slope crosses the imbalance threshold within this many weeks'),
      })
      .strict()
      .prefault({}),
    postLoad: z
      .object({
        windowHours: z.number().positive().max(240).prefault(72),
        recoveredBelowPct: z.number().positive().max(50).prefault(5).describe('Recovered when the deficit is below the test CV (Bueno 2021: < 5 %)'),
        loadExercises: z.array(z.enum(['match', 'run'])).prefault(['match', 'run']),
        recentDays: z.number().int().min(1).max(365).prefault(28),
      })
      .strict()
      .prefault({}),
    exposure: z
      .object({
        prescription: z
          .union([z.enum(Object.keys(prescriptionPresets) as [keyof typeof prescriptionPresets]), PrescriptionPreset])
          .prefault('article-in-season'),
        maxWeeksWithout: z.number().positive().max(52).prefault(3),
        minCompliancePct: Pct.prefault(50),
        source: Citation.prefault(SOURCES.ripley2021),
      })
      .strict()
      .prefault({}),
    bridge: z
      .object({ preset: z.union([z.enum(['article', 'freckleton-2014']), BridgePreset]).prefault('article') })
      .strict()
      .prefault({}),
    proneCurl: z
      .object({
        targetRatio: z.number().positive().max(3).prefault(0.3),
        minReps: z.number().int().positive().max(50).prefault(8).describe('A set counts toward the target when it has at least this many reps (3 × 8 or an 8RM)'),
        source: Citation.prefault(SOURCES.article),
      })
      .strict()
      .prefault({}),
    priorInjury: z
      .object({
        lookbackMonths: z.number().int().min(0).max(120).prefault(12).describe('0: never flagged'),
        source: Citation.prefault(SOURCES.bourne2015),
      })
      .strict()
      .prefault({}),
    rtp: z
      .object({
        targetPct: z.number().positive().max(150).prefault(90).describe('Cleared when the injured leg reaches this % of its pre-injury baseline'),
        windowDays: z.number().int().min(1).max(1095).prefault(180).describe('Injuries this recent are followed as a return to play'),
        source: Citation.prefault(`${SOURCES.eccentric}; deficits persist (${SOURCES.maniar2016})`),
      })
      .strict()
      .prefault({}),
    team: z
      .object({ minAthletes: z.number().int().min(2).max(100).prefault(3).describe('Team means and SDs need this many athletes with a test') })
      .strict()
      .prefault({}),
  })
  .strict();

export type RiskSettings = z.output<typeof RiskSettingsSchema>;
export type RiskSettingsInput = z.input<typeof RiskSettingsSchema>;

/** Every default, as the route's GET shows it and a team that set nothing gets. */
export const riskSettingDefaults: RiskSettings = RiskSettingsSchema.parse({});

/** The sport as a preset key: `AFL`, `Australian rules` → `australian-football`; `Football` → `soccer`. */
export function sportKey(sport: string | null): string | null {
  if (sport === null) return null;
  const key = sport.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  if (key === '') return null;
  return SPORT_ALIASES[key] ?? key;
}

const SPORT_ALIASES: Record<string, string> = {
  afl: 'australian-football',
  'australian-rules': 'australian-football',
  'australian-rules-football': 'australian-football',
  'aussie-rules': 'australian-football',
  football: 'soccer',
  'association-football': 'soccer',
  futbol: 'soccer',
  'rugby-union': 'rugby-union',
  union: 'rugby-union',
  'rugby-15s': 'rugby-union',
};
