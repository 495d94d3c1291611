import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFileThreaded, MIN_THREADED_BYTES } from '#core/analyze/analyze-file.ts';
import { BLOCK_BYTES } from '#core/analyze/mapped-rows.ts';
import { analyzeStream, type AnalyzeOptions, type AnalyzeResult } from '#core/analyze/analyzer.ts';
import { JsonArrayWriter, serializeTest } from '#core/output/json-test-writer.ts';
import type { TestRecord } from '#core/model/test-record.ts';
import { hubExportCsv } from '#core/synthetic/hub-export.ts';

const HEADER =
  '\uFEFF"Name","ExternalId","Date UTC","Time UTC","Device","Test","L Reps","R Reps","L Max Force (N)","R Max Force (N)",' +
  '"Max Imbalance (%)","L Max Torque (Nm)","R Max Torque (Nm)","L Avg Force (N)","R Avg Force (N)","L Max Impulse (Ns)","R Max Impulse (Ns)"';

/** A deterministic export of `rows` rows with the oddities the threaded path must hand over in order. */
function exportText(rows: number, { ambiguousDates = false, crlf = false } = {}): string {
  let seed = 7;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const day = ambiguousDates ? 1 + rand(12) : 1 + rand(28);
    const date = `${String(1 + rand(12)).padStart(2, '0')}/${String(day).padStart(2, '0')}/2025`;
    const left = (100 + rand(4000) * 0.25).toString();
    const right = (100 + rand(4000) * 0.25).toString();
    const name = i === 40 ? 'Quoted\nNewline' : `Athlete ${String(rand(3000)).padStart(4, '0')}`;
    const cells = [name, i % 97 === 0 ? `EXT-${rand(50)}` : '', date, `${1 + rand(12)}:${String(rand(60)).padStart(2, '0')} PM`, `NordBord-${rand(3)}`,
      rand(50) === 0 ? 'ISO Prone' : 'Nordic', `${rand(4)}`, `${rand(4)}`, left, right, '-12.984293193717278', '0', `${rand(3) * 40.5}`, left, right, '1000.14', ''];
    if (i % 1000 === 500) cells[8] = 'abc';
    if (i % 1000 === 600) cells[6] = '2.5';
    if (i % 1000 === 700) cells.splice(6, 4, '0', '0', '0', '0');
    lines.push(cells.map((c) => `"${c}"`).join(','));
    if (i % 5000 === 10) lines.push('');
    if (i % 5000 === 20) lines.push('"Bad "quote","","01/02/2025","1:00 PM","NordBord-1","Nordic","1","1","100","100","","0","0","100","100","",""');
    if (i % 4000 === 30) lines.push(lines[lines.length - 1]!); // an exact repeat
  }
  return lines.join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n');
}

async function streamed(text: string, options: AnalyzeOptions) {
  const tests: TestRecord[] = [];
  const bytes = Buffer.from(text);
  const chunks = Array.from({ length: Math.ceil(bytes.length / (1 << 20)) }, (_, i) => bytes.subarray(i << 20, (i + 1) << 20));
  const result = await analyzeStream(Readable.from(chunks), options, { test: (t) => tests.push(t) });
  let json = '';
  const writer = new JsonArrayWriter<TestRecord>((t) => (json += t), serializeTest);
  for (const t of tests) writer.add(t);
  writer.flush();
  return { result, json };
}

/** A result as text, its latest tests (lazy on the streaming path) included. */
const plain = (r: AnalyzeResult | null) => JSON.stringify(r && { ...r, latest: [...r.latest] });

const dir = mkdtempSync(join(tmpdir(), 'eccentric-threaded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('analyzeFileThreaded', () => {
  for (const [label, text, options] of [
    ['dates decided by values', exportText(250_000), {}],
    ['all dates ambiguous (decided at the end by the team setting), CRLF', exportText(250_000, { ambiguousDates: true, crlf: true }), { dateOrder: 'MDY' as const }],
  ] as const) {
    it(`gives the streaming path's result and JSON text: ${label}`, async () => {
      expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(MIN_THREADED_BYTES);
      const file = join(dir, 'export.csv');
      writeFileSync(file, text);
      const opts = { file: 'export.csv', ...options };
      const expected = await streamed(text, opts);
      let json = '';
      const writer = new JsonArrayWriter<TestRecord>((t) => (json += t), serializeTest);
      const result = await analyzeFileThreaded(file, opts, { json: (piece) => writer.addSerialized(piece) });
      writer.flush();
      expect(result).not.toBeNull();
      expect(plain(result)).toBe(plain(expected.result));
      expect(json).toBe(expected.json);
      expect(result!.rejected.map((r) => r.code)).toEqual(expect.arrayContaining(['malformed-csv', 'not-a-number', 'bad-reps', 'no-reps']));
      // The summary alone: blocks mapped on this thread and a worker, lines numbered across blocks.
      const summary = await analyzeFileThreaded(file, opts, {});
      expect(summary).not.toBeNull();
      expect(plain(summary)).toBe(plain(expected.result));
    }, 60_000);
  }

  it('decodes and breaks off like the streaming path: Windows-1252 late in the file, mixed encodings, a record past 4 MB', async () => {
    const ascii = Buffer.from(exportText(250_000).replace(/^\uFEFF/, ''));
    expect(ascii.length).toBeGreaterThanOrEqual(MIN_THREADED_BYTES);
    const at = ascii.indexOf(0x0a, Math.floor(ascii.length * 0.8)) + 1;
    const row = (name: Buffer) => Buffer.concat([Buffer.from('"'), name, Buffer.from('","","01/02/2025","1:00 PM","NordBord-1","Nordic","1","1","100","100","","0","0","100","100","",""\n')]);
    const cases: [string, Buffer, string][] = [
      ['windows-1252', Buffer.concat([ascii.subarray(0, at), row(Buffer.from([0x52, 0x65, 0x6e, 0xe9, 0x65])), ascii.subarray(at)]), 'windows-1252'],
      ['mixed', Buffer.concat([ascii.subarray(0, at), row(Buffer.from('Zoë')), row(Buffer.from([0xe9])), ascii.subarray(at)]), 'mixed-encoding'],
      ['record past 4 MB', Buffer.concat([ascii.subarray(0, at), Buffer.from('"Unclosed'), Buffer.alloc(5 << 20, 0x61), Buffer.from('\n'), ascii.subarray(at)]), 'record-too-large'],
    ];
    for (const [label, bytes, expected] of cases) {
      const file = join(dir, `${label}.csv`);
      writeFileSync(file, bytes);
      const opts = { file: 'export.csv' };
      const tests: TestRecord[] = [];
      const stream = await analyzeStream(Readable.from([bytes.subarray(0, 1 << 20), bytes.subarray(1 << 20)]), opts, { test: (t) => tests.push(t) });
      let json = '';
      const writer = new JsonArrayWriter<TestRecord>((t) => (json += t), serializeTest);
      const threaded = await analyzeFileThreaded(file, opts, { json: (piece) => writer.addSerialized(piece) });
      writer.flush();
      let expectedJson = '';
      const expectedWriter = new JsonArrayWriter<TestRecord>((t) => (expectedJson += t), serializeTest);
      for (const t of tests) expectedWriter.add(t);
      expectedWriter.flush();
      expect(threaded, label).not.toBeNull();
      expect(plain(threaded), label).toBe(plain(stream));
      expect(json === expectedJson, label).toBe(true);
      if (expected === 'windows-1252') expect(stream.summary.format.encoding).toBe('windows-1252');
      else expect(stream.rejected.at(-1)!.code, label).toBe(expected);
      // The summary alone reads blocks on two threads: any of these sends the file to the streaming path.
      expect(await analyzeFileThreaded(file, opts, {}), label).toBeNull();
    }
  }, 120_000);

  it('answers null for small files, and for the summary when a block boundary falls in a quoted field (the streaming path then runs)', async () => {
    const small = join(dir, 'small.csv');
    writeFileSync(small, exportText(100));
    expect(await analyzeFileThreaded(small, { file: 'small.csv' }, { json: () => {} })).toBeNull();
    // Over 32 MB but wide rows (the real 72 columns): fewer than MIN_THREADED_ROWS, where two threads gain little.
    const wide = join(dir, 'wide.csv');
    writeFileSync(wide, hubExportCsv({ athletes: 300, tests: 60_000, seed: 5, startDate: new Date('2020-01-06'), template: 'full' }));
    expect(statSync(wide).size).toBeGreaterThanOrEqual(MIN_THREADED_BYTES);
    expect(await analyzeFileThreaded(wide, { file: 'wide.csv' }, {})).toBeNull();
    expect(await analyzeFileThreaded(wide, { file: 'wide.csv' }, { json: () => {} })).toBeNull();
    // A record whose quoted name holds line ends across the first block boundary (BOM: 3 bytes).
    const bytes = Buffer.from(exportText(250_000));
    const cut = bytes.lastIndexOf(0x0a, 3 + BLOCK_BYTES) + 1;
    const straddling = Buffer.from(`"Multi${'line\n'.repeat(2000)}","","01/02/2025","1:00 PM","NordBord-1","Nordic","1","1","100","100","","0","0","100","100","",""\n`);
    const large = join(dir, 'straddle.csv');
    writeFileSync(large, Buffer.concat([bytes.subarray(0, cut), straddling, bytes.subarray(cut)]));
    expect(await analyzeFileThreaded(large, { file: 'straddle.csv' }, {})).toBeNull();
  }, 30_000);
});
