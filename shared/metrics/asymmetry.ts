import type { Asymmetry } from '../model/test-record.ts';

/**
 * Between-limb asymmetry formulas (Bishop 2016 lists at least nine in circulation).
 * Every result names its formula so any stored L/R pair can be recomputed with another one.
 */
export const asymmetryFormulas = {
  /** (stronger − weaker) / stronger × 100, with the weaker side. Equals |VALD Hub "Max Imbalance (%)"|. */
  'asymmetry.stronger-weaker@1': (left: number, right: number) => {
    const stronger = Math.max(left, right);
    return (100 * (stronger - Math.min(left, right))) / stronger;
  },
  /** VALD Hub "Max Imbalance (%)": 100 × (R − L) / max(L, R); signed, positive = right stronger. */
  'asymmetry.vald-hub-signed@1': (left: number, right: number) => (100 * (right - left)) / Math.max(left, right),
  /** |L − R| / mean(L, R) × 100. */
  'asymmetry.abs-diff-over-mean@1': (left: number, right: number) =>
    (100 * Math.abs(left - right)) / ((left + right) / 2),
} as const;

export type AsymmetryFormula = keyof typeof asymmetryFormulas;
export const defaultAsymmetryFormula: AsymmetryFormula = 'asymmetry.stronger-weaker@1';

export function isAsymmetryFormula(name: string): name is AsymmetryFormula {
  return Object.hasOwn(asymmetryFormulas, name);
}

/** Asymmetry of two peak forces; null when a side is missing or neither side produced force. */
export function asymmetry(
  left: number | null,
  right: number | null,
  formula: AsymmetryFormula = defaultAsymmetryFormula,
): Asymmetry | null {
  if (left === null || right === null || Math.max(left, right) <= 0) return null;
  return {
    pct: asymmetryFormulas[formula](left, right),
    weakerSide: left === right ? null : left < right ? 'left' : 'right',
    formula,
  };
}
