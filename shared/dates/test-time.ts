/**
 * Test times as exports write them: ISO 8601 (`2025-01-10T12:14:33.835Z`), or a slashed/dotted date whose
 * day/month order is not fixed (`02/03/2026`: a US tenant's MM/DD/YYYY or DD/MM/YYYY elsewhere), with a time
 * in its own column (`6:21 PM`, `18:21`, `18:21:05`). All in UTC.
 */
import { quoteCell } from '../formats/quote-cell.ts';

export type DateOrder = 'MDY' | 'DMY';

/**
 * What decided a file's date order. values: a day above 12 in the file; setting: the team's dateOrder;
 * answer: the order given for this upload; default: none of these (offline only), DD/MM/YYYY assumed.
 */
export type DateOrderDecidedBy = 'values' | 'setting' | 'answer' | 'default';

export type ParsedTime =
  | { kind: 'exact'; ms: number }
  | { kind: 'numeric'; first: number; second: number; year: number; minuteOfDay: number; secondOfMinute: number };

export type TimeParseResult = ParsedTime | { kind: 'error'; reason: string; column: 'date' | 'time' };

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const NUMERIC = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T](.+))?$/;
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp][Mm])?$/;

export function parseTestTime(dateText: string, timeText: string | null): TimeParseResult {
  const date = dateText.trim();
  if (date === '') return { kind: 'error', reason: 'no test date', column: 'date' };
  const iso = ISO.exec(date);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso;
    let ms = Date.UTC(+y!, +mo! - 1, +d!, h ? +h : 0, mi ? +mi : 0, s ? +s : 0, frac ? Math.round(+`0.${frac}` * 1000) : 0);
    if (!validCalendarDate(+y!, +mo!, +d!)) return { kind: 'error', reason: `${quoteCell(date)} is not a calendar date`, column: 'date' };
    if ((h && +h > 23) || (mi && +mi > 59) || (s && +s > 59)) return { kind: 'error', reason: `${quoteCell(date)} has no valid time of day`, column: 'date' };
    if (zone && zone !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.replace(/[+:-]/g, '');
      ms -= sign * (+digits.slice(0, 2) * 60 + +digits.slice(2)) * 60_000;
    }
    if (!h && timeText) {
      const clock = parseClock(timeText);
      if (clock === null) return { kind: 'error', reason: `${quoteCell(timeText)} is not a time of day`, column: 'time' };
      ms += clock * 1000;
    }
    return { kind: 'exact', ms };
  }
  const numeric = NUMERIC.exec(date);
  if (!numeric) return { kind: 'error', reason: `${quoteCell(date)} is not a date (ISO, MM/DD/YYYY or DD/MM/YYYY)`, column: 'date' };
  const [, a, b, y, inlineTime] = numeric;
  const year = y!.length === 2 ? 2000 + +y! : +y!;
  const clockText = inlineTime ?? timeText;
  let seconds = 0;
  if (clockText && clockText.trim() !== '') {
    const clock = parseClock(clockText);
    if (clock === null) return { kind: 'error', reason: `${quoteCell(clockText)} is not a time of day`, column: inlineTime ? 'date' : 'time' };
    seconds = clock;
  }
  const first = +a!;
  const second = +b!;
  if (first < 1 || second < 1 || (first > 12 && second > 12) || first > 31 || second > 31) {
    return { kind: 'error', reason: `${quoteCell(date)} has no valid month`, column: 'date' };
  }
  return { kind: 'numeric', first, second, year, minuteOfDay: Math.floor(seconds / 60), secondOfMinute: seconds % 60 };
}

/** Seconds since midnight, or null. */
export function parseClock(text: string): number | null {
  const m = CLOCK.exec(text.trim());
  if (!m) return null;
  let hour = +m[1]!;
  const minute = +m[2]!;
  const second = m[3] ? +m[3] : 0;
  const meridiem = m[4]?.toUpperCase();
  if (minute > 59 || second > 59) return null;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'PM' ? 12 : 0);
  } else if (hour > 23) return null;
  return hour * 3600 + minute * 60 + second;
}

/** The order a numeric date forces, if any: a value above 12 can only be a day. */
export function orderImpliedBy(t: ParsedTime): DateOrder | null {
  if (t.kind !== 'numeric') return null;
  if (t.first > 12) return 'DMY';
  if (t.second > 12) return 'MDY';
  return null;
}

/** Milliseconds since the epoch, or an error when the date does not exist in that order. */
export function resolveTestTime(t: ParsedTime, order: DateOrder): number | string {
  if (t.kind === 'exact') return t.ms;
  const [month, day] = order === 'MDY' ? [t.first, t.second] : [t.second, t.first];
  if (month > 12) return `month ${month} does not exist: the file's dates were read as ${describeOrder(order)}`;
  if (!validCalendarDate(t.year, month, day)) return `${t.year}-${month}-${day} is not a calendar date`;
  return Date.UTC(t.year, month - 1, day, 0, t.minuteOfDay, t.secondOfMinute);
}

export function describeOrder(order: DateOrder): string {
  return order === 'MDY' ? 'MM/DD/YYYY' : 'DD/MM/YYYY';
}

function validCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
