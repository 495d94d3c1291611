import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteCsvReader } from '#core/csv/byte-csv-reader.ts';
import { parseNumberBytes } from '#core/csv/number-bytes.ts';

const parse = (text: string, decimalComma = false) => {
  const buf = Buffer.from(text, 'utf8');
  return parseNumberBytes(buf, 0, buf.length, decimalComma);
};

/**
 * Digits the fast path holds in its integer mantissa: leading zeros of the integer part are skipped, zeros
 * right after the point are not (`0.0417` counts 4). Past 15 it answers NaN and the caller's Number() decides.
 */
const mantissaDigits = (text: string) => {
  const [int = '', frac = ''] = text.trim().replace(/^[+-]/, '').split(/[.,]/);
  return int.replace(/^0+/, '').length + frac.length;
};

/** A plain decimal with at most 15 digits in the mantissa: optional sign, integer part, optional fraction. */
const plainDecimal = fc
  .record({
    sign: fc.constantFrom('', '-', '+'),
    leadingZeros: fc.integer({ min: 0, max: 3 }),
    digits: fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), minLength: 1, maxLength: 15 }),
    point: fc.nat(),
    withPoint: fc.boolean(),
    spaces: fc.constantFrom('', ' ', '\t', '  '),
  })
  .map(({ sign, leadingZeros, digits, point, withPoint, spaces }) => {
    const at = point % (digits.length + 1);
    const int = '0'.repeat(leadingZeros) + digits.slice(0, at);
    const body = withPoint ? `${int}.${digits.slice(at)}` : digits;
    return { text: `${spaces}${sign}${body}${spaces}`, body };
  })
  .filter(({ body }) => /\d/.test(body));

describe('parseNumberBytes (property)', () => {
  it('equals Number(text) for plain decimals of up to 15 digits', () => {
    fc.assert(
      fc.property(plainDecimal, ({ text }) => {
        const v = parse(text);
        expect(Object.is(v, Number(text))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('with the decimal comma enabled, equals Number() of the text with a point', () => {
    fc.assert(
      fc.property(plainDecimal, ({ text }) => {
        const comma = text.replace('.', ',');
        expect(Object.is(parse(comma, true), Number(text))).toBe(true);
        // a point is still accepted as the decimal separator
        expect(Object.is(parse(text, true), Number(text))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('for doubles printed with up to 15 significant digits: equals Number(text), NaN only when the printed form needs more mantissa digits or an exponent', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 15 }), (d, p) => {
        const text = String(Number(d.toPrecision(p)));
        fc.pre(text !== 'Infinity' && text !== '-Infinity'); // toPrecision can round up past the largest double
        const v = parse(text);
        if (Number.isNaN(v)) expect(/e/i.test(text) || mantissaDigits(text) > 15).toBe(true);
        else expect(Object.is(v, Number(text))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('for force-like values (0.25 N steps from 1 to 2,000 N and their per-rep means) the fast path always answers, exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 8000 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 15 }), (q, n, p) => {
        const text = String(Number(((q * 0.25) / n).toPrecision(p)));
        const v = parse(text);
        expect(Number.isNaN(v)).toBe(false);
        expect(Object.is(v, Number(text))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('for any other string (exponents, text, thousands separators, signs) returns NaN or exactly Number(text)', () => {
    const unit = fc.constantFrom('0', '1', '5', '9', '.', ',', 'e', 'E', '+', '-', ' ', 'x', 'a', '_', "'", '\u00a0');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), (text) => {
        const v = parse(text);
        expect(Number.isNaN(v) || Object.is(v, Number(text))).toBe(true);
        const vc = parse(text, true);
        expect(Number.isNaN(vc) || Object.is(vc, Number(text.replace(',', '.')))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('examples', () => {
    expect(parse('656.75')).toBe(656.75);
    expect(parse('656,75', true)).toBe(656.75);
    expect(parse('656,75')).toBeNaN(); // comma is not a decimal separator by default
    expect(parse('-12')).toBe(-12);
    expect(Object.is(parse('-0'), -0)).toBe(true);
    expect(parse('.5')).toBe(0.5);
    expect(parse('5.')).toBe(5);
    expect(parse('1e3')).toBeNaN();
    expect(parse('1,234')).toBeNaN();
    expect(parse('1,234.5', true)).toBeNaN();
    expect(parse('1.2.3')).toBeNaN();
    expect(parse('')).toBeNaN();
    expect(parse('  ')).toBeNaN();
    expect(parse('-')).toBeNaN();
    expect(parse('.')).toBeNaN();
    expect(parse('abc')).toBeNaN();
    expect(parse('3432.6468750014415')).toBeNaN(); // 17 digits: the caller's Number() rounds it
    expect(parse('999999999999999')).toBe(999999999999999);
    expect(parse('0.000000000000001')).toBe(1e-15);
    // 16 fractional digits (zeros after the point count): left to the caller's Number(), exact.
    expect(parse('0.0000000000000001')).toBeNaN();
    expect(numbersOf('0.0000000000000001,0.00000000000000012')).toEqual([1e-16, 1.2e-16]);
  });

  it('honours start/end offsets inside a larger buffer', () => {
    const buf = Buffer.from('xx,123.5,yy', 'utf8');
    expect(parseNumberBytes(buf, 3, 8, false)).toBe(123.5);
  });
});

/** Reads one CSV line and returns CsvRecord.number() of every field. */
function numbersOf(line: string, delimiter = ',', decimalComma = false): (number | null)[] {
  const out: (number | null)[] = [];
  const reader = new ByteCsvReader(delimiter, (r) => {
    for (let i = 0; i < r.count; i++) out.push(r.number(i));
  }, decimalComma);
  reader.push(Buffer.from(line, 'utf8'));
  reader.end();
  return out;
}

describe('CsvRecord.number()', () => {
  it("equals Number(String(d)) for every finite double (17-digit forms go through the slow path)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 8 }), fc.boolean(), (ds, quote) => {
        const texts = ds.map((d) => String(d));
        const got = numbersOf(texts.map((t) => (quote ? `"${t}"` : t)).join(','));
        expect(got).toHaveLength(ds.length);
        got.forEach((v, i) => expect(Object.is(v, Number(texts[i])), `${texts[i]} → ${v}`).toBe(true));
      }),
      { numRuns: 500 },
    );
  });

  it('with the decimal comma, equals Number() of the point form for every finite double', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 6 }), (ds) => {
        const texts = ds.map((d) => String(d));
        const got = numbersOf(texts.map((t) => `"${t.replace('.', ',')}"`).join(';'), ';', true);
        got.forEach((v, i) => expect(Object.is(v, Number(texts[i])), `${texts[i]} → ${v}`).toBe(true));
      }),
      { numRuns: 300 },
    );
  });

  it('null for empty or blank fields, NaN for text', () => {
    expect(numbersOf('1,, ,"",abc,"1,234"')).toEqual([1, null, null, null, Number.NaN, Number.NaN]);
    expect(numbersOf(' 656.75 ,3432.6468750014415')).toEqual([656.75, 3432.6468750014415]);
  });
});

describe('CsvRecord.isNumber()', () => {
  /** For every field of one CSV line: [isNumber(), number() is finite], for the non-empty fields. */
  function verdicts(line: string, delimiter = ',', decimalComma = false): [boolean, boolean][] {
    const out: [boolean, boolean][] = [];
    const reader = new ByteCsvReader(delimiter, (r) => {
      for (let i = 0; i < r.count; i++) if (!r.isEmpty(i)) out.push([r.isNumber(i), Number.isFinite(r.number(i))]);
    }, decimalComma);
    reader.push(Buffer.from(line, 'utf8'));
    reader.end();
    return out;
  }
  const agree = (pairs: [boolean, boolean][]) => pairs.forEach(([checked, parsed]) => expect(checked).toBe(parsed));

  it('agrees with number() on doubles, text and the forms in between (signs, points, exponents, quotes, blanks)', () => {
    const field = fc.oneof(
      fc.double({ noNaN: true }).map(String),
      fc.stringMatching(/^[ ]?[+-]?\d{0,20}[.,]?\d{0,20}(?:[eE][+-]?\d{1,3})?[ ]?$/),
      fc.string({ maxLength: 12 }).filter((s) => !/[",\n\r]/.test(s)),
    );
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 8 }), fc.boolean(), (fields, quote) => {
        agree(verdicts(fields.map((t) => (quote ? `"${t.replaceAll('"', '""')}"` : t)).join(';'), ';', true));
        agree(verdicts(fields.map((t) => `"${t.replaceAll('"', '""')}"`).join(','), ','));
      }),
      { numRuns: 500 },
    );
  });

  it('a 17-digit decimal is a number, Infinity and hex are not', () => {
    expect(verdicts('-12.984293193717278,1e999,0x10,Infinity,"1""2"')).toEqual([
      [true, true],
      [false, false],
      [false, false],
      [false, false],
      [false, false],
    ]);
  });
});
