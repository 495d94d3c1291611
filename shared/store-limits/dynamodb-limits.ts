/**
 * What the store refuses, as numbers the core can check row by row: a value DynamoDB (or the SDK's
 * marshaller in front of it) would refuse is rejected with its line, column and reason before anything is
 * written, so one bad row never fails a whole upload and `eccentric analyze --json` predicts exactly what
 * ingest stores.
 *
 * Sources (AWS documentation, read 2026-12):
 * - Item size: "The maximum item size in DynamoDB is 400 KB, which includes both attribute name binary
 *   length (UTF-8 length) and attribute value lengths (again binary length)."
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items
 * - Keys: partition key value 1–2048 bytes, sort key value 1–1024 bytes (UTF-8); a local secondary index's
 *   sort key likewise.
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-partition-sort-keys
 * - Numbers: "up to 38 digits of precision … Positive range: 1E-130 to 9.9999999999999999999999999999999999999E+125,
 *   negative range: -9.9999999999999999999999999999999999999E+125 to -1E-130", zero allowed; a smaller
 *   magnitude is refused ("Number underflow"), a larger one too ("Number overflow").
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
 * - Attribute names: 1–65,535 bytes (`latest#<testType>` is one).
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-attributes
 * - The SDK (`@aws-sdk/util-dynamodb`, `convertToNumberAttr`) throws for a JavaScript number beyond
 *   ±Number.MAX_SAFE_INTEGER unless `allowImpreciseNumbers` is set (this project does not set it), so that
 *   is the effective upper bound for what ingest writes.
 *   https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-util-dynamodb/
 *
 * Precision never binds: a JavaScript number is written as its shortest round-trip text, at most 17
 * significant digits (< 38; a test checks it).
 */
export const DYNAMODB_LIMITS = {
  itemBytes: 400 * 1024,
  partitionKeyBytes: 2048,
  sortKeyBytes: 1024,
  attributeNameBytes: 65_535,
  numberMinMagnitude: 1e-130,
  numberMaxMagnitude: 9.9999999999999999999999999999999999999e125,
  numberDigits: 38,
} as const;

/** The largest magnitude ingest can write: the SDK's marshaller refuses more (see above). */
export const MAX_STORED_MAGNITUDE = Number.MAX_SAFE_INTEGER;
export const MIN_STORED_MAGNITUDE = DYNAMODB_LIMITS.numberMinMagnitude;

/**
 * Nonzero magnitudes outside this range are "unusual": a value computed from them (a difference, a ratio)
 * could leave the stored range, so the computed values are checked too. Inside it they cannot: a
 * difference of two doubles is 0 or at least 2^-52 of the smaller, a ratio to a body mass ≤ 250 kg is
 * far from both ends.
 */
export const USUAL_MIN_MAGNITUDE = 1e-100;
export const USUAL_MAX_MAGNITUDE = 1e15;

/** Whether a finite number can be stored as it is (0, or a magnitude in [1e-130, 2^53 − 1]). */
export function isStorableNumber(v: number): boolean {
  const a = Math.abs(v);
  return a === 0 || (a >= MIN_STORED_MAGNITUDE && a <= MAX_STORED_MAGNITUDE);
}

/** Why a finite number cannot be stored, or null. */
export function numberProblem(v: number): string | null {
  if (!Number.isFinite(v)) return `${v} is not a finite number`;
  if (isStorableNumber(v)) return null;
  return Math.abs(v) < MIN_STORED_MAGNITUDE
    ? `${v} is too small to store: DynamoDB keeps numbers from 1e-130 in magnitude (or 0); a smaller one is refused as an underflow`
    : `${v} is too large to store: ingest writes numbers up to ${MAX_STORED_MAGNITUDE} in magnitude (the SDK refuses more, DynamoDB ends at 9.99e125)`;
}

/** UTF-8 length of a string (what DynamoDB counts). */
export const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * A plain decimal's text (digits, one point, a sign; no exponent), already trimmed: whether its value is
 * storable, without converting it (the summary only checks the vendor's 17-digit imbalance column). Fields
 * of at most 15 bytes always are; longer ones are looked at from their first digits.
 */
export function plainDecimalStorable(buf: Uint8Array, start: number, end: number): boolean {
  if (end - start <= 15) return true;
  let p = start;
  if (buf[p] === 0x2d || buf[p] === 0x2b) p++;
  while (p < end && buf[p] === 0x30) p++;
  let integerDigits = 0;
  while (p < end && buf[p] !== 0x2e && buf[p] !== 0x2c) {
    integerDigits++;
    p++;
  }
  // 16 integer digits may or may not exceed 2^53 − 1 (9007199254740991): read those the slow way.
  if (integerDigits >= 16) return integerDigits === 16 && Number(Buffer.from(buf.subarray(start, end)).toString('latin1').replace(',', '.')) <= MAX_STORED_MAGNITUDE;
  if (integerDigits > 0) return true;
  p++; // the point
  let zeros = 0;
  while (p < end && buf[p] === 0x30) {
    zeros++;
    p++;
  }
  // 0.000…0 is zero (storable); a first nonzero digit after 130 zeros or more is below 1e-130.
  return p === end || zeros < 130;
}
