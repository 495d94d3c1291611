/**
 * Seeded generator of realistic NordBord force traces with known ground truth, for tests and benchmarks.
 *
 * Nordic / Razor (bilateral eccentric): both legs load together; each rep rises as (1 − cos)/2 over riseS
 * (athlete leaning forward), peaks with zero slope (break point), falls as (1 + cos)/2 over fallS. The right
 * leg can lag the left by legLagS. ISO Prone / ISO 30° / ISO 60° (isometric, per leg): each leg has its own rep
 * timeline (rep counts may differ): a fast rise to 0.95 × peak, a hold that bulges to the peak at its middle, a
 * fast release. Added on top: per-leg offset (the resting baseline), linear drift, Gaussian noise, optional
 * single-sample spikes, NaN dropouts, a dead leg, a trace cut in the middle of its last rep; 0.25 N quantisation
 * like real files.
 */
import { mulberry32 } from '../math/random.ts';
import type { LegSide } from './types.ts';

export type SyntheticTestType = 'Nordic' | 'Razor' | 'ISO Prone' | 'ISO 30°' | 'ISO 60°';

export interface SyntheticTraceOptions {
  seed: number;
  sampleRateHz?: number;
  testType?: SyntheticTestType;
  /** Reps per leg (bilateral: shared windows). Default 3. Ignored for a leg whose peaks are given. */
  reps?: number;
  /** Isometric only: different rep counts per leg. */
  repsPerLeg?: Partial<Record<LegSide, number>>;
  /** Explicit rep peaks (N) per leg; bilateral legs must then have the same count. */
  peaksN?: Partial<Record<LegSide, number[]>>;
  /** Range the random peaks are drawn from (N). Default [150, 700]. */
  peakRangeN?: [number, number];
  /** Rest between reps (s), drawn uniformly. Default [2, 6]. */
  restS?: [number, number];
  /** Quiet lead-in before the first rep and tail after the last (s). Default 2.5 and 2. */
  leadInS?: number;
  tailS?: number;
  /** Resting force per leg (N): the baseline to find. Default 0. */
  offsetN?: Partial<Record<LegSide, number>>;
  /** Linear baseline drift per leg (N/s). Default 0. */
  driftNPerS?: Partial<Record<LegSide, number>>;
  /** Standard deviation of white Gaussian noise (N). Default 2. */
  noiseSdN?: number;
  /** Bilateral: right leg starts (and peaks) this much later than the left (s). Default 0. */
  legLagS?: number;
  /** Number of single-sample spikes added at random samples of random legs, ± spikeHeightN. Default 0. */
  spikes?: number;
  spikeHeightN?: number;
  /** Runs of NaN to insert. */
  dropouts?: { side: LegSide; atS: number; durationS: number }[];
  /** This leg never loads (offset + drift + noise only). */
  deadLeg?: LegSide;
  /** Cut the trace at the peak of the last rep (its truth is then listed in `truth.incomplete`). */
  endMidRep?: boolean;
  /** Quantisation step (N); 0 = none. Default 0.25 (as in real files). */
  quantizeN?: number;
}

export interface TrueRep {
  peakN: number;
  /** Where the noiseless force leaves 0, peaks, and is back at 0 (s from trace start). */
  startS: number;
  peakS: number;
  endS: number;
}

export interface SyntheticTrace {
  left: Float64Array;
  right: Float64Array;
  sampleRateHz: number;
  testType: SyntheticTestType;
  truth: {
    /** Complete reps per leg, in time order (the incomplete last rep, if any, excluded). */
    left: TrueRep[];
    right: TrueRep[];
    /** Bilateral rep windows (both legs), or the union per leg for isometric tests. */
    repWindows: { startS: number; endS: number }[];
    baselineN: Record<LegSide, number>;
    driftNPerS: Record<LegSide, number>;
    /** Glaister decrement from the true peaks; null when < 2 reps. */
    decrementPct: Record<LegSide, number | null>;
    /** The rep cut by endMidRep, per leg that had it. */
    incomplete: Partial<Record<LegSide, TrueRep>>;
    spikeIndices: Record<LegSide, number[]>;
    missingSamples: Record<LegSide, number>;
  };
}

/** The seeded PRNG of the synthetic data (mulberry32). */
export const seededRandom = mulberry32;

function gaussian(rand: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = rand();
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

export const isIsometric = (t: SyntheticTestType) => t.startsWith('ISO');

interface Shape {
  t0: number;
  peakS: number;
  t1: number;
  peakN: number;
  kind: 'eccentric' | 'isometric';
  riseS: number;
  fallS: number;
  holdS: number;
}

/** Noiseless force of one rep at time t (s). */
function shapeAt(sh: Shape, t: number): number {
  if (t <= sh.t0 || t >= sh.t1) return 0;
  const A = sh.peakN;
  if (sh.kind === 'eccentric') {
    if (t <= sh.peakS) return (A * (1 - Math.cos((Math.PI * (t - sh.t0)) / sh.riseS))) / 2;
    return (A * (1 + Math.cos((Math.PI * (t - sh.peakS)) / sh.fallS))) / 2;
  }
  const base = 0.95 * A;
  const holdStart = sh.t0 + sh.riseS;
  const holdEnd = holdStart + sh.holdS;
  if (t < holdStart) return (base * (1 - Math.cos((Math.PI * (t - sh.t0)) / sh.riseS))) / 2;
  if (t <= holdEnd) {
    const u = (t - sh.peakS) / (sh.holdS / 2);
    return base + (A - base) * (1 - u * u);
  }
  return (base * (1 + Math.cos((Math.PI * (t - holdEnd)) / sh.fallS))) / 2;
}

export function generateSyntheticTrace(o: SyntheticTraceOptions): SyntheticTrace {
  const rand = seededRandom(o.seed);
  const gauss = gaussian(seededRandom(o.seed ^ 0x9e3779b9));
  const rate = o.sampleRateHz ?? 50;
  const testType = o.testType ?? 'Nordic';
  const iso = isIsometric(testType);
  const [pMin, pMax] = o.peakRangeN ?? [150, 700];
  const [rMin, rMax] = o.restS ?? [2, 6];
  const leadIn = o.leadInS ?? 2.5;
  const tail = o.tailS ?? 2;
  const uni = (a: number, b: number) => a + (b - a) * rand();
  const lag = iso ? 0 : (o.legLagS ?? 0);

  const shapes: Record<LegSide, Shape[]> = { left: [], right: [] };
  const makeShape = (t0: number, peakN: number): Shape => {
    if (iso) {
      const riseS = uni(0.3, 0.6);
      const holdS = uni(2.5, 4);
      const fallS = uni(0.2, 0.4);
      return { t0, peakS: t0 + riseS + holdS / 2, t1: t0 + riseS + holdS + fallS, peakN, kind: 'isometric', riseS, fallS, holdS };
    }
    const riseS = uni(1.5, 3);
    const fallS = uni(0.6, 1.2);
    return { t0, peakS: t0 + riseS, t1: t0 + riseS + fallS, peakN, kind: 'eccentric', riseS, fallS, holdS: 0 };
  };
  const drawPeaks = (count: number) => Array.from({ length: count }, () => uni(pMin, pMax));

  if (!iso) {
    const count = o.peaksN?.left?.length ?? o.peaksN?.right?.length ?? o.reps ?? 3;
    const pl = o.peaksN?.left ?? drawPeaks(count);
    const pr = o.peaksN?.right ?? drawPeaks(count);
    if (pl.length !== pr.length) throw new RangeError('bilateral traces need as many left as right peaks');
    let t = leadIn;
    for (let k = 0; k < count; k++) {
      const l = makeShape(t, pl[k]!);
      shapes.left.push(l);
      shapes.right.push({ ...l, t0: l.t0 + lag, peakS: l.peakS + lag, t1: l.t1 + lag, peakN: pr[k]! });
      t = l.t1 + lag + uni(rMin, rMax);
    }
  } else {
    for (const side of ['left', 'right'] as const) {
      const peaks = o.peaksN?.[side] ?? drawPeaks(o.repsPerLeg?.[side] ?? o.reps ?? 3);
      let t = leadIn + uni(0, 0.3);
      for (const pk of peaks) {
        const sh = makeShape(t, pk);
        shapes[side].push(sh);
        t = sh.t1 + uni(rMin, rMax);
      }
    }
  }
  if (o.deadLeg) shapes[o.deadLeg] = [];

  const lastEnd = Math.max(0, ...shapes.left.map((s) => s.t1), ...shapes.right.map((s) => s.t1));
  let durationS = lastEnd + tail;
  const incomplete: Partial<Record<LegSide, TrueRep>> = {};
  const toTrue = (s: Shape): TrueRep => ({ peakN: s.peakN, startS: s.t0, peakS: s.peakS, endS: s.t1 });
  if (o.endMidRep) {
    // Cut at the peak of the last rep to start (of either leg).
    const all = [...shapes.left, ...shapes.right];
    if (all.length > 0) {
      const last = all.reduce((a, b) => (b.t0 > a.t0 ? b : a));
      durationS = last.peakS;
      for (const side of ['left', 'right'] as const) {
        const rest = shapes[side].filter((s) => s.t1 <= durationS);
        const cut = shapes[side].find((s) => s.t1 > durationS);
        if (cut) incomplete[side] = toTrue(cut);
        shapes[side] = [...rest, ...(cut ? [cut] : [])];
      }
    }
  }
  const n = Math.max(1, Math.round(durationS * rate));
  const offset = { left: o.offsetN?.left ?? 0, right: o.offsetN?.right ?? 0 };
  const drift = { left: o.driftNPerS?.left ?? 0, right: o.driftNPerS?.right ?? 0 };
  const sd = o.noiseSdN ?? 2;
  const q = o.quantizeN ?? 0.25;
  const out = { left: new Float64Array(n), right: new Float64Array(n) };
  for (const side of ['left', 'right'] as const) {
    const arr = out[side];
    const list = shapes[side];
    let k = 0;
    for (let i = 0; i < n; i++) {
      const t = i / rate;
      while (k < list.length && list[k]!.t1 <= t) k++;
      let f = offset[side] + drift[side] * t + sd * gauss();
      // Reps of one leg never overlap, but check the next one too (cheap).
      for (let j = k; j < list.length && list[j]!.t0 < t; j++) f += shapeAt(list[j]!, t);
      arr[i] = q > 0 ? Math.round(f / q) * q : f;
    }
  }
  const spikeIndices: Record<LegSide, number[]> = { left: [], right: [] };
  const spikeH = o.spikeHeightN ?? 800;
  for (let k = 0; k < (o.spikes ?? 0); k++) {
    const side: LegSide = rand() < 0.5 ? 'left' : 'right';
    const i = 2 + Math.floor(rand() * (n - 4));
    if (spikeIndices[side].some((j) => Math.abs(j - i) < 3)) continue; // keep them single-sample
    out[side][i] = out[side][i]! + (rand() < 0.75 ? spikeH : -spikeH);
    spikeIndices[side].push(i);
  }
  const missingSamples = { left: 0, right: 0 };
  for (const dr of o.dropouts ?? []) {
    const a = Math.max(0, Math.round(dr.atS * rate));
    const b = Math.min(n, a + Math.max(1, Math.round(dr.durationS * rate)));
    for (let i = a; i < b; i++) {
      if (!Number.isNaN(out[dr.side][i]!)) missingSamples[dr.side]++;
      out[dr.side][i] = NaN;
    }
  }

  const complete = (side: LegSide) => shapes[side].filter((s) => s.t1 <= durationS).map(toTrue);
  const left = complete('left');
  const right = complete('right');
  const windows = iso
    ? [...left, ...right].sort((a, b) => a.startS - b.startS).map((r) => ({ startS: r.startS, endS: r.endS }))
    : (left.length >= right.length ? left : right).map((r, k) => ({
        startS: Math.min(r.startS, left[k]?.startS ?? r.startS),
        endS: Math.max(r.endS, right[k]?.endS ?? r.endS),
      }));
  const dec = (reps: TrueRep[]) => {
    if (reps.length < 2) return null;
    const best = Math.max(...reps.map((r) => r.peakN));
    const sum = reps.reduce((a, r) => a + r.peakN, 0);
    return (1 - sum / (best * reps.length)) * 100;
  };
  return {
    left: out.left,
    right: out.right,
    sampleRateHz: rate,
    testType,
    truth: {
      left,
      right,
      repWindows: windows,
      baselineN: offset,
      driftNPerS: drift,
      decrementPct: { left: dec(left), right: dec(right) },
      incomplete,
      spikeIndices,
      missingSamples,
    },
  };
}
