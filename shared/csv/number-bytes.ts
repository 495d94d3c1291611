const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Parses a plain decimal (`-12`, `656.75`, `3432.6468750014415`, with `decimalComma`: `656,75`) straight from
 * bytes. Returns NaN for anything else (exponents, thousands separators, text), which the caller then retries
 * with Number() so that the slow path stays exact. Results equal Number(text) for up to 15 significant digits
 * and round to the nearest double otherwise (checked by a property test).
 */
export function parseNumberBytes(buf: Buffer, start: number, end: number, decimalComma: boolean): number {
  return parseNumberBytesInto(buf, start, end, decimalComma, SCRATCH, 0) ? SCRATCH[0]! : Number.NaN;
}

const SCRATCH = new Float64Array(1);

/**
 * parseNumberBytes into out[at]; false (out untouched) where it would answer NaN. The per-field path: a
 * double returned from a call that is not inlined is boxed, ~100 bytes of garbage a row at 12 numbers.
 */
export function parseNumberBytesInto(buf: Buffer, start: number, end: number, decimalComma: boolean, out: Float64Array, at: number): boolean {
  while (start < end && (buf[start] === 0x20 || buf[start] === 0x09)) start++;
  while (end > start && (buf[end - 1] === 0x20 || buf[end - 1] === 0x09)) end--;
  if (start === end) return false;
  let p = start;
  let negative = false;
  if (buf[p] === 0x2d) {
    negative = true;
    p++;
  } else if (buf[p] === 0x2b) p++;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  let seenPoint = false;
  let any = false;
  for (; p < end; p++) {
    const c = buf[p]!;
    if (c >= 0x30 && c <= 0x39) {
      any = true;
      if (mantissa === 0 && c === 0x30 && !seenPoint) continue;
      if (digits >= 15) return false; // beyond exact double integers: let Number() round it
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      if (seenPoint) fractionDigits++;
    } else if (!seenPoint && (c === 0x2e || (decimalComma && c === 0x2c))) {
      seenPoint = true;
    } else return false;
  }
  if (!any) return false;
  const value = fractionDigits === 0 ? mantissa : mantissa / POW10[fractionDigits]!;
  out[at] = negative ? -value : value;
  return true;
}

/**
 * Whether buf[start, end) (already trimmed) is a plain decimal with more than parseNumberBytes's 15 digits
 * (`-12.984293193717278`, the vendor's imbalance column): then Number() of its text rounds it once, exactly.
 * A byte loop instead of a regex over a decoded and trimmed copy: 0.15 s at 1M rows of that column.
 */
export function isPlainDecimalBytes(buf: Buffer, start: number, end: number, decimalComma: boolean): boolean {
  let p = start;
  if (buf[p] === 0x2d || buf[p] === 0x2b) p++;
  let digits = 0;
  let seenPoint = false;
  for (; p < end; p++) {
    const c = buf[p]!;
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (!seenPoint && (c === 0x2e || (decimalComma && c === 0x2c))) seenPoint = true;
    else return false;
  }
  return digits > 0;
}
