import type { FactSide } from '../formats/fact-side.ts';

/** A FactSide as 8 numbers: how mapped rows cross threads and how waiting rows are kept. */
export const SIDE_WIDTH = 8;

export function writeSide(out: Float64Array, at: number, s: FactSide): void {
  out[at] = s.peakN;
  out[at + 1] = s.avgN;
  out[at + 2] = s.repCount;
  out[at + 3] = s.impulseNs;
  out[at + 4] = s.torqueNm;
  out[at + 5] = s.peakNPerKg;
  out[at + 6] = s.calibrationN;
  out[at + 7] = s.timeToPeakS;
}

export function readSide(src: Float64Array, at: number, s: FactSide): void {
  s.peakN = src[at]!;
  s.avgN = src[at + 1]!;
  s.repCount = src[at + 2]!;
  s.impulseNs = src[at + 3]!;
  s.torqueNm = src[at + 4]!;
  s.peakNPerKg = src[at + 5]!;
  s.calibrationN = src[at + 6]!;
  s.timeToPeakS = src[at + 7]!;
}
