/** A small RGB raster canvas: alpha-blended rectangles, thick lines, discs and 5×7 bitmap text. */
import { glyph, GLYPH_H, GLYPH_W, textWidth } from './font5x7.ts';

export type Rgb = [number, number, number];

export function parseColor(hex: string): Rgb {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h.padEnd(6, '0');
  return [parseInt(full.slice(0, 2), 16) || 0, parseInt(full.slice(2, 4), 16) || 0, parseInt(full.slice(4, 6), 16) || 0];
}

export class Canvas {
  readonly width: number;
  readonly height: number;
  /** RGB, 3 bytes a pixel, rows top to bottom. */
  readonly data: Uint8Array;
  clip: { x0: number; y0: number; x1: number; y1: number } | null = null;

  constructor(width: number, height: number, background: Rgb = [255, 255, 255]) {
    this.width = width;
    this.height = height;
    this.data = new Uint8Array(width * height * 3);
    for (let i = 0; i < this.data.length; i += 3) {
      this.data[i] = background[0];
      this.data[i + 1] = background[1];
      this.data[i + 2] = background[2];
    }
  }

  /** Blends one pixel (integer coordinates) with coverage alpha 0–1. */
  blend(x: number, y: number, c: Rgb, alpha = 1): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const k = this.clip;
    if (k && (x < k.x0 || x >= k.x1 || y < k.y0 || y >= k.y1)) return;
    const i = (y * this.width + x) * 3;
    const d = this.data;
    if (alpha >= 1) {
      d[i] = c[0];
      d[i + 1] = c[1];
      d[i + 2] = c[2];
      return;
    }
    d[i] = Math.round(d[i]! + (c[0] - d[i]!) * alpha);
    d[i + 1] = Math.round(d[i + 1]! + (c[1] - d[i + 1]!) * alpha);
    d[i + 2] = Math.round(d[i + 2]! + (c[2] - d[i + 2]!) * alpha);
  }

  pixel(x: number, y: number): Rgb {
    const i = (y * this.width + x) * 3;
    return [this.data[i]!, this.data[i + 1]!, this.data[i + 2]!];
  }

  fillRect(x0: number, y0: number, x1: number, y1: number, c: Rgb, alpha = 1): void {
    const xa = Math.max(0, Math.round(Math.min(x0, x1)));
    const xb = Math.min(this.width, Math.round(Math.max(x0, x1)));
    const ya = Math.max(0, Math.round(Math.min(y0, y1)));
    const yb = Math.min(this.height, Math.round(Math.max(y0, y1)));
    for (let y = ya; y < yb; y++) for (let x = xa; x < xb; x++) this.blend(x, y, c, alpha);
  }

  /** A line of the given width: a square brush stepped along the longer axis (no gaps, no double blending for opaque ink). */
  line(x0: number, y0: number, x1: number, y1: number, c: Rgb, width = 1): void {
    const dx = x1 - x0;
    const dy = y1 - y0;
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(dx), Math.abs(dy))));
    const r = (width - 1) / 2;
    for (let s = 0; s <= steps; s++) {
      const x = x0 + (dx * s) / steps;
      const y = y0 + (dy * s) / steps;
      const xa = Math.round(x - r);
      const ya = Math.round(y - r);
      const w = Math.max(1, Math.round(width));
      for (let yy = ya; yy < ya + w; yy++) for (let xx = xa; xx < xa + w; xx++) this.blend(xx, yy, c);
    }
  }

  disc(cx: number, cy: number, radius: number, c: Rgb): void {
    const r2 = radius * radius;
    for (let y = Math.floor(cy - radius); y <= Math.ceil(cy + radius); y++) {
      for (let x = Math.floor(cx - radius); x <= Math.ceil(cx + radius); x++) {
        const ddx = x + 0.5 - cx - 0.5;
        const ddy = y + 0.5 - cy - 0.5;
        const d2 = ddx * ddx + ddy * ddy;
        if (d2 <= r2) this.blend(x, y, c);
        else if (d2 <= (radius + 1) * (radius + 1)) this.blend(x, y, c, Math.max(0, radius + 1 - Math.sqrt(d2)));
      }
    }
  }

  /** Text with its baseline-left at (x, y); `align` moves the anchor. Scale multiplies the 5×7 glyphs. */
  text(text: string, x: number, y: number, c: Rgb, scale = 1, align: 'left' | 'center' | 'right' = 'left'): void {
    const w = textWidth(text, scale);
    const left = Math.round(align === 'center' ? x - w / 2 : align === 'right' ? x - w : x);
    const top = Math.round(y - GLYPH_H * scale);
    this.eachTextPixel(text, scale, (along, across) => this.blend(left + along, top + across, c));
  }

  /** Vertical text reading bottom to top, centred on (x, y). */
  textUp(text: string, x: number, y: number, c: Rgb, scale = 1): void {
    const bottom = Math.round(y + textWidth(text, scale) / 2);
    const left = Math.round(x - (GLYPH_H * scale) / 2);
    this.eachTextPixel(text, scale, (along, across) => this.blend(left + across, bottom - along, c));
  }

  /** Each lit pixel of `text` at `scale`: `along` from the start of the text, `across` from the glyphs' top. */
  private eachTextPixel(text: string, scale: number, dot: (along: number, across: number) => void): void {
    let start = 0;
    for (const ch of text) {
      const rows = glyph(ch);
      for (let row = 0; row < GLYPH_H; row++) {
        const bits = rows[row]!;
        for (let col = 0; col < GLYPH_W; col++) {
          if (!(bits & (1 << (GLYPH_W - 1 - col)))) continue;
          for (let a = 0; a < scale; a++) for (let b = 0; b < scale; b++) dot(start + col * scale + a, row * scale + b);
        }
      }
      start += (GLYPH_W + 1) * scale;
    }
  }
}
