/**
 * Geometry shared by the SVG and PNG renderers: plot area, nice ticks, per-leg polylines downsampled to the
 * pixel width with min/max per column (so a one-sample peak survives), rep bands and peak markers.
 */
import { DEFAULT_COLORS, type RepMarker, type TracePlotInput, type TracePlotOptions } from './types.ts';

export type Side = 'left' | 'right';

export interface Tick {
  value: number;
  px: number;
  label: string;
}

export interface SeriesLayout {
  side: Side;
  color: string;
  /** Polyline runs in pixels ([x0, y0, x1, y1, …]); a missing sample (NaN) starts a new run. */
  runs: number[][];
}

export interface RepLayout {
  side: Side;
  color: string;
  rep: RepMarker;
  x0: number;
  x1: number;
  peakX: number;
  peakY: number;
  label: string;
  /** Label centre x and baseline y. */
  labelX: number;
  labelY: number;
}

export interface TraceLayout {
  width: number;
  height: number;
  plot: { x0: number; y0: number; x1: number; y1: number };
  durationS: number;
  yMin: number;
  yMax: number;
  xTicks: Tick[];
  yTicks: Tick[];
  series: SeriesLayout[];
  reps: RepLayout[];
  title: string | null;
  colors: { left: string; right: string };
  x: (s: number) => number;
  y: (n: number) => number;
}

const MARGIN = { left: 64, right: 20, top: 40, bottom: 46 };

export function niceStep(range: number, target: number): number {
  if (!(range > 0)) return 1;
  const raw = range / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
}

function ticks(min: number, max: number, target: number, toPx: (v: number) => number): Tick[] {
  const step = niceStep(max - min, target);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) + (step % 1 !== 0 && String(step).includes('.5') ? 1 : 0);
  const out: Tick[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) {
    const value = Math.abs(v) < step * 1e-9 ? 0 : v;
    out.push({ value, px: toPx(value), label: value.toFixed(Math.min(decimals, 3)) });
  }
  return out;
}

export function traceLayout(input: TracePlotInput, options: TracePlotOptions = {}): TraceLayout {
  const width = Math.max(200, Math.round(options.width ?? 960));
  const height = Math.max(150, Math.round(options.height ?? 420));
  const colors = { left: options.colors?.left ?? DEFAULT_COLORS.left, right: options.colors?.right ?? DEFAULT_COLORS.right };
  const plot = { x0: MARGIN.left, y0: MARGIN.top, x1: width - MARGIN.right, y1: height - MARGIN.bottom };
  const rate = input.sampleRateHz > 0 ? input.sampleRateHz : 1;
  const n = Math.max(input.left.length, input.right.length);
  const durationS = n > 1 ? (n - 1) / rate : 1;

  let lo = 0;
  let hi = 0;
  for (const a of [input.left, input.right]) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (v > hi) hi = v;
      if (v < lo) lo = v;
    }
  }
  for (const r of [...input.reps.left, ...input.reps.right]) if (r.peakN > hi) hi = r.peakN;
  hi = options.yMaxN ?? hi * 1.12;
  if (!(hi > lo)) hi = lo + 100;
  const yStep = niceStep(hi - lo, 6);
  const yMin = Math.floor(lo / yStep) * yStep;
  const yMax = Math.ceil(hi / yStep) * yStep;

  const plotW = plot.x1 - plot.x0;
  const plotH = plot.y1 - plot.y0;
  const x = (s: number) => plot.x0 + (s / durationS) * plotW;
  const y = (v: number) => plot.y1 - ((v - yMin) / (yMax - yMin)) * plotH;

  const series: SeriesLayout[] = (['left', 'right'] as const).map((side) => ({ side, color: colors[side], runs: downsample(input[side], rate, durationS, plot.x0, plotW, y) }));

  const reps: RepLayout[] = [];
  for (const side of ['left', 'right'] as const) {
    for (const rep of input.reps[side]) {
      reps.push({
        side,
        color: colors[side],
        rep,
        x0: clamp(x(rep.startS), plot.x0, plot.x1),
        x1: clamp(x(rep.endS), plot.x0, plot.x1),
        peakX: x(rep.peakS),
        peakY: y(rep.peakN),
        label: `${Math.round(rep.peakN)} N`,
        labelX: 0,
        labelY: 0,
      });
    }
  }
  placeLabels(reps, plot);
  return {
    width,
    height,
    plot,
    durationS,
    yMin,
    yMax,
    xTicks: ticks(0, durationS, Math.max(4, Math.round(plotW / 90)), x),
    yTicks: ticks(yMin, yMax, 6, y),
    series,
    reps,
    title: input.title ?? null,
    colors,
    x,
    y,
  };
}

/**
 * Label positions (centre x, baseline y): above the dot unless that hits another label, a peak dot or the plot edge;
 * then beside it (left leg to the left, right leg to the right), then below, then higher.
 */
function placeLabels(reps: RepLayout[], plot: TraceLayout['plot']): void {
  type Box = { x0: number; x1: number; y0: number; y1: number };
  const taken: Box[] = reps.map((r) => ({ x0: r.peakX - 7, x1: r.peakX + 7, y0: r.peakY - 7, y1: r.peakY + 7 }));
  const order = [...reps].sort((a, b) => a.peakY - b.peakY);
  for (const r of order) {
    const w = r.label.length * LABEL_CHAR_W;
    const side = r.side === 'left' ? -1 : 1;
    const candidates: [number, number][] = [
      [r.peakX, r.peakY - 10],
      [r.peakX + side * (w / 2 + 10), r.peakY + LABEL_H / 2],
      [r.peakX, r.peakY + 24],
      [r.peakX, r.peakY - 28],
      [r.peakX + side * (w / 2 + 10), r.peakY + LABEL_H / 2 + 18],
    ];
    let chosen = candidates[0]!;
    for (const [cx, baseline] of candidates) {
      const box = { x0: cx - w / 2, x1: cx + w / 2, y0: baseline - LABEL_H, y1: baseline };
      if (box.y0 < plot.y0 || box.y1 > plot.y1 || box.x0 < plot.x0 || box.x1 > plot.x1) continue;
      if (taken.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) continue;
      chosen = [cx, baseline];
      break;
    }
    r.labelX = chosen[0];
    r.labelY = chosen[1];
    taken.push({ x0: chosen[0] - w / 2, x1: chosen[0] + w / 2, y0: chosen[1] - LABEL_H, y1: chosen[1] });
  }
}

/** Label metrics that fit both renderers (PNG: 5×7 glyphs at scale 2 = 12 px a character, 14 px high). */
const LABEL_CHAR_W = 12;
const LABEL_H = 15;

const clamp = (v: number, a: number, b: number) => Math.min(b, Math.max(a, v));

/** Every sample when they fit; otherwise min and max per pixel column, in the order they occur. */
function downsample(a: ArrayLike<number>, rate: number, durationS: number, x0: number, plotW: number, y: (v: number) => number): number[][] {
  const n = a.length;
  const runs: number[][] = [];
  let run: number[] = [];
  const flush = () => {
    if (run.length >= 2) runs.push(run);
    run = [];
  };
  if (n <= 2 * plotW) {
    for (let i = 0; i < n; i++) {
      const v = a[i]!;
      if (Number.isNaN(v)) {
        flush();
        continue;
      }
      run.push(x0 + (i / rate / durationS) * plotW, y(v));
    }
    flush();
    return runs;
  }
  const columns = Math.ceil(plotW);
  const perColumn = n / columns;
  for (let c = 0; c < columns; c++) {
    const from = Math.floor(c * perColumn);
    const to = Math.min(n, Math.floor((c + 1) * perColumn));
    let min = Infinity;
    let max = -Infinity;
    let iMin = -1;
    let iMax = -1;
    let gap = false;
    for (let i = from; i < to; i++) {
      const v = a[i]!;
      if (Number.isNaN(v)) {
        gap = true;
        continue;
      }
      if (v < min) {
        min = v;
        iMin = i;
      }
      if (v > max) {
        max = v;
        iMax = i;
      }
    }
    if (gap && iMin < 0) {
      flush();
      continue;
    }
    const px = x0 + ((from + to - 1) / 2 / rate / durationS) * plotW;
    if (iMin <= iMax) run.push(px, y(min), px, y(max));
    else run.push(px, y(max), px, y(min));
    if (gap) flush();
  }
  flush();
  return runs;
}

/** The solid strip marking a leg's rep at the foot of the plot: left above right. */
export function bandStrip(L: Pick<TraceLayout, 'plot'>, side: Side): { y0: number; y1: number } {
  const h = 5;
  return side === 'left' ? { y0: L.plot.y1 - 2 * h, y1: L.plot.y1 - h } : { y0: L.plot.y1 - h, y1: L.plot.y1 };
}
