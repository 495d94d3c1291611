/**
 * Streamed samples as a list of Float64 chunks, joined once at the end into exact-length columns.
 *
 * Why not one array grown by doubling: every doubling copies all samples so far and leaves the old buffer to the
 * GC; for a 600,000-row trace that is ~50 MB of short-lived ArrayBuffers, enough external-memory pressure to
 * force a full mark-compact in the middle of a parse (tens of ms). Chunks are written once and copied once.
 */
const FIRST_CHUNK = 4_096; // a 50 Hz NordBord test (~2,200 rows) fits in the first chunk
const MAX_CHUNK = 65_536;

export interface Columns {
  time: Float64Array;
  left: Float64Array;
  right: Float64Array;
}

export class SampleColumns {
  /** The chunk being filled, and how many of its slots are used. */
  time = new Float64Array(FIRST_CHUNK);
  left = new Float64Array(FIRST_CHUNK);
  right = new Float64Array(FIRST_CHUNK);
  used = 0;
  /** Samples in all chunks. */
  n = 0;
  private readonly full: Columns[] = [];

  push(t: number, l: number, r: number): void {
    const i = this.used;
    if (i === this.time.length) return this.pushNewChunk(t, l, r);
    this.time[i] = t;
    this.left[i] = l;
    this.right[i] = r;
    this.used = i + 1;
    this.n++;
  }

  private pushNewChunk(t: number, l: number, r: number): void {
    this.full.push({ time: this.time, left: this.left, right: this.right });
    const size = Math.min(MAX_CHUNK, this.n); // geometric up to MAX_CHUNK: small files stay small
    this.time = new Float64Array(size);
    this.left = new Float64Array(size);
    this.right = new Float64Array(size);
    this.used = 0;
    this.push(t, l, r);
  }

  /** Exact-length columns of all samples (the chunk list is released). */
  columns(): Columns {
    const n = this.n;
    if (this.full.length === 0) return { time: this.time.slice(0, n), left: this.left.slice(0, n), right: this.right.slice(0, n) };
    const out = { time: new Float64Array(n), left: new Float64Array(n), right: new Float64Array(n) };
    let at = 0;
    for (const c of this.full) {
      out.time.set(c.time, at);
      out.left.set(c.left, at);
      out.right.set(c.right, at);
      at += c.time.length;
    }
    const u = this.used;
    out.time.set(this.time.subarray(0, u), at);
    out.left.set(this.left.subarray(0, u), at);
    out.right.set(this.right.subarray(0, u), at);
    this.full.length = 0;
    return out;
  }
}
