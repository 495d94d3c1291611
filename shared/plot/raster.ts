/** Trace plot as PNG: the SVG's layout drawn on a raster canvas, no native dependencies. */
import { Canvas, parseColor } from './canvas.ts';
import { bandStrip, traceLayout, type TraceLayout } from './layout.ts';
import { encodePng } from './png.ts';
import type { TracePlotInput, TracePlotOptions } from './types.ts';

export function renderTracePng(input: TracePlotInput, options: TracePlotOptions = {}): Buffer {
  const canvas = drawTrace(traceLayout(input, options));
  return encodePng(canvas.width, canvas.height, canvas.data);
}

export function drawTrace(L: TraceLayout): Canvas {
  const c = new Canvas(L.width, L.height);
  const { plot } = L;
  const grid = parseColor('#e6e6e6');
  const ink = parseColor('#333333');
  for (const t of L.yTicks) c.fillRect(plot.x0, Math.round(t.px), plot.x1, Math.round(t.px) + 1, grid);
  for (const t of L.xTicks) c.fillRect(Math.round(t.px), plot.y0, Math.round(t.px) + 1, plot.y1, grid);

  c.clip = plot;
  for (const r of L.reps) {
    const col = parseColor(r.color);
    const x1 = Math.max(r.x1, r.x0 + 1);
    c.fillRect(r.x0, plot.y0, x1, plot.y1, col, 0.1);
    // A solid strip per leg at the foot of the band keeps overlapping left/right reps apart.
    const strip = bandStrip(L, r.side);
    c.fillRect(r.x0, strip.y0, x1, strip.y1, col, 0.55);
  }
  for (const s of L.series) {
    const col = parseColor(s.color);
    for (const run of s.runs) {
      if (run.length === 2) c.line(run[0]!, run[1]!, run[0]!, run[1]!, col, 2);
      for (let i = 2; i < run.length; i += 2) c.line(run[i - 2]!, run[i - 1]!, run[i]!, run[i + 1]!, col, 2);
    }
  }
  c.clip = null;

  c.fillRect(plot.x0, plot.y1, plot.x1 + 1, plot.y1 + 1, ink);
  c.fillRect(plot.x0, plot.y0, plot.x0 + 1, plot.y1 + 1, ink);
  for (const t of L.xTicks) {
    c.fillRect(Math.round(t.px), plot.y1, Math.round(t.px) + 1, plot.y1 + 5, ink);
    c.text(t.label, t.px, plot.y1 + 19, ink, 2, 'center');
  }
  for (const t of L.yTicks) {
    c.fillRect(plot.x0 - 5, Math.round(t.px), plot.x0, Math.round(t.px) + 1, ink);
    c.text(t.label, plot.x0 - 8, t.px + 7, ink, 2, 'right');
  }
  c.text('TIME (S)', (plot.x0 + plot.x1) / 2, L.height - 6, ink, 2, 'center');
  c.textUp('FORCE (N)', 10, (plot.y0 + plot.y1) / 2, ink, 2);

  const white = parseColor('#ffffff');
  for (const r of L.reps) {
    const col = parseColor(r.color);
    c.disc(r.peakX, r.peakY, 6, white);
    c.disc(r.peakX, r.peakY, 4.5, col);
    c.text(r.label, r.labelX, r.labelY, col, 2, 'center');
  }

  if (L.title) c.text(L.title, plot.x0, 26, parseColor('#111111'), 2);
  const lx = plot.x1 - 170;
  (['left', 'right'] as const).forEach((side, i) => {
    const x0 = lx + i * 90;
    const col = parseColor(L.colors[side]);
    c.fillRect(x0, 17, x0 + 20, 20, col);
    c.text(side === 'left' ? 'LEFT' : 'RIGHT', x0 + 26, 26, ink, 2);
  });
  return c;
}
