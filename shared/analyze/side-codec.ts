import type { Side } from '../model/test-record.ts';

/** A Side as 8 numbers (NaN for null): how mapped rows cross threads and how waiting rows are kept. */
export const SIDE_WIDTH = 8;

const num = (v: number | null): number => (v === null ? Number.NaN : v);
const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

export function writeSide(out: Float64Array, at: number, s: Side): void {
  out[at] = num(s.peakN);
  out[at + 1] = num(s.avgN);
  out[at + 2] = s.repCount;
  out[at + 3] = num(s.impulseNs);
  out[at + 4] = num(s.torqueNm);
  out[at + 5] = num(s.peakNPerKg);
  out[at + 6] = num(s.calibrationN);
  out[at + 7] = num(s.timeToPeakS);
}

export function readSide(src: Float64Array, at: number, s: Side): void {
  s.peakN = orNull(src[at]!);
  s.avgN = orNull(src[at + 1]!);
  s.repCount = src[at + 2]!;
  s.impulseNs = orNull(src[at + 3]!);
  s.torqueNm = orNull(src[at + 4]!);
  s.peakNPerKg = orNull(src[at + 5]!);
  s.calibrationN = orNull(src[at + 6]!);
  s.timeToPeakS = orNull(src[at + 7]!);
}
