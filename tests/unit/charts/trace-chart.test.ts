import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { renderChartSvg } from '../../../shared/charts/render-svg.ts';
import { traceChartOption, type TraceChartInput, type TraceRepMark } from '../../../shared/charts/trace-chart.ts';
import { palette } from '../../../shared/charts/palette.ts';

/** Three Nordic-like reps per leg at `rate` Hz with known peaks. */
function threeReps(rate = 50, seconds = 13): TraceChartInput {
  const n = Math.round(rate * seconds);
  const t = Array.from({ length: n }, (_, i) => i / rate);
  const legs = { left: new Array<number>(n).fill(3), right: new Array<number>(n).fill(4) };
  const reps: { left: TraceRepMark[]; right: TraceRepMark[] } = { left: [], right: [] };
  const peaks = { left: [318, 344, 331], right: [296, 310, 304] };
  for (const side of ['left', 'right'] as const) {
    peaks[side].forEach((peakN, k) => {
      const startS = 1 + 4 * k + (side === 'right' ? 0.06 : 0);
      const peakS = startS + 2;
      const endS = peakS + 0.4;
      for (let i = Math.ceil(startS * rate); i <= Math.floor(endS * rate); i++) {
        const x = i / rate;
        legs[side][i] = x <= peakS ? 3 + (peakN - 3) * ((x - startS) / 2) ** 2 : 3 + (peakN - 3) * (1 - (x - peakS) / 0.4);
      }
      legs[side][Math.round(peakS * rate)] = peakN;
      reps[side].push({ startS, endS, peakS: Math.round(peakS * rate) / rate, peakN });
    });
  }
  return { title: 'Jane <Doe> & "Co" · Nordic', left: { t, n: legs.left }, right: { t, n: legs.right }, reps, note: 'rep-detection.threshold-hysteresis@1' };
}

/** A small XML well-formedness check: balanced tags, quoted attributes, no stray `<` or `&`. */
function assertWellFormedXml(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;
  let last = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    expect(xml.slice(last, m.index), `text before ${m[0]}`).not.toMatch(/<|&(?!(amp|lt|gt|quot|apos|#\d+);)/);
    last = m.index + m[0].length;
    if (!m[2]) continue;
    if (m[1]) expect(stack.pop(), `closing ${m[2]}`).toBe(m[2]);
    else if (!m[4]) stack.push(m[2]);
  }
  expect(xml.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
}

const hex = (r: number, g: number, b: number) => `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`.toUpperCase();

describe('trace chart (page and analyze --plot)', () => {
  const input = threeReps();
  const peaks = [...input.reps.left.map((r) => ({ seriesIndex: 0, at: [r.peakS, r.peakN] as [number, number] })), ...input.reps.right.map((r) => ({ seriesIndex: 1, at: [r.peakS, r.peakN] as [number, number] }))];
  const { svg, pixels } = renderChartSvg(traceChartOption(input), { width: 960, height: 420 }, peaks);

  it('is well-formed SVG with the title escaped', () => {
    expect(svg.startsWith('<svg')).toBe(true);
    assertWellFormedXml(svg);
    expect(svg).toContain('Jane &lt;Doe&gt; &amp; &quot;Co&quot;');
  });

  it('shades every detected rep of each leg in its leg colour', () => {
    const shaded = (color: string) => svg.match(new RegExp(`<polygon [^>]*fill="${color}" fill-opacity="0.08"`, 'g')) ?? [];
    expect(shaded(palette.left)).toHaveLength(3);
    expect(shaded(palette.right)).toHaveLength(3);
  });

  it('marks every peak with its value', () => {
    for (const v of [318, 344, 331, 296, 310, 304]) expect(svg).toContain(`>${v} N</text>`);
    expect(svg).toContain('>Time (s)</text>');
    expect(svg).toContain('>Force (N)</text>');
    expect(svg).toContain('rep-detection.threshold-hysteresis@1');
  });

  it('paints each peak marker in its leg colour where the data puts it (PNG through resvg)', () => {
    const image = new Resvg(svg, { font: { loadSystemFonts: true }, background: '#ffffff' }).render();
    expect(image.asPng().subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([image.width, image.height]).toEqual([960, 420]);
    for (const p of pixels) {
      const [x, y] = p.px.map(Math.round) as [number, number];
      const i = (y * image.width + x) * 4;
      const color = hex(image.pixels[i]!, image.pixels[i + 1]!, image.pixels[i + 2]!);
      expect(color, `peak at ${p.at.join(', ')}`).toBe(p.seriesIndex === 0 ? palette.left : palette.right);
    }
  });

  it('draws an empty trace without failing', () => {
    const empty = renderChartSvg(traceChartOption({ left: { t: [], n: [] }, right: { t: [], n: [] }, reps: { left: [], right: [] } }), { width: 400, height: 200 }).svg;
    assertWellFormedXml(empty);
  });
});
