/**
 * fast-check arbitraries of uploads for fuzzing every parser: CSV exports in their dialects, VALD API JSON,
 * rosters, the three trace formats, then encodings, gzip and truncation on top, and raw bytes. Values lean
 * towards the edges (empty, tiny, huge, text in number cells, quotes, delimiters, line ends, accents).
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';

const weird = fc.oneof(
  fc.constantFrom('', ' ', '"', '""', ',', ';', '\t', '\n', '\r\n', '=cmd|', 'José', 'Ångström', '../x', '%2F', 'null', 'NaN', 'Infinity', '0x10', '1e-320', '1e300', '-0', '١٢'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const number = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 2400 }).map(String) },
  { weight: 3, arbitrary: fc.double({ noNaN: true }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('', '0', '1e-320', '5e-324', '9007199254740993', '1e126', '-3', '2,5', '12.984293193717278', 'abc') },
);
const day = fc.integer({ min: 0, max: 32 });
const date = fc.oneof(
  fc.tuple(day, fc.integer({ min: 0, max: 13 }), fc.constantFrom(1899, 1999, 2000, 2020, 2026, 2099)).map(([d, m, y]) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`),
  fc.date({ min: new Date('1990-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  weird,
);
const time = fc.oneof(fc.constantFrom('6:21 PM', '18:21', '18:21:05', '12:00 AM', '25:00', ''), weird);

const HEADERS = {
  hub: ['Name', 'ExternalId', 'Date UTC', 'Time UTC', 'Device', 'Test', 'L Reps', 'R Reps', 'L Max Force (N)', 'R Max Force (N)', 'Max Imbalance (%)', 'L Calibration (N)', 'L Max Force Per Kg (N/kg)'],
  api: ['profileId', 'testId', 'testDateUtc', 'testTypeName', 'device', 'leftMaxForce', 'rightMaxForce', 'leftRepetitions', 'rightRepetitions', 'leftCalibration'],
  roster: ['athleteId', 'name', 'externalId', 'valdProfileId', 'squad', 'bodyMassKg', 'dateOfBirth', 'injuries'],
};

const cellFor = (header: string): fc.Arbitrary<string> => {
  if (/date/i.test(header) && !/birth/i.test(header)) return date;
  if (/time/i.test(header)) return time;
  if (/force|reps|repetitions|imbalance|calibration|mass|kg/i.test(header)) return number;
  if (/name|athlete|profile|external/i.test(header)) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom('Jane Doe', 'John Roe', 'A1', 'p-1', 'EXT-1') }, { weight: 1, arbitrary: weird });
  if (/test$|testtypename/i.test(header)) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom('Nordic', 'ISO Prone') }, { weight: 1, arbitrary: weird });
  return weird;
};

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** A CSV of one kind: a header (sometimes with a title line above), rows of plausible or weird cells. */
export const csvUpload = fc
  .tuple(
    fc.constantFrom(...(Object.keys(HEADERS) as (keyof typeof HEADERS)[])),
    fc.constantFrom(',', ';', '\t'),
    fc.constantFrom('\n', '\r\n', '\r'),
    fc.boolean(),
    fc.boolean(),
    fc.option(fc.string({ maxLength: 20 }), { nil: null }),
  )
  .chain(([kind, delimiter, eol, quoted, bom, title]) => {
    const header = HEADERS[kind];
    const row = fc.tuple(...header.map(cellFor)).chain((cells) => fc.oneof({ weight: 8, arbitrary: fc.constant<string[]>(cells) }, { weight: 1, arbitrary: fc.subarray(cells) }, { weight: 1, arbitrary: fc.constant<string[]>([...cells, "extra"]) }));
    return fc.array(row, { maxLength: 25 }).map((rows) => {
      const line = (cells: string[]) => cells.map((c) => (quoted || /["\r\n,;\t]/.test(c) ? quote(c) : c)).join(delimiter);
      return (bom ? '\uFEFF' : '') + (title === null ? '' : `${title}${eol}`) + [line(header), ...rows.map(line)].join(eol);
    });
  });

const jsonValue = fc.oneof(number.map(Number), number, weird, fc.constant(null), fc.boolean(), fc.dictionary(fc.string({ maxLength: 4 }), fc.integer()));
/** VALD API rows as JSON, with keys sometimes missing and values of any type. */
export const apiJsonUpload = fc
  .tuple(
    fc.array(fc.dictionary(fc.constantFrom(...HEADERS.api, 'athleteId', 'testType', 'extra'), jsonValue), { maxLength: 20 }),
    fc.constantFrom('tests', 'items', 'data', 'bare', 'other'),
  )
  .map(([rows, wrap]) => JSON.stringify(wrap === 'bare' ? rows : { [wrap]: rows }));

/** The three trace formats with random samples (sometimes out of order, sometimes no numbers). */
export const traceUpload = fc
  .tuple(fc.array(fc.tuple(fc.double({ min: -100, max: 3000, noNaN: true }), fc.double({ min: -100, max: 3000, noNaN: true })), { minLength: 0, maxLength: 400 }), fc.constantFrom(1, 50, 1000, 1e7), fc.constantFrom('hub-csv', 'vald-json', 'eccentric-json', 'eccentric-csv'), fc.boolean())
  .map(([samples, rate, format, shuffle]) => {
    const s = shuffle ? [...samples].reverse() : samples;
    const at = (i: number) => i / rate;
    if (format === 'hub-csv') return ['Seconds,Left Force (N),Right Force (N)', ...s.map(([l, r], i) => `${at(i)},${l},${r}`)].join('\n');
    if (format === 'vald-json') return JSON.stringify({ testId: 't-1', athleteId: 'a-1', testDateUtc: '2026-03-01T09:15:00Z', testTypeName: 'Nordic', forces: s.map(([l, r], i) => ({ ticks: Math.round(at(i) * 1e7), leftForce: l, rightForce: r })) });
    if (format === 'eccentric-json') return JSON.stringify({ format: 'eccentric-trace@1', athleteId: 'jane-doe', testedAt: '2026-03-01T09:15:00Z', testType: 'Nordic', sampleRateHz: rate, left: s.map((x) => x[0]), right: s.map((x) => x[1]) });
    return ['# format: eccentric-trace@1', '# athleteId: jane-doe', '# testedAt: 2026-03-01T09:15:00Z', '# testType: Nordic', `# sampleRateHz: ${rate}`, 'time,left,right', ...s.map(([l, r], i) => `${at(i)},${l},${r}`)].join('\n');
  });

/** Any of the above as bytes, in an encoding, maybe gzipped, maybe cut; or raw bytes. */
export const anyUpload = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: csvUpload }, { weight: 2, arbitrary: apiJsonUpload }, { weight: 2, arbitrary: traceUpload }),
    fc.constantFrom('utf-8', 'utf-8', 'utf-8', 'utf-16le', 'latin1'),
    fc.constantFrom('plain', 'plain', 'gzip', 'gzip-cut', 'cut'),
    fc.integer({ min: 0, max: 1000 }),
  )
  .map(([text, encoding, wrap, cut]) => {
    let bytes = encoding === 'utf-16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : Buffer.from(text, encoding as BufferEncoding);
    if (wrap.startsWith('gzip')) bytes = gzipSync(bytes);
    if (wrap.endsWith('cut')) bytes = bytes.subarray(0, Math.floor((bytes.length * cut) / 1000));
    return bytes;
  });

export const rawBytes = fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a));

/** Hub exports whose rows are mostly valid (a weird cell now and then): most become tests. */
export const plausibleExport = fc
  .array(
    fc.record({
      name: fc.constantFrom('Jane Doe', 'John Roe', 'Ann Poe', 'Zoë Ångström'),
      day: fc.integer({ min: 1, max: 28 }),
      month: fc.integer({ min: 1, max: 12 }),
      year: fc.integer({ min: 2020, max: 2025 }),
      minute: fc.integer({ min: 0, max: 59 }),
      left: fc.integer({ min: 0, max: 8000 }).map((x) => String(x / 4)),
      right: fc.integer({ min: 0, max: 8000 }).map((x) => String(x / 4)),
      reps: fc.integer({ min: 0, max: 5 }).map(String),
      odd: fc.option(fc.tuple(fc.integer({ min: 0, max: 5 }), weird), { freq: 8 }),
    }),
    { minLength: 1, maxLength: 30 },
  )
  .map((rows) => {
    const header = ['Name', 'Date UTC', 'Time UTC', 'Test', 'L Reps', 'R Reps', 'L Max Force (N)', 'R Max Force (N)'];
    const lines = rows.map((r) => {
      const cells = [r.name, `${r.month}/${r.day}/${r.year}`, `6:${String(r.minute).padStart(2, '0')} PM`, 'Nordic', r.reps, r.reps, r.left, r.right];
      if (r.odd) cells[r.odd[0] + 1] = r.odd[1];
      return cells.map(quote).join(',');
    });
    return Buffer.from([header.map(quote).join(','), ...lines].join('\n'));
  });
