/**
 * Sport presets and programme presets offered in Settings, each with its source (../shared/domain.md).
 * Choosing one fills the fields; the team can then change any number (saved as a team setting).
 */
export interface StrengthPreset {
  id: string;
  label: string;
  /** Weaker leg below amber → amber flag; below red → red flag (N); null: no absolute threshold. */
  strengthAmberN: number | null;
  strengthRedN: number | null;
  imbalanceAmberPct: number;
  imbalanceRedPct: number;
  citation: string;
}

export const strengthPresets: StrengthPreset[] = [
  {
    id: 'australian-football',
    label: 'Australian football',
    strengthAmberN: 279,
    strengthRedN: 256,
    imbalanceAmberPct: 15,
    imbalanceRedPct: 20,
    citation: 'Opar et al. 2015 (MSSE): < 256 N at the start of preseason 2.7×, < 279 N at its end 4.3× risk; imbalance: Bourne et al. 2015',
  },
  { id: 'soccer', label: 'Soccer', strengthAmberN: 337, strengthRedN: 337, imbalanceAmberPct: 15, imbalanceRedPct: 20, citation: 'Timmins et al. 2016 (BJSM): < 337 N 4.4× risk; imbalance: Bourne et al. 2015' },
  {
    id: 'rugby-union',
    label: 'Rugby union',
    strengthAmberN: null,
    strengthRedN: null,
    imbalanceAmberPct: 15,
    imbalanceRedPct: 20,
    citation: 'Bourne et al. 2015 (AJSM): imbalance ≥ 15 % 2.4×, ≥ 20 % 3.4× risk; low strength not associated',
  },
];

export interface PrescriptionPreset {
  id: string;
  label: string;
  sessionsPerWeek: number;
  repsPerSession: number | null;
  citation: string;
}

export const prescriptionPresets: PrescriptionPreset[] = [
  { id: 'petersen-2011-preseason', label: 'Preseason build-up (Petersen 2011)', sessionsPerWeek: 3, repsPerSession: 30, citation: 'Petersen et al. 2011 (AJSM): 27 sessions in 10 weeks, then 1 × week of 3 × 12-10-8; RR 0.29' },
  { id: 'in-season-maintenance', label: 'In season (1 × week, 1–2 × 5)', sessionsPerWeek: 1, repsPerSession: 10, citation: 'Hamstring strength for runners (the handbook’s article): in season 1 session a week of 1–2 × 5' },
];

export const asymmetryFormulas = [
  { id: 'asymmetry.stronger-weaker@1', label: '(stronger − weaker) / stronger × 100 — equals VALD Hub’s imbalance (default)' },
  { id: 'asymmetry.vald-hub-signed@1', label: '100 × (R − L) / max(L, R) — signed, as VALD Hub shows it' },
  { id: 'asymmetry.abs-diff-over-mean@1', label: '|L − R| / mean(L, R) × 100' },
];
