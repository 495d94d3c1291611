import type { Side, TestWarning } from '../model/test-record.ts';

/** Body masses outside this range are likely entered in lb (two real athletes: 240.0 and 207.1 "kg"). */
export const BODY_MASS_RANGE_KG = [35, 160] as const;
/** A Nordic rep peaking sooner than this after its start is likely spurious (handbook). */
export const MIN_NORDIC_TIME_TO_PEAK_S = 0.5;

export const isNordic = (testType: string) => testType.trim().toLowerCase() === 'nordic';

export const bodyMassPlausible = (kg: number) => kg >= BODY_MASS_RANGE_KG[0] && kg <= BODY_MASS_RANGE_KG[1];

interface QualityInput {
  testType: string;
  left: Side;
  right: Side;
  bodyMassKg: number | null;
  /** Whether the source has a torque column at all (0 there means no knee position was set). */
  torqueReported: boolean;
}

/** The handbook's per-test data-quality checks (zero-rep-with-force is raised while cleaning a side). */
export function qualityWarnings(t: QualityInput): TestWarning[] {
  const out: TestWarning[] = [];
  for (const which of ['left', 'right'] as const) {
    const s = t[which];
    if (s.calibrationN !== null && s.calibrationN !== 0) {
      out.push({
        code: 'calibration-nonzero',
        side: which,
        message: `${which} calibration ${s.calibrationN} N subtracted (raw peak ${(s.peakN ?? 0) + s.calibrationN} N)`,
      });
    }
    if (isNordic(t.testType) && s.timeToPeakS !== null && s.timeToPeakS < MIN_NORDIC_TIME_TO_PEAK_S) {
      out.push({
        code: 'time-to-peak-short',
        side: which,
        message: `${which} time to peak ${s.timeToPeakS.toFixed(2)} s < ${MIN_NORDIC_TIME_TO_PEAK_S} s on a Nordic: likely a spurious rep`,
      });
    }
  }
  if (t.bodyMassKg !== null && !bodyMassPlausible(t.bodyMassKg)) {
    out.push({
      code: 'body-mass-out-of-range',
      message: `body mass ${t.bodyMassKg} kg is outside ${BODY_MASS_RANGE_KG[0]}–${BODY_MASS_RANGE_KG[1]} kg (entered in lb?): relative force not computed`,
    });
  }
  const measured = [t.left, t.right].filter((s) => s.peakN !== null);
  if (t.torqueReported && measured.length > 0 && measured.every((s) => s.torqueNm === null)) {
    out.push({ code: 'torque-zero', message: 'torque 0: no knee position was set, torque not available' });
  }
  return out;
}
