/** Header sniffing for trace CSVs: time/left/right columns by normalised alias, delimiter and decimal comma. */
import { splitLine } from '../formats/detect.ts';
import { normaliseHeader } from '../formats/header-aliases.ts';

export type TraceColumn = 'time' | 'left' | 'right';

/** Aliases after normaliseHeader (units in parentheses dropped, Left/Right → l/r). */
const ALIASES = new Map<string, TraceColumn>([
  ['time', 'time'],
  ['seconds', 'time'],
  ['second', 'time'],
  ['sec', 'time'],
  ['secs', 'time'],
  ['s', 'time'],
  ['t', 'time'],
  ['time s', 'time'],
  ['time sec', 'time'],
  ['time ms', 'time'],
  ['ms', 'time'],
  ['milliseconds', 'time'],
  ['elapsed', 'time'],
  ['elapsed time', 'time'],
  ['timestamp', 'time'],
  ['l', 'left'],
  ['l force', 'left'],
  ['force l', 'left'],
  ['l leg', 'left'],
  ['l leg force', 'left'],
  ['l force n', 'left'],
  ['r', 'right'],
  ['r force', 'right'],
  ['force r', 'right'],
  ['r leg', 'right'],
  ['r leg force', 'right'],
  ['r force n', 'right'],
]);

export const traceColumnOf = (header: string): TraceColumn | undefined => ALIASES.get(normaliseHeader(header));

export interface TraceHeader {
  delimiter: ',' | ';' | '\t';
  headers: string[];
  time: number;
  left: number;
  right: number;
  /** Multiplier to seconds: 0.001 for a `Time (ms)` column. */
  timeScale: number;
}

export function mapTraceHeader(line: string): { header: TraceHeader; score: number } | null {
  let best: { header: TraceHeader; score: number } | null = null;
  for (const delimiter of [',', ';', '\t'] as const) {
    const headers = splitLine(line, delimiter).map((h) => h.trim());
    if (headers.length < 2) continue;
    const found: Record<TraceColumn, number> = { time: -1, left: -1, right: -1 };
    headers.forEach((h, i) => {
      const c = traceColumnOf(h);
      if (c && found[c] === -1) found[c] = i;
    });
    const score = (found.time >= 0 ? 1 : 0) + (found.left >= 0 ? 1 : 0) + (found.right >= 0 ? 1 : 0);
    if (!best || score > best.score) {
      const timeHeader = found.time >= 0 ? headers[found.time]! : '';
      const timeScale = /\bms\b|milli/i.test(timeHeader) ? 0.001 : 1;
      best = { header: { delimiter, headers, time: found.time, left: found.left, right: found.right, timeScale }, score };
    }
  }
  return best;
}

export const NEEDED_COLUMNS = 'a time column (Seconds, Time or Time (s)) and left and right force columns (Left Force, LeftForce or Left Force (N), and the Right equivalents)';
