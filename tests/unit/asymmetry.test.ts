import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asymmetry, asymmetryFormulas, defaultAsymmetryFormula, isAsymmetryFormula } from '#core/metrics/asymmetry.ts';

const hubSigned = (l: number, r: number) => (100 * (r - l)) / Math.max(l, r);
/** Forces as NordBord reports them: multiples of 0.25 N, above 0, up to the 2,000 N sensor limit. */
const force = fc.integer({ min: 1, max: 8000 }).map((q) => q * 0.25);
const anyPositive = fc.double({ min: 1e-3, max: 1e6, noNaN: true });

describe('asymmetry.stronger-weaker@1 (default)', () => {
  it('is the default and is named in the result', () => {
    expect(defaultAsymmetryFormula).toBe('asymmetry.stronger-weaker@1');
    expect(asymmetry(100, 90)!.formula).toBe('asymmetry.stronger-weaker@1');
  });

  it('equals |VALD Hub signed Max Imbalance| for positive L, R (property)', () => {
    fc.assert(
      fc.property(fc.oneof(force, anyPositive), fc.oneof(force, anyPositive), (l, r) => {
        const a = asymmetry(l, r)!;
        expect(a.pct).toBeCloseTo(Math.abs(hubSigned(l, r)), 9);
        expect(a.pct).toBeGreaterThanOrEqual(0);
        expect(a.pct).toBeLessThan(100);
      }),
      { numRuns: 1000 },
    );
  });

  it('weaker side is the smaller force, i.e. left when Hub is positive (right stronger); null when equal (property)', () => {
    fc.assert(
      fc.property(force, force, (l, r) => {
        const a = asymmetry(l, r)!;
        const hub = hubSigned(l, r);
        if (l === r) {
          expect(a.weakerSide).toBeNull();
          expect(a.pct).toBe(0);
        } else {
          expect(a.weakerSide).toBe(l < r ? 'left' : 'right');
          expect(a.weakerSide).toBe(hub > 0 ? 'left' : 'right');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on which leg is the reference (swap L and R → same pct, other side)', () => {
    fc.assert(
      fc.property(force, force, (l, r) => {
        fc.pre(l !== r);
        const a = asymmetry(l, r)!;
        const b = asymmetry(r, l)!;
        expect(b.pct).toBe(a.pct);
        expect(b.weakerSide).toBe(a.weakerSide === 'left' ? 'right' : 'left');
      }),
      { numRuns: 300 },
    );
  });

  it('is scale-free: kN or N gives the same percentage', () => {
    fc.assert(
      fc.property(force, force, fc.constantFrom(0.001, 4.448, 1000), (l, r, k) => {
        expect(asymmetry(l * k, r * k)!.pct).toBeCloseTo(asymmetry(l, r)!.pct, 9);
      }),
      { numRuns: 200 },
    );
  });

  it('real Hub row: L 656.75, R 582.5 → 11.3057 %, right weaker (Hub −11.305671869052148)', () => {
    const a = asymmetry(656.75, 582.5)!;
    expect(a.pct).toBeCloseTo(11.305671869052148, 10);
    expect(a.weakerSide).toBe('right');
    expect(hubSigned(656.75, 582.5)).toBeCloseTo(-11.305671869052148, 10);
  });
});

describe('missing sides', () => {
  it.each([
    [null, 400],
    [400, null],
    [null, null],
    [0, 0],
  ])('L=%s R=%s → null', (l, r) => {
    expect(asymmetry(l, r)).toBeNull();
    expect(asymmetry(l, r, 'asymmetry.abs-diff-over-mean@1')).toBeNull();
    expect(asymmetry(l, r, 'asymmetry.vald-hub-signed@1')).toBeNull();
  });

  it('one side at 0 N with the other measured is a 100 % asymmetry on the zero side', () => {
    expect(asymmetry(0, 300)).toEqual({ pct: 100, weakerSide: 'left', formula: 'asymmetry.stronger-weaker@1' });
    expect(asymmetry(300, 0)).toEqual({ pct: 100, weakerSide: 'right', formula: 'asymmetry.stronger-weaker@1' });
  });
});

describe('other formulas in circulation', () => {
  it('handbook example: Hub 11.88 % is 12.63 % as |L − R| / mean(L, R)', () => {
    const [l, r] = [100, 88.12];
    expect(Math.abs(hubSigned(l, r) - -11.88)).toBeLessThan(0.01);
    expect(Math.abs(asymmetry(l, r)!.pct - 11.88)).toBeLessThan(0.01);
    const signed = asymmetry(l, r, 'asymmetry.vald-hub-signed@1')!;
    expect(Math.abs(signed.pct - -11.88)).toBeLessThan(0.01);
    const mean = asymmetry(l, r, 'asymmetry.abs-diff-over-mean@1')!;
    expect(mean.formula).toBe('asymmetry.abs-diff-over-mean@1');
    expect(Math.abs(mean.pct - 12.63)).toBeLessThan(0.01);
    expect(mean.weakerSide).toBe('right');
    // the mirror image: right stronger, Hub +11.88
    expect(Math.abs(asymmetry(r, l, 'asymmetry.vald-hub-signed@1')!.pct - 11.88)).toBeLessThan(0.01);
    expect(Math.abs(asymmetry(r, l, 'asymmetry.abs-diff-over-mean@1')!.pct - 12.63)).toBeLessThan(0.01);
  });

  it('abs-diff-over-mean = 2s / (2 − s) of stronger-weaker s (as fractions), always ≥ it (property)', () => {
    fc.assert(
      fc.property(force, force, (l, r) => {
        const s = asymmetry(l, r)!.pct / 100;
        const m = asymmetry(l, r, 'asymmetry.abs-diff-over-mean@1')!.pct / 100;
        expect(m).toBeCloseTo((2 * s) / (2 - s), 9);
        expect(m).toBeGreaterThanOrEqual(s - 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('vald-hub-signed keeps the sign (positive = right stronger)', () => {
    fc.assert(
      fc.property(force, force, (l, r) => {
        const v = asymmetry(l, r, 'asymmetry.vald-hub-signed@1')!.pct;
        expect(v).toBeCloseTo(hubSigned(l, r), 12);
        expect(Math.sign(v)).toBe(Math.sign(r - l));
      }),
      { numRuns: 300 },
    );
  });

  it('formula names are checked', () => {
    for (const name of Object.keys(asymmetryFormulas)) expect(isAsymmetryFormula(name)).toBe(true);
    expect(isAsymmetryFormula('asymmetry.lsi@1')).toBe(false);
    expect(isAsymmetryFormula('toString')).toBe(false);
  });
});
