import type { FactSide } from '../formats/fact-side.ts';
import type { TestWarning, WarningCode } from '../model/test-record.ts';

/** Body masses outside this range are likely entered in lb (two real athletes: 240.0 and 207.1 "kg"). */
export const BODY_MASS_RANGE_KG = [35, 160] as const;
/** A Nordic rep peaking sooner than this after its start is likely spurious (handbook). */
export const MIN_NORDIC_TIME_TO_PEAK_S = 0.5;

export const isNordic = (testType: string) => testType.trim().toLowerCase() === 'nordic';

export const bodyMassPlausible = (kg: number) => kg >= BODY_MASS_RANGE_KG[0] && kg <= BODY_MASS_RANGE_KG[1];

export interface QualityInput {
  testType: string;
  /** NaN where a record has null. */
  left: FactSide;
  right: FactSide;
  bodyMassKg: number | null;
  /** Whether the source has a torque column at all (0 there means no knee position was set). */
  torqueReported: boolean;
  /** Raw max force per side (before calibration), for the zero-reps message. */
  leftMax: number;
  rightMax: number;
}

/**
 * A test's warnings as bits, in the order they are listed: a row's checks cost a few comparisons, and the
 * messages are only worded (warningList) for the tests that are written out.
 */
export const WARNING_BITS = [
  { code: 'zero-reps-with-force', side: 'left' },
  { code: 'zero-reps-with-force', side: 'right' },
  { code: 'calibration-nonzero', side: 'left' },
  { code: 'time-to-peak-short', side: 'left' },
  { code: 'calibration-nonzero', side: 'right' },
  { code: 'time-to-peak-short', side: 'right' },
  { code: 'body-mass-out-of-range', side: undefined },
  { code: 'torque-zero', side: undefined },
] as const satisfies readonly { code: WarningCode; side: 'left' | 'right' | undefined }[];

const ZERO_REPS = 0;
const CALIBRATION = 2;
const TIME_TO_PEAK = 3;
const BODY_MASS = 6;
const TORQUE_ZERO = 7;

let lastType = '';
let lastNordic = false;

/**
 * The handbook's per-test data-quality checks, as WARNING_BITS flags. A side with 0 reps but force recorded
 * is kept and flagged (zero-reps-with-force); calibration offsets, short Nordic times to peak, implausible
 * body masses and a torque column of zeros are flagged.
 */
export function qualityFlags(t: QualityInput): number {
  let flags = 0;
  // isNordic lower-cases a copy: once per distinct test type in a row, not once a row (24 MB of garbage at 1M rows).
  if (t.testType !== lastType) {
    lastType = t.testType;
    lastNordic = isNordic(lastType);
  }
  const nordic = lastNordic;
  for (let s = 0; s < 2; s++) {
    const side = s === 0 ? t.left : t.right;
    const max = s === 0 ? t.leftMax : t.rightMax;
    const shift = 2 * s;
    // NaN compares false with anything, and NaN !== 0: the checks below hold for a missing value as they did for null.
    if (side.repCount === 0 && max > 0 && !Number.isNaN(side.peakN)) flags |= 1 << (ZERO_REPS + s);
    if (!Number.isNaN(side.calibrationN) && side.calibrationN !== 0) flags |= 1 << (CALIBRATION + shift);
    if (nordic && side.timeToPeakS < MIN_NORDIC_TIME_TO_PEAK_S) flags |= 1 << (TIME_TO_PEAK + shift);
  }
  if (t.bodyMassKg !== null && !bodyMassPlausible(t.bodyMassKg)) flags |= 1 << BODY_MASS;
  const measured = (Number.isNaN(t.left.peakN) ? 0 : 1) + (Number.isNaN(t.right.peakN) ? 0 : 1);
  const torqued = (!Number.isNaN(t.left.peakN) && !Number.isNaN(t.left.torqueNm)) || (!Number.isNaN(t.right.peakN) && !Number.isNaN(t.right.torqueNm));
  if (t.torqueReported && measured > 0 && !torqued) flags |= 1 << TORQUE_ZERO;
  return flags;
}

/** The warnings behind `flags`, worded. */
export function warningList(flags: number, t: QualityInput): TestWarning[] {
  const out: TestWarning[] = [];
  for (let bit = 0; bit < WARNING_BITS.length; bit++) {
    if ((flags & (1 << bit)) === 0) continue;
    const { code, side: which } = WARNING_BITS[bit]!;
    const s = which === 'right' ? t.right : t.left;
    if (code === 'zero-reps-with-force') {
      const max = which === 'left' ? t.leftMax : t.rightMax;
      out.push({ code, side: which, message: `${which} has 0 repetitions but ${max} N recorded: kept as a result, check the test` });
    } else if (code === 'calibration-nonzero') {
      out.push({ code, side: which, message: `${which} calibration ${s.calibrationN} N subtracted (raw peak ${(Number.isNaN(s.peakN) ? 0 : s.peakN) + s.calibrationN} N)` });
    } else if (code === 'time-to-peak-short') {
      out.push({
        code,
        side: which,
        message: `${which} time to peak ${s.timeToPeakS.toFixed(2)} s < ${MIN_NORDIC_TIME_TO_PEAK_S} s on a Nordic: likely a spurious rep`,
      });
    } else if (code === 'body-mass-out-of-range') {
      out.push({
        code,
        message: `body mass ${t.bodyMassKg} kg is outside ${BODY_MASS_RANGE_KG[0]}–${BODY_MASS_RANGE_KG[1]} kg (entered in lb?): relative force not computed`,
      });
    } else out.push({ code, message: 'torque 0: no knee position was set, torque not available' });
  }
  return out;
}

/** The warnings of one test (flags and words at once). */
