import fc from 'fast-check';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyzeUpload } from '#core/analyze/analyze-upload.ts';
import { FileFault, SourceReadError } from '#core/analyze/file-fault.ts';
import { decodeText, firstInvalidUtf8, TextDecoding } from '#core/analyze/text-decoding.ts';
import type { TestRecord } from '#core/model/test-record.ts';

const HEADER = 'Name,Date UTC,Time UTC,L Max Force (N),R Max Force (N)';
const names = ['José Müller', 'Zoë Ångström', 'François Lefèvre', 'Nuño Peña'];
const text = [HEADER, ...names.map((n, i) => `${n},1${i + 3}/01/2026,6:2${i} PM,40${i},38${i}`)].join('\r\n');

/** A file's bytes in chunks of `size`, as a stream delivers them. */
const chunked = (bytes: Buffer, size: number) => Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)));

async function analyze(bytes: Buffer, size = 7) {
  const tests: TestRecord[] = [];
  const result = await analyzeUpload(chunked(bytes, size), { file: 'names.csv' }, { test: (t) => tests.push(t) });
  return { ...result, tests };
}

/** Windows-1252 bytes of a text whose characters all exist there. */
const cp1252 = (s: string) => Buffer.from([...s].map((c) => ({ '€': 0x80, '’': 0x92, 'Œ': 0x8c })[c] ?? c.charCodeAt(0)));
const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();

describe('encodings', () => {
  it('reads UTF-8, UTF-16 LE/BE (with a BOM or by their NUL pattern) and Windows-1252 to the same names, and says which', async () => {
    const cases: [string, Buffer, string, boolean][] = [
      ['utf-8', Buffer.from(text), 'utf-8', false],
      ['utf-16le BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'utf-16le', true],
      ['utf-16be BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]), 'utf-16be', true],
      ['utf-16le', Buffer.from(text, 'utf16le'), 'utf-16le', false],
      ['utf-16be', utf16be(text), 'utf-16be', false],
      ['windows-1252', cp1252(text), 'windows-1252', false],
    ];
    for (const [label, bytes, encoding, bom] of cases) {
      for (const size of [1, 3, 4096]) {
        const r = await analyze(bytes, size);
        expect(r.rejected, `${label} / ${size}`).toEqual([]);
        expect(r.tests.map((t) => t.athleteName), `${label} / ${size}`).toEqual(names);
        expect(r.summary.format.encoding, label).toBe(encoding);
        expect(r.summary.format.bom, label).toBe(bom);
      }
    }
  });

  it('Windows-1252 whose first accent comes megabytes in (after ASCII only) is still decoded throughout', async () => {
    const ascii = Array.from({ length: 30_000 }, (_, i) => `Athlete ${i},13/01/2026,6:21 PM,400,380`);
    const bytes = Buffer.concat([Buffer.from([HEADER, ...ascii, ''].join('\n')), cp1252('Renée Œuvre’s,14/01/2026,6:22 PM,410,390\n')]);
    const r = await analyze(bytes, 65_536);
    expect(r.summary.format.encoding).toBe('windows-1252');
    expect(r.tests.at(-1)!.athleteName).toBe('Renée Œuvre’s');
    expect(r.tests).toHaveLength(30_001);
  });

  it('UTF-8 then bytes that are not: a file-level rejection naming the byte, the rows before it kept', async () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\nJosé Müller,13/01/2026,6:21 PM,400,380\nAnn Poe,14/01/2026,6:22 PM,400,380\n`), cp1252('Renée,15/01/2026,6:23 PM,400,380\n')]);
    const r = await analyze(bytes);
    expect(r.refused).toBe(true);
    expect(r.tests.map((t) => t.athleteName)).toEqual(['José Müller', 'Ann Poe']);
    expect(r.rejected).toMatchObject([{ line: 0, code: 'mixed-encoding', reason: expect.stringMatching(/byte \d+ \(0xE9\) is not UTF-8.*mixes encodings.*2 rows read before it are kept/) }]);
  });

  it('names files renamed to .csv (ZIP/XLSX, PNG, PDF, UTF-32) instead of calling them binary', async () => {
    const files: [number[], RegExp][] = [
      [[0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0], /ZIP archive \(an Excel \.xlsx/],
      [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], /PNG image/],
      [[...Buffer.from('%PDF-1.7\n')], /PDF document/],
      [[0xff, 0xfe, 0, 0, 0x4e, 0, 0, 0], /UTF-32 text/],
    ];
    for (const [bytes, reason] of files) {
      const r = await analyze(Buffer.concat([Buffer.from(bytes), Buffer.alloc(2000, 7)]));
      expect(r.refused).toBe(true);
      expect(r.summary.kind).toBe('unsupported');
      expect(r.rejected).toMatchObject([{ line: 0, code: 'not-text', reason: expect.stringMatching(reason) }]);
    }
  });

  it('passes any UTF-8 through unchanged, whatever the chunking (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 1, max: 17 }), (s, size) => {
        const bytes = Buffer.from(`a,b\n${s}`);
        const decoding = new TextDecoding();
        const out: Buffer[] = [];
        for (let i = 0; i < bytes.length; i += size) decoding.push(bytes.subarray(i, i + size), (b) => out.push(Buffer.from(b)));
        decoding.end((b) => out.push(Buffer.from(b)));
        expect(Buffer.concat(out).toString('utf8')).toBe(`a,b\n${s}`);
        expect(decoding.encoding).toBe('utf-8');
      }),
    );
  });

  it('firstInvalidUtf8 finds the first byte that is not UTF-8', () => {
    expect(firstInvalidUtf8(Buffer.from('abc'))).toBe(3);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc3, 0xa9, 0xe9, 0x61]))).toBe(3);
    expect(firstInvalidUtf8(Buffer.from([0xe2, 0x8b]))).toBe(0);
  });
});

describe('broken streams are file-level rejections, never crashes', () => {
  const rows = Array.from({ length: 5000 }, (_, i) => `Athlete ${i % 50},${(i % 28) + 1}/01/2026,${(i % 12) + 1}:${String(i % 60).padStart(2, '0')} PM,${300 + (i % 97)},${310 + (i % 89)}`);
  const csv = Buffer.from([HEADER, ...rows].join('\n'));

  it('a truncated gzip: the rows decompressed before the cut are kept and counted in the reason', async () => {
    const gz = gzipSync(csv);
    const r = await analyze(gz.subarray(0, Math.floor(gz.length * 0.6)), 1000);
    expect(r.refused).toBe(true);
    expect(r.summary.kind).toBe('vald-hub-results');
    expect(r.rejected.at(-1)).toMatchObject({ line: 0, code: 'broken-gzip', reason: expect.stringMatching(/cut short or damaged.*the [\d,]+ rows read before it are kept/) });
    expect(r.tests.length).toBeGreaterThan(100);
    expect(r.tests.length).toBeLessThan(rows.length);
    const kept = Number(/the ([\d,]+) rows/.exec(r.rejected.at(-1)!.reason)![1]!.replace(/,/g, ''));
    expect(kept).toBe(r.summary.rows);
  });

  it('damaged gzip data and a gzip cut inside its header', async () => {
    const gz = Buffer.from(gzipSync(csv));
    gz.fill(0x55, 40, 80);
    expect((await analyze(gz, 500)).rejected.at(-1)).toMatchObject({ line: 0, code: 'broken-gzip' });
    expect((await analyze(gzipSync(csv).subarray(0, 5))).rejected).toMatchObject([{ line: 0, code: 'broken-gzip' }]);
  });

  it('an unclosed quote that makes a record longer than 4 MB: the rows before it are kept', async () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\n${rows.slice(0, 10).join('\n')}\n"Unclosed,13/01/2026,6:21 PM,400,380\n`), Buffer.alloc(5 * 1024 * 1024, 'x')]);
    const r = await analyze(bytes, 1 << 20);
    expect(r.refused).toBe(true);
    expect(r.tests).toHaveLength(10);
    expect(r.rejected.at(-1)).toMatchObject({ line: 0, code: 'record-too-large', reason: expect.stringMatching(/line 12: a record longer than 4 MB.*10 rows read before it are kept/) });
  });

  it('a gzip bomb is refused once it expands 200-fold past 64 MB, without reading it to its end', async () => {
    const bomb = gzipSync(Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.alloc(80 * 1024 * 1024, '\n')]));
    expect(bomb.length).toBeLessThan(256 * 1024);
    const started = performance.now();
    const r = await analyze(bomb, 1 << 16);
    expect(r.rejected.at(-1)).toMatchObject({ line: 0, code: 'gzip-bomb', reason: expect.stringMatching(/expands more than 200 times/) });
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it('an error of the stream itself (storage) is thrown, not turned into a rejection', async () => {
    async function* dropped() {
      yield Buffer.from(`${HEADER}\n${rows.slice(0, 10).join('\n')}\n`);
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    }
    await expect(analyzeUpload(dropped(), { file: 'x.csv' }, {})).rejects.toThrow(SourceReadError);
    async function* droppedGzip() {
      yield gzipSync(csv).subarray(0, 2000);
      throw new Error('socket hang up');
    }
    await expect(analyzeUpload(droppedGzip(), { file: 'x.csv.gz' }, {})).rejects.toThrow(/socket hang up/);
  });

  it('decodeText hands FileFaults on as they are', async () => {
    const it = decodeText(Readable.from([Buffer.from([0x50, 0x4b, 0x03, 0x04])]), new TextDecoding());
    await expect((async () => { for await (const _ of it); })()).rejects.toBeInstanceOf(FileFault);
  });
});
