import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteCsvReader } from '#core/csv/byte-csv-reader.ts';

interface Got {
  line: number;
  fields: string[];
  malformed: string | undefined;
}

/** Runs the reader over the chunks; copies each record out of the reused view. */
function read(chunks: Buffer[], delimiter: string): Got[] {
  const out: Got[] = [];
  const reader = new ByteCsvReader(delimiter, (r) => out.push({ line: r.line, fields: r.fields(), malformed: r.malformed }));
  for (const c of chunks) reader.push(c);
  reader.end();
  return out;
}

/**
 * read() with a batch hook, checking the hook's contract on the way: each batch lists, in order, the very
 * records emitted next (the same objects, already filled), no more than 32, and all of them before the next batch.
 */
function readBatched(chunks: Buffer[], delimiter: string): { got: Got[]; batches: number[] } {
  const out: Got[] = [];
  const batches: number[] = [];
  let pending: { record: object; line: number; fields: string[] }[] = [];
  const reader = new ByteCsvReader(
    delimiter,
    (r) => {
      const next = pending.shift();
      expect(next?.record).toBe(r);
      expect({ line: r.line, fields: r.fields() }).toEqual({ line: next!.line, fields: next!.fields });
      out.push({ line: r.line, fields: r.fields(), malformed: r.malformed });
    },
    false,
    1,
    (records, count) => {
      expect(pending).toEqual([]);
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThanOrEqual(32);
      batches.push(count);
      pending = records.slice(0, count).map((r) => ({ record: r, line: r.line, fields: r.fields() }));
    },
  );
  for (const c of chunks) reader.push(c);
  reader.end();
  expect(pending).toEqual([]);
  return { got: out, batches };
}

/** Cuts a buffer at the given (sorted, deduplicated) offsets. */
function cut(buf: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => Math.min(c, buf.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of points) {
    if (p > prev) out.push(buf.subarray(prev, p));
    prev = p;
  }
  if (prev < buf.length) out.push(buf.subarray(prev));
  return out;
}

const bytesOf = (s: string) => Buffer.from(s, 'utf8');

// Units chosen to hit every tokenizer branch: quotes, all three delimiters, CR, LF, spaces, multi-byte UTF-8.
const unit = fc.constantFrom('a', 'b', 'Z', '1', '.', ' ', '"', ',', ';', '\t', '\r', '\n', 'é', '⋅', '😀', 'ß');
const cell = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 5 }) },
);
const row = fc.array(fc.record({ value: cell, quote: fc.boolean() }), { minLength: 1, maxLength: 6 });

const fileFields = {
  rows: fc.array(row, { minLength: 1, maxLength: 8 }),
  delimiter: fc.constantFrom(',', ';', '\t'),
  eol: fc.constantFrom('\n', '\r\n'),
  finalNewline: fc.boolean(),
  cuts: fc.array(fc.nat({ max: 400 }), { maxLength: 12 }),
  oneByte: fc.boolean(),
};
const fileArb = fc.record(fileFields);

interface Serialised {
  text: string;
  table: string[][];
  lines: number[];
}

type FileSpec = typeof fileArb extends fc.Arbitrary<infer T> ? T : never;

function serialise(f: FileSpec): Serialised {
  const { rows, delimiter, eol, finalNewline } = f;
  let text = '';
  const lines: number[] = [];
  rows.forEach((cells, r) => {
    lines.push(1 + (text.match(/\n/g)?.length ?? 0));
    const isLast = r === rows.length - 1;
    const fields = cells.map(({ value, quote }, i) => {
      const needs = /["\r\n]/.test(value) || value.includes(delimiter);
      // A lone empty unquoted field as the last record without a line end is no record at all: quote it.
      const lonelyEmptyLast = isLast && !finalNewline && cells.length === 1 && value === '' && i === 0;
      return needs || quote || lonelyEmptyLast ? `"${value.replaceAll('"', '""')}"` : value;
    });
    text += fields.join(delimiter);
    if (!isLast || finalNewline) text += eol;
  });
  return { text, table: rows.map((cells) => cells.map((c) => c.value)), lines };
}

describe('ByteCsvReader round trip (property)', () => {
  it('gives back the table and the physical start line of every record, whatever the chunking', () => {
    fc.assert(
      fc.property(fileArb, (f) => {
        const { text, table, lines } = serialise(f);
        const buf = bytesOf(text);
        const chunks = f.oneByte ? Array.from(buf, (_, i) => buf.subarray(i, i + 1)) : cut(buf, f.cuts);
        const got = read(chunks, f.delimiter);
        // CsvRecord.text() trims (spaces around unquoted numbers are common); compare with the trimmed cells.
        expect(got.map((g) => g.fields)).toEqual(table.map((cells) => cells.map((c) => c.trim())));
        expect(got.map((g) => g.line)).toEqual(lines);
        expect(got.every((g) => g.malformed === undefined)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('whole-buffer and 1-byte chunking give identical records (same fields, same lines)', () => {
    fc.assert(
      fc.property(fileArb, (f) => {
        const buf = bytesOf(serialise(f).text);
        const whole = read([buf], f.delimiter);
        const bytes = read(Array.from(buf, (_, i) => buf.subarray(i, i + 1)), f.delimiter);
        expect(bytes).toEqual(whole);
      }),
      { numRuns: 100 },
    );
  });
});

describe('ByteCsvReader with a batch hook (property)', () => {
  const bigFile = fc.record({ ...fileFields, rows: fc.array(row, { minLength: 1, maxLength: 120 }), cuts: fc.array(fc.nat({ max: 3000 }), { maxLength: 30 }) });
  it('emits the records a plain reader does, each announced in a batch of at most 32 just before it is emitted', () => {
    fc.assert(
      fc.property(bigFile, (f) => {
        const buf = bytesOf(serialise(f).text);
        const chunks = f.oneByte ? Array.from(buf, (_, i) => buf.subarray(i, i + 1)) : cut(buf, f.cuts);
        const { got, batches } = readBatched(chunks, f.delimiter);
        expect(got).toEqual(read([buf], f.delimiter));
        expect(batches.reduce((a, b) => a + b, 0)).toBe(got.length);
      }),
      { numRuns: 150 },
    );
  });

  it('batches a long file in 32s when it comes in one piece', () => {
    const text = Array.from({ length: 100 }, (_, i) => `a${i},b\n`).join('');
    const { got, batches } = readBatched([bytesOf(text)], ',');
    expect(got).toHaveLength(100);
    expect(batches).toEqual([32, 32, 32, 4]);
  });
});

describe('ByteCsvReader unit cases', () => {
  it('keeps quoted delimiters, escaped quotes and embedded newlines, and counts those newlines', () => {
    const got = read([bytesOf('id,note\n1,"a, ""b""\nc"\n2,x\n')], ',');
    expect(got).toEqual([
      { line: 1, fields: ['id', 'note'], malformed: undefined },
      { line: 2, fields: ['1', 'a, "b"\nc'], malformed: undefined },
      { line: 4, fields: ['2', 'x'], malformed: undefined },
    ]);
  });

  it('flags a character after a closing quote ("a"b) on that record only', () => {
    const got = read([bytesOf('"a"b,c\nd,e\n')], ',');
    expect(got).toHaveLength(2);
    expect(got[0]!.line).toBe(1);
    expect(got[0]!.malformed).toMatch(/closing quote/);
    expect(got[0]!.malformed).toMatch(/field 1/);
    expect(got[0]!.fields[1]).toBe('c');
    expect(got[1]).toEqual({ line: 2, fields: ['d', 'e'], malformed: undefined });
  });

  it('names the right field when the malformed one is not the first', () => {
    const got = read([bytesOf('x;"y"z;w')], ';');
    expect(got).toHaveLength(1);
    expect(got[0]!.malformed).toMatch(/field 2/);
    expect(got[0]!.fields).toEqual(['x', 'y', 'w']);
  });

  it('does not lose a record whose quote is never closed: it is emitted at its start line and flagged', () => {
    for (const chunks of [[bytesOf('a,b\n"c,d\ne')], Array.from(bytesOf('a,b\n"c,d\ne'), (b) => Buffer.from([b]))]) {
      const got = read(chunks, ',');
      expect(got).toHaveLength(2);
      expect(got[0]).toEqual({ line: 1, fields: ['a', 'b'], malformed: undefined });
      expect(got[1]!.line).toBe(2);
      expect(got[1]!.malformed).toMatch(/quote/);
      expect(got[1]!.fields[0]).toBe('c,d\ne');
    }
  });

  it('reports blank lines as one empty field and keeps counting lines across them (LF and CRLF)', () => {
    const got = read([bytesOf('a\n\nb\r\n\r\nc')], ',');
    expect(got.map((g) => [g.line, g.fields])).toEqual([
      [1, ['a']],
      [2, ['']],
      [3, ['b']],
      [4, ['']],
      [5, ['c']],
    ]);
  });

  it('a trailing delimiter at the end of input is an empty last field', () => {
    expect(read([bytesOf('a,b,')], ',').map((g) => g.fields)).toEqual([['a', 'b', '']]);
    expect(read([bytesOf('a,b,'), bytesOf('\n')], ',').map((g) => g.fields)).toEqual([['a', 'b', '']]);
  });

  it('a CR at the end of a chunk followed by LF in the next is one line end', () => {
    const got = read([bytesOf('a,b\r'), bytesOf('\nc,d\r'), bytesOf('\n')], ',');
    expect(got.map((g) => [g.line, g.fields])).toEqual([
      [1, ['a', 'b']],
      [2, ['c', 'd']],
    ]);
  });

  it('reads numbers with the decimal comma when asked', () => {
    const values: (number | null)[] = [];
    const reader = new ByteCsvReader(';', (r) => values.push(r.number(0), r.number(1), r.number(2)), true);
    reader.push(bytesOf('"656,75";12;\n'));
    reader.end();
    expect(values).toEqual([656.75, 12, null]);
  });
});

describe('ByteCsvReader.restart', () => {
  it('reads parts of a file one after another as fresh readers would, numbering lines from each part', () => {
    const partA = bytesOf('a,"x\ny"\nb,2\n');
    const partB = bytesOf('c,3\r\nd,"4"\n');
    const got: Got[] = [];
    const reader = new ByteCsvReader(',', (r) => got.push({ line: r.line, fields: r.fields(), malformed: r.malformed }), false, 10);
    reader.push(partA.subarray(0, 5)); // leaves an unfinished record behind: restart must drop nothing of the next part
    reader.push(partA.subarray(5));
    reader.end();
    expect(reader.linesRead).toBe(3);
    reader.restart(40);
    reader.push(partB);
    reader.end();
    expect(reader.linesRead).toBe(2);
    const fresh = (buf: Buffer, first: number) => {
      const out: Got[] = [];
      const r = new ByteCsvReader(',', (rec) => out.push({ line: rec.line, fields: rec.fields(), malformed: rec.malformed }), false, first);
      r.push(buf);
      r.end();
      return out;
    };
    expect(got).toEqual([...fresh(partA, 10), ...fresh(partB, 40)]);
    expect(got.map((g) => g.line)).toEqual([10, 12, 40, 41]);
  });

  it('drops an unfinished record of the previous part', () => {
    const got: string[][] = [];
    const reader = new ByteCsvReader(',', (r) => got.push(r.fields()));
    reader.push(bytesOf('a,1\nb,'));
    reader.restart();
    reader.push(bytesOf('c,3\n'));
    reader.end();
    expect(got).toEqual([['a', '1'], ['c', '3']]);
  });
});
