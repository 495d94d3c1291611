import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COLORS, renderTracePng, renderTraceSvg, traceLayout, type RepMarker, type TracePlotInput } from '../../../shared/plot/index.ts';

/** Three Nordic-like reps per leg at `rate` Hz, with known peaks. */
function threeReps(rate = 50, seconds = 13): TracePlotInput {
  const n = Math.round(rate * seconds);
  const left = new Float64Array(n).fill(3);
  const right = new Float64Array(n).fill(4);
  const reps: { left: RepMarker[]; right: RepMarker[] } = { left: [], right: [] };
  const peaks = { left: [318, 344, 331], right: [296, 310, 304] };
  for (const side of ['left', 'right'] as const) {
    const a = side === 'left' ? left : right;
    peaks[side].forEach((peakN, k) => {
      const startS = 1 + 4 * k + (side === 'right' ? 0.06 : 0);
      const peakS = startS + 2;
      const endS = peakS + 0.4;
      for (let i = Math.ceil(startS * rate); i <= Math.floor(endS * rate); i++) {
        const t = i / rate;
        a[i] = t <= peakS ? 3 + (peakN - 3) * ((t - startS) / 2) ** 2 : 3 + (peakN - 3) * (1 - (t - peakS) / 0.4);
      }
      a[Math.round(peakS * rate)] = peakN;
      reps[side].push({ startS, endS, peakS: Math.round(peakS * rate) / rate, peakN });
    });
  }
  return { sampleRateHz: rate, left, right, reps, title: 'Jane <Doe> & "Co" · Nordic' };
}

/** A small XML well-formedness check: balanced tags, quoted attributes, no stray `<` or `&`. */
function assertWellFormedXml(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;
  let last = 0;
  let roots = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const text = xml.slice(last, m.index);
    expect(text, `text before ${m[0]}`).not.toMatch(/<|&(?!(amp|lt|gt|quot|apos|#\d+);)/);
    last = m.index + m[0].length;
    if (!m[2]) continue;
    if (m[1]) expect(stack.pop(), `closing ${m[2]}`).toBe(m[2]);
    else if (!m[4]) {
      if (stack.length === 0) roots++;
      stack.push(m[2]);
    } else if (stack.length === 0) roots++;
  }
  expect(xml.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}

describe('renderTraceSvg', () => {
  const input = threeReps();
  const svg = renderTraceSvg(input, { width: 960, height: 420 });

  it('is well-formed XML with the title escaped', () => {
    assertWellFormedXml(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('Jane &lt;Doe&gt; &amp; &quot;Co&quot;');
  });

  it('shades every rep per leg and marks every peak with a dot and its value', () => {
    expect(svg.match(/<rect class="rep rep-left"/g)).toHaveLength(3);
    expect(svg.match(/<rect class="rep rep-right"/g)).toHaveLength(3);
    expect(svg).toMatch(/class="rep rep-left" data-start-s="1" data-end-s="3.4"/);
    expect(svg.match(/<circle class="peak peak-left"/g)).toHaveLength(3);
    expect(svg.match(/<circle class="peak peak-right"/g)).toHaveLength(3);
    for (const v of [318, 344, 331, 296, 310, 304]) expect(svg).toContain(`>${v} N</text>`);
    expect(svg).toContain(`data-peak-n="344"`);
  });

  it('draws both legs in two colours with a legend and labelled axes', () => {
    expect(svg).toMatch(new RegExp(`class="trace trace-left" stroke="${DEFAULT_COLORS.left}"`));
    expect(svg).toMatch(new RegExp(`class="trace trace-right" stroke="${DEFAULT_COLORS.right}"`));
    expect(svg).toContain('>Left</text>');
    expect(svg).toContain('>Right</text>');
    expect(svg).toContain('>Time (s)</text>');
    expect(svg).toContain('>Force (N)</text>');
    for (const t of ['0', '2', '4', '12', '100', '400']) expect(svg).toContain(`>${t}</text>`);
  });

  it('puts a peak dot where the layout says the peak is', () => {
    const L = traceLayout(input);
    const rep = L.reps.find((r) => r.side === 'left' && r.rep.peakN === 344)!;
    expect(rep.peakX).toBeCloseTo(L.plot.x0 + (7 / L.durationS) * (L.plot.x1 - L.plot.x0), 6);
    expect(svg).toContain(`cx="${Math.round(rep.peakX * 10) / 10}" cy="${Math.round(rep.peakY * 10) / 10}"`);
  });

  it('downsamples a 10-minute 1 kHz trace to min/max per pixel column and keeps a one-sample spike', () => {
    const n = 600_000;
    const left = new Float64Array(n).map((_, i) => 50 + 20 * Math.sin(i / 500));
    const right = new Float64Array(n).fill(40);
    left[123_457] = 900;
    const big = renderTraceSvg({ sampleRateHz: 1000, left, right, reps: { left: [], right: [] } });
    assertWellFormedXml(big);
    const L = traceLayout({ sampleRateHz: 1000, left, right, reps: { left: [], right: [] } });
    const d = /class="trace trace-left"[^>]* d="([^"]+)"/.exec(big)![1]!;
    const points = d.split(/[ML]/).filter(Boolean).map((p) => p.split(' ').map(Number));
    expect(points.length).toBeLessThanOrEqual(2 * Math.ceil(L.plot.x1 - L.plot.x0));
    const topY = Math.min(...points.map((p) => p[1]!));
    expect(topY).toBeCloseTo(L.y(900), 0);
    expect(big.length).toBeLessThan(100_000);
  });

  it('breaks the line at missing samples and survives empty input', () => {
    const left = new Float64Array(100).fill(10);
    left.fill(Number.NaN, 40, 50);
    const s = renderTraceSvg({ sampleRateHz: 50, left, right: new Float64Array(100).fill(5), reps: { left: [], right: [] } });
    expect(/class="trace trace-left"[^>]* d="([^"]+)"/.exec(s)![1]!.match(/M/g)).toHaveLength(2);
    assertWellFormedXml(renderTraceSvg({ sampleRateHz: 50, left: [], right: [], reps: { left: [], right: [] } }));
  });
});

/** Independent CRC-32 (IEEE) to check the encoder's chunk CRCs. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer) => {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

function decodePng(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const chunks: { type: string; data: Buffer }[] = [];
  for (let o = 8; o < png.length; ) {
    const len = png.readUInt32BE(o);
    const type = png.toString('latin1', o + 4, o + 8);
    const data = png.subarray(o + 8, o + 8 + len);
    expect(png.readUInt32BE(o + 8 + len), `CRC of ${type}`).toBe(crc32(png.subarray(o + 4, o + 8 + len)));
    chunks.push({ type, data });
    o += 12 + len;
  }
  expect(chunks[0]!.type).toBe('IHDR');
  expect(chunks.at(-1)!.type).toBe('IEND');
  const ihdr = chunks[0]!.data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  expect([...ihdr.subarray(8)]).toEqual([8, 2, 0, 0, 0]);
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * 3 + 1;
  expect(raw.length).toBe(stride * height);
  for (let y = 0; y < height; y++) expect(raw[y * stride]).toBeLessThanOrEqual(4);
  // Filter type 0 everywhere: the pixels are the raw bytes.
  const pixel = (x: number, y: number) => {
    expect(raw[y * stride]).toBe(0);
    const i = y * stride + 1 + x * 3;
    return `#${[raw[i]!, raw[i + 1]!, raw[i + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  };
  return { width, height, pixel };
}

describe('renderTracePng', () => {
  const input = threeReps();

  it('writes a valid PNG (signature, IHDR, IDAT, IEND, CRCs, dimensions, filter bytes)', () => {
    const png = renderTracePng(input, { width: 800, height: 360 });
    const { width, height } = decodePng(png);
    expect([width, height]).toEqual([800, 360]);
  });

  it('paints each peak dot in its leg colour', () => {
    const png = decodePng(renderTracePng(input));
    const L = traceLayout(input);
    for (const r of L.reps) expect(png.pixel(Math.round(r.peakX), Math.round(r.peakY)), `${r.side} ${r.rep.peakN}`).toBe(r.color);
  });

  it('keeps a one-sample spike in a long 1 kHz trace (min/max downsampling)', () => {
    const n = 120_000;
    const left = new Float64Array(n).fill(20);
    const right = new Float64Array(n).fill(10);
    left[77_777] = 700;
    const spike = { sampleRateHz: 1000, left, right, reps: { left: [], right: [] } };
    const png = decodePng(renderTracePng(spike));
    const L = traceLayout(spike);
    const x = Math.round(L.x(77.777));
    const y = Math.round(L.y(650));
    const near = [-1, 0, 1].map((dx) => png.pixel(x + dx, y));
    expect(near).toContain(DEFAULT_COLORS.left);
  });

  it('shades reps: a pixel inside a left-only part of a band is tinted, outside is white', () => {
    const png = decodePng(renderTracePng(input));
    const L = traceLayout(input);
    const band = L.reps.find((r) => r.side === 'left')!;
    const inside = png.pixel(Math.round(band.x0) + 1, L.plot.y0 + 5);
    const outside = png.pixel(Math.round(L.x(0.5)), L.plot.y0 + 5);
    expect(outside).toBe('#ffffff');
    expect(inside).not.toBe('#ffffff');
    expect(parseInt(inside.slice(5, 7), 16)).toBeGreaterThan(parseInt(inside.slice(1, 3), 16)); // bluish
  });
});
