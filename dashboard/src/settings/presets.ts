/**
 * The built-in presets the Settings form offers, with their sources (../shared/domain.md). The same values as
 * the analytics core's defaults (shared/analytics/settings.ts; a test keeps them equal) — copied, because
 * the core's module brings zod, which the page does not need.
 */
export interface SportPreset {
  id: string;
  label: string;
  strength: { amberN: number | null; redN: number | null; source: string } | null;
  imbalance: { amberPct: number; redPct: number; source: string };
  citation: string;
}

export const sportPresets: SportPreset[] = [
  {
    id: 'australian-football',
    label: 'Australian football',
    strength: { amberN: 279, redN: 256, source: 'Opar 2015' },
    imbalance: { amberPct: 15, redPct: 20, source: 'Bourne 2015' },
    citation: 'Opar et al. 2015 (MSSE): < 256 N at the start of preseason 2.7×, < 279 N at its end 4.3× risk; imbalance: Bourne et al. 2015',
  },
  {
    id: 'soccer',
    label: 'Soccer',
    strength: { amberN: null, redN: 337, source: 'Timmins 2016' },
    imbalance: { amberPct: 15, redPct: 20, source: 'Bourne 2015' },
    citation: 'Timmins et al. 2016 (BJSM): < 337 N 4.4× risk; imbalance: Bourne et al. 2015',
  },
  {
    id: 'rugby-union',
    label: 'Rugby union',
    strength: null,
    imbalance: { amberPct: 15, redPct: 20, source: 'Bourne 2015' },
    citation: 'Bourne et al. 2015 (AJSM): imbalance ≥ 15 % 2.4×, ≥ 20 % 3.4× risk; low strength not associated',
  },
];

export interface PrescriptionPreset {
  id: string;
  label: string;
  sessionsPerWeek: number;
  repsPerSession: number | null;
  source: string;
}

export const prescriptionPresets: PrescriptionPreset[] = [
  { id: 'article-in-season', label: 'In season: 1 × week, 1–2 × 5', sessionsPerWeek: 1, repsPerSession: 5, source: 'Beer (article): in season 1 × week, 1–2 × 5' },
  { id: 'article-three-per-week', label: 'Build-up: 3 × week of 12, 10, 8', sessionsPerWeek: 3, repsPerSession: 30, source: 'Beer (article): 3 × week of 12, 10, 8' },
  { id: 'petersen-2011-preseason', label: 'Preseason: 27 sessions in 10 weeks', sessionsPerWeek: 2.7, repsPerSession: null, source: 'Petersen 2011: 27 sessions in 10 weeks' },
  { id: 'petersen-2011-in-season', label: 'In season: 1 × week, 3 × 12-10-8', sessionsPerWeek: 1, repsPerSession: 30, source: 'Petersen 2011: 1 × week, 3 sets of 12-10-8' },
];

export const asymmetryFormulas = [
  { id: 'asymmetry.stronger-weaker@1', label: '(stronger − weaker) / stronger × 100 — equals VALD Hub’s imbalance (default)' },
  { id: 'asymmetry.vald-hub-signed@1', label: '100 × (R − L) / max(L, R) — signed, as VALD Hub shows it' },
  { id: 'asymmetry.abs-diff-over-mean@1', label: '|L − R| / mean(L, R) × 100' },
];
