/** Trace plot as SVG: L and R force vs time, rep bands, peak dots with values, axes, legend. */
import { bandStrip, traceLayout, type TraceLayout } from './layout.ts';
import type { TracePlotInput, TracePlotOptions } from './types.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const f = (v: number) => (Math.round(v * 10) / 10).toString();

export function renderTraceSvg(input: TracePlotInput, options: TracePlotOptions = {}): string {
  return svgFromLayout(traceLayout(input, options));
}

export function svgFromLayout(L: TraceLayout): string {
  const { plot } = L;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${L.width}" height="${L.height}" viewBox="0 0 ${L.width} ${L.height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  );
  if (L.title) out.push(`<title>${esc(L.title)}</title>`);
  out.push(`<rect width="${L.width}" height="${L.height}" fill="#ffffff"/>`);
  out.push(`<clipPath id="plot-area"><rect x="${plot.x0}" y="${plot.y0}" width="${plot.x1 - plot.x0}" height="${plot.y1 - plot.y0}"/></clipPath>`);
  // grid
  out.push('<g class="grid" stroke="#e6e6e6" stroke-width="1">');
  for (const t of L.yTicks) out.push(`<line x1="${plot.x0}" x2="${plot.x1}" y1="${f(t.px)}" y2="${f(t.px)}"/>`);
  for (const t of L.xTicks) out.push(`<line x1="${f(t.px)}" x2="${f(t.px)}" y1="${plot.y0}" y2="${plot.y1}"/>`);
  out.push('</g>');
  // rep bands
  out.push('<g class="reps" clip-path="url(#plot-area)">');
  for (const r of L.reps) {
    const w = f(Math.max(1, r.x1 - r.x0));
    const strip = bandStrip(L, r.side);
    out.push(
      `<rect class="rep rep-${r.side}" data-start-s="${r.rep.startS}" data-end-s="${r.rep.endS}" x="${f(r.x0)}" y="${plot.y0}" width="${w}" height="${plot.y1 - plot.y0}" fill="${r.color}" fill-opacity="0.1"/>`,
      `<rect class="rep-strip rep-strip-${r.side}" x="${f(r.x0)}" y="${strip.y0}" width="${w}" height="${strip.y1 - strip.y0}" fill="${r.color}" fill-opacity="0.55"/>`,
    );
  }
  out.push('</g>');
  // traces
  out.push('<g class="traces" fill="none" stroke-width="1.5" stroke-linejoin="round" clip-path="url(#plot-area)">');
  for (const s of L.series) {
    const d = s.runs
      .map((run) => {
        let p = `M${f(run[0]!)} ${f(run[1]!)}`;
        for (let i = 2; i < run.length; i += 2) p += `L${f(run[i]!)} ${f(run[i + 1]!)}`;
        return run.length === 2 ? `${p}h0.5` : p;
      })
      .join('');
    out.push(`<path class="trace trace-${s.side}" stroke="${s.color}" d="${d}"/>`);
  }
  out.push('</g>');
  // axes
  out.push(`<g class="axes" stroke="#333333" stroke-width="1"><line x1="${plot.x0}" x2="${plot.x1}" y1="${plot.y1}" y2="${plot.y1}"/><line x1="${plot.x0}" x2="${plot.x0}" y1="${plot.y0}" y2="${plot.y1}"/>`);
  for (const t of L.xTicks) out.push(`<line x1="${f(t.px)}" x2="${f(t.px)}" y1="${plot.y1}" y2="${plot.y1 + 5}"/>`);
  for (const t of L.yTicks) out.push(`<line x1="${plot.x0 - 5}" x2="${plot.x0}" y1="${f(t.px)}" y2="${f(t.px)}"/>`);
  out.push('</g><g class="tick-labels" fill="#333333">');
  for (const t of L.xTicks) out.push(`<text x="${f(t.px)}" y="${plot.y1 + 18}" text-anchor="middle">${esc(t.label)}</text>`);
  for (const t of L.yTicks) out.push(`<text x="${plot.x0 - 8}" y="${f(t.px + 4)}" text-anchor="end">${esc(t.label)}</text>`);
  out.push(`<text class="axis-label" x="${f((plot.x0 + plot.x1) / 2)}" y="${L.height - 8}" text-anchor="middle">Time (s)</text>`);
  out.push(`<text class="axis-label" transform="translate(16 ${f((plot.y0 + plot.y1) / 2)}) rotate(-90)" text-anchor="middle">Force (N)</text>`);
  out.push('</g>');
  // peaks
  out.push('<g class="peaks">');
  for (const r of L.reps) {
    out.push(
      `<circle class="peak peak-${r.side}" data-peak-s="${r.rep.peakS}" data-peak-n="${r.rep.peakN}" cx="${f(r.peakX)}" cy="${f(r.peakY)}" r="4" fill="${r.color}" stroke="#ffffff" stroke-width="1.5"/>`,
      `<text class="peak-label" x="${f(r.labelX)}" y="${f(r.labelY)}" text-anchor="middle" fill="${r.color}" font-weight="bold">${esc(r.label)}</text>`,
    );
  }
  out.push('</g>');
  // title and legend
  if (L.title) out.push(`<text class="title" x="${plot.x0}" y="22" font-size="15" font-weight="bold" fill="#111111">${esc(L.title)}</text>`);
  const lx = plot.x1 - 150;
  out.push('<g class="legend" font-size="12" fill="#333333">');
  (['left', 'right'] as const).forEach((side, i) => {
    const x0 = lx + i * 75;
    out.push(`<line x1="${x0}" x2="${x0 + 18}" y1="18" y2="18" stroke="${L.colors[side]}" stroke-width="3"/><text x="${x0 + 24}" y="22">${side === 'left' ? 'Left' : 'Right'}</text>`);
  });
  out.push('</g></svg>');
  return out.join('\n');
}
