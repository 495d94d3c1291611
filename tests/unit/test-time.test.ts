import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeOrder,
  orderImpliedBy,
  parseClock,
  parseTestTime,
  resolveTestTime,
  type DateOrder,
  type ParsedTime,
  type TimeParseResult,
} from '#core/dates/test-time.ts';

function ok(r: TimeParseResult): ParsedTime {
  if (r.kind === 'error') throw new Error(`unexpected error: ${r.reason}`);
  return r;
}
const iso = (r: TimeParseResult, order: DateOrder = 'MDY') => new Date(resolveTestTime(ok(r), order) as number).toISOString();

describe('ISO 8601 test times', () => {
  it.each([
    ['2025-01-10T12:14:33.835Z', '2025-01-10T12:14:33.835Z'],
    ['2025-01-10T12:14:33Z', '2025-01-10T12:14:33.000Z'],
    ['2025-01-10T12:14Z', '2025-01-10T12:14:00.000Z'],
    ['2025-01-10 12:14:33', '2025-01-10T12:14:33.000Z'], // no zone: UTC (exports are UTC)
    ['2025-01-10T12:14:33.8Z', '2025-01-10T12:14:33.800Z'],
    ['2025-01-10T12:14:33.123456789Z', '2025-01-10T12:14:33.123Z'],
    ['2025-01-10T12:14:33.835+02:00', '2025-01-10T10:14:33.835Z'],
    ['2025-01-10T12:14:33-05:30', '2025-01-10T17:44:33.000Z'],
    ['2025-01-10T12:14:33+0100', '2025-01-10T11:14:33.000Z'],
    ['2025-01-01T00:30:00+01:00', '2024-12-31T23:30:00.000Z'],
    ['2024-02-29T08:00:00Z', '2024-02-29T08:00:00.000Z'],
  ])('%s → %s', (text, expected) => {
    const r = ok(parseTestTime(text, null));
    expect(r.kind).toBe('exact');
    expect(iso(r)).toBe(expected);
    expect(orderImpliedBy(r)).toBeNull();
  });

  it('agrees with Date.parse wherever Date.parse understands the text', () => {
    for (const t of ['2025-01-10T12:14:33.835Z', '2025-03-17T21:11:11.547Z', '2025-01-10T12:14:33.835+02:00', '2025-01-10T12:14:33-05:30']) {
      expect(resolveTestTime(ok(parseTestTime(t, null)), 'DMY')).toBe(Date.parse(t));
    }
  });

  it('an ISO date without a time takes the separate time column', () => {
    expect(iso(parseTestTime('2026-02-03', '6:21 PM'))).toBe('2026-02-03T18:21:00.000Z');
    expect(iso(parseTestTime('2026-02-03', null))).toBe('2026-02-03T00:00:00.000Z');
    const bad = parseTestTime('2026-02-03', 'teatime');
    expect(bad).toMatchObject({ kind: 'error', column: 'time' });
  });

  it.each(['2026-02-30', '2025-02-29T10:00:00Z', '2026-13-01', '2026-00-10', '2026-04-31T00:00:00Z'])('%s is not a calendar date', (text) => {
    expect(parseTestTime(text, null)).toMatchObject({ kind: 'error', column: 'date' });
  });

  it.each(['2025-01-10T25:00:00Z', '2025-01-10T12:60:00Z', '2025-01-10T12:14:61Z'])('%s is not a time of day', (text) => {
    expect(parseTestTime(text, null)).toMatchObject({ kind: 'error', column: 'date' });
  });
});

describe('clock times', () => {
  it.each([
    ['6:21 PM', 18 * 3600 + 21 * 60],
    ['6:21 pm', 18 * 3600 + 21 * 60],
    ['6:21PM', 18 * 3600 + 21 * 60],
    ['12:05 AM', 5 * 60],
    ['12:05 PM', 12 * 3600 + 5 * 60],
    ['1:00 AM', 3600],
    ['11:59 PM', 23 * 3600 + 59 * 60],
    ['18:21', 18 * 3600 + 21 * 60],
    ['00:00', 0],
    ['18:21:05', 18 * 3600 + 21 * 60 + 5],
    ['18:21:05.250', 18 * 3600 + 21 * 60 + 5],
    [' 7:05 ', 7 * 3600 + 5 * 60],
  ])('%j → %d s', (text, seconds) => {
    expect(parseClock(text)).toBe(seconds);
  });

  it.each(['0:30 AM', '13:00 PM', '24:00', '6:60 PM', '18:21:60', '6 PM', '', 'noon', '6:5 PM'])('%j is not a time', (text) => {
    expect(parseClock(text)).toBeNull();
  });
});

describe('numeric dates: MM/DD vs DD/MM', () => {
  it('keeps both readings open until the order is known', () => {
    const t = ok(parseTestTime('02/03/2026', '6:21 PM'));
    expect(t).toEqual({ kind: 'numeric', first: 2, second: 3, year: 2026, minuteOfDay: 18 * 60 + 21, secondOfMinute: 0 });
    expect(orderImpliedBy(t)).toBeNull();
    expect(iso(t, 'MDY')).toBe('2026-02-03T18:21:00.000Z');
    expect(iso(t, 'DMY')).toBe('2026-03-02T18:21:00.000Z');
  });

  it('a day above 12 implies the order', () => {
    expect(orderImpliedBy(ok(parseTestTime('25/03/2026', null)))).toBe('DMY');
    expect(orderImpliedBy(ok(parseTestTime('03/25/2026', null)))).toBe('MDY');
    expect(orderImpliedBy(ok(parseTestTime('1/13/2026', '12:05 AM')))).toBe('MDY');
    expect(orderImpliedBy(ok(parseTestTime('12/12/2026', null)))).toBeNull();
  });

  it('the order a date implies always resolves; the other one is refused with the order named', () => {
    const t = ok(parseTestTime('25/03/2026', '18:21'));
    expect(iso(t, 'DMY')).toBe('2026-03-25T18:21:00.000Z');
    const wrong = resolveTestTime(t, 'MDY');
    expect(typeof wrong).toBe('string');
    expect(wrong).toContain('MM/DD/YYYY');
  });

  it('Feb 30 does not exist in either reading', () => {
    expect(resolveTestTime(ok(parseTestTime('02/30/2026', null)), 'MDY')).toMatch(/not a calendar date/);
    expect(resolveTestTime(ok(parseTestTime('30/02/2026', null)), 'DMY')).toMatch(/not a calendar date/);
    expect(resolveTestTime(ok(parseTestTime('29/02/2025', null)), 'DMY')).toMatch(/not a calendar date/);
    expect(iso(parseTestTime('29/02/2024', null), 'DMY')).toBe('2024-02-29T00:00:00.000Z');
  });

  it.each(['13/13/2026', '00/05/2026', '05/00/2026', '32/01/2026', '2026/01/05', 'tomorrow', ''])('%j is refused at parse time', (text) => {
    expect(parseTestTime(text, null)).toMatchObject({ kind: 'error', column: 'date' });
  });

  it('time inline in the date cell, dots and dashes, two-digit years', () => {
    expect(iso(parseTestTime('02/03/2026 6:21 PM', null), 'MDY')).toBe('2026-02-03T18:21:00.000Z');
    expect(iso(parseTestTime('02.03.2026 18:21', null), 'DMY')).toBe('2026-03-02T18:21:00.000Z');
    expect(iso(parseTestTime('02-03-26', '18:21:30'), 'DMY')).toBe('2026-03-02T18:21:30.000Z');
  });

  it('a bad time is blamed on the time column, or on the date column when it was inline', () => {
    expect(parseTestTime('02/03/2026', '25:00')).toMatchObject({ kind: 'error', column: 'time' });
    expect(parseTestTime('02/03/2026 25:00', null)).toMatchObject({ kind: 'error', column: 'date' });
    expect(parseTestTime('02/03/2026', '')).toMatchObject({ kind: 'numeric', minuteOfDay: 0 });
  });

  it('describeOrder names the orders as users write them', () => {
    expect(describeOrder('MDY')).toBe('MM/DD/YYYY');
    expect(describeOrder('DMY')).toBe('DD/MM/YYYY');
  });
});

describe('round trip (property)', () => {
  const FROM = Date.UTC(1990, 0, 1) / 60_000;
  const TO = Date.UTC(2099, 11, 31, 23, 59) / 60_000;
  const minute = fc.integer({ min: FROM, max: TO }).map((m) => new Date(m * 60_000));
  const pad = (n: number) => String(n).padStart(2, '0');

  it('MM/DD/YYYY + h:mm AM/PM (Hub US tenant) read as MDY gives the same instant', () => {
    fc.assert(
      fc.property(minute, fc.boolean(), (d, padded) => {
        const h = d.getUTCHours();
        const h12 = h % 12 === 0 ? 12 : h % 12;
        const date = `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`;
        const time = `${padded ? pad(h12) : h12}:${pad(d.getUTCMinutes())} ${h < 12 ? 'AM' : 'PM'}`;
        const t = ok(parseTestTime(date, time));
        expect(resolveTestTime(t, 'MDY')).toBe(d.getTime());
        // the values never contradict the order they were written in
        expect(orderImpliedBy(t)).not.toBe('DMY');
      }),
      { numRuns: 500 },
    );
  });

  it('DD/MM/YYYY + HH:mm read as DMY gives the same instant', () => {
    fc.assert(
      fc.property(minute, (d) => {
        const date = `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
        const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
        const t = ok(parseTestTime(date, time));
        expect(resolveTestTime(t, 'DMY')).toBe(d.getTime());
        expect(orderImpliedBy(t)).not.toBe('MDY');
      }),
      { numRuns: 500 },
    );
  });

  it('ISO with a random offset gives the same instant as Date', () => {
    fc.assert(
      fc.property(minute, fc.integer({ min: -12 * 60, max: 14 * 60 }).map((m) => m - (m % 15)), (d, offset) => {
        const local = new Date(d.getTime() + offset * 60_000).toISOString().slice(0, 16);
        const sign = offset < 0 ? '-' : '+';
        const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
        expect(resolveTestTime(ok(parseTestTime(`${local}${zone}`, null)), 'DMY')).toBe(d.getTime());
      }),
      { numRuns: 300 },
    );
  });
});
