/** A detected rep on one leg, in seconds from the first sample, with its peak force. */
export interface RepMarker {
  startS: number;
  endS: number;
  peakS: number;
  peakN: number;
}

export interface TracePlotInput {
  sampleRateHz: number;
  left: ArrayLike<number>;
  right: ArrayLike<number>;
  reps: { left: RepMarker[]; right: RepMarker[] };
  title?: string;
}

export interface TracePlotOptions {
  /** Pixels (SVG user units). Default 960 × 420. */
  width?: number;
  height?: number;
  colors?: { left?: string; right?: string };
  /** Upper end of the force axis (N); default: the data's maximum, rounded up to a tick. */
  yMaxN?: number;
}

export const DEFAULT_COLORS = { left: '#0072b2', right: '#d55e00' } as const;
