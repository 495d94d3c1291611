import type { Side } from '../model/test-record.ts';

/**
 * One leg of a row's facts, numbers only: NaN where the TestRecord's Side has null. A field that holds
 * both null and doubles makes V8 box every double stored into it (a fresh 16-byte object), and the
 * sides were 150 MB of the 230 MB allocated over a 1M-row summary; number-only fields are written in place.
 */
export class FactSide {
  peakN = Number.NaN;
  avgN = Number.NaN;
  repCount = 0;
  impulseNs = Number.NaN;
  torqueNm = Number.NaN;
  peakNPerKg = Number.NaN;
  calibrationN = Number.NaN;
  timeToPeakS = Number.NaN;
}

/** A fact's number as the record has it: null for NaN. */
export const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** The TestRecord's Side of a FactSide (a new object). */
export function sideRecord(s: FactSide): Side {
  return {
    peakN: orNull(s.peakN),
    avgN: orNull(s.avgN),
    repCount: s.repCount,
    impulseNs: orNull(s.impulseNs),
    torqueNm: orNull(s.torqueNm),
    peakNPerKg: orNull(s.peakNPerKg),
    calibrationN: orNull(s.calibrationN),
    timeToPeakS: orNull(s.timeToPeakS),
  };
}
