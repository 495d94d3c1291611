/**
 * The store's limits applied to what ingest writes for one test or one roster athlete: the keys and item
 * layouts of `functions/adapters/keys.ts` and `*-repository.ts`, mirrored here because the core must not
 * import adapters (a test checks that both agree, so a change of layout fails it).
 */
import { aliasKeys, type AthleteKeys } from '../identity/athlete-id.ts';
import { idProblem } from '../identity/id-grammar.ts';
import type { AthleteProfile } from '../model/athlete-profile.ts';
import type { TestRecord } from '../model/test-record.ts';
import { DYNAMODB_LIMITS, isStorableNumber, numberProblem, utf8Bytes } from './dynamodb-limits.ts';

/** Team ids are at most 63 bytes (shared/identity/id-grammar.ts): the longest prefix a key can have. */
const TEAM_BYTES = 63;
/** `2026-01-20T18:37:00.000Z`. */
const ISO_BYTES = 24;

/** Bytes of each key besides the ids in it (functions/adapters/keys.ts). */
export const KEY_LAYOUT = {
  /** `TEAM#<team>#ATHLETE#<athleteId>` */
  testPartition: 'TEAM#'.length + TEAM_BYTES + '#ATHLETE#'.length,
  /** `TEST#<testedAt>#<testId>` */
  testSort: 'TEST#'.length + ISO_BYTES + '#'.length,
  /** `TYPE#<testType>#<testedAt>#<testId>` (lsi1) */
  testTypeSort: 'TYPE#'.length + '#'.length + ISO_BYTES + '#'.length,
  /** `ATHLETE#<athleteId>` */
  athleteSort: 'ATHLETE#'.length,
  /** `ALIAS#<alias>` */
  aliasSort: 'ALIAS#'.length,
} as const;

/**
 * Upper bounds of what a test item and an athlete item hold besides their text fields: attribute names,
 * numbers (at most 21 bytes each), warning messages, ISO times, the upload id, the latest test per type on
 * the athlete. A test builds the largest such items and checks they stay below these.
 */
export const TEST_ITEM_OVERHEAD_BYTES = 8 * 1024;
export const ATHLETE_ITEM_OVERHEAD_BYTES = 32 * 1024;

export type StoredTextField = 'athleteId' | 'athleteName' | 'externalId' | 'valdProfileId' | 'testType' | 'device' | 'testId';

export interface StoredTexts {
  athleteId: string;
  athleteName: string | null;
  externalId: string | null;
  valdProfileId: string | null;
  testType: string;
  device: string | null;
  testId: string | null;
  /** The upload's file name (source.file), at most an S3 key's 1,024 bytes. */
  file: string;
}

/**
 * The sum of lengths (UTF-16 units) under which no key and no item can reach a limit, whatever the
 * characters: a unit is at most 3 UTF-8 bytes, and a slug at most 6 characters a unit (NFKD of `㎯` is
 * `rad∕s2`), so 160 units give keys below 1,024 bytes. Rows under it skip the exact check.
 */
export const FAST_TEXT_UNITS = 160;

export interface StoreProblem {
  field: StoredTextField;
  reason: string;
}

const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en')} KB`;
const tooLong = (what: string, bytes: number, limit: number, where: string) =>
  `${what} is ${bytes.toLocaleString('en')} bytes: ${where} is limited to ${limit.toLocaleString('en')} bytes (DynamoDB), so the row cannot be stored`;

/** Why the texts of one test cannot be stored as its test item, athlete item and alias items, or null. */
export function storedTestTextProblem(t: StoredTexts): StoreProblem | null {
  const b = {
    athleteId: utf8Bytes(t.athleteId),
    athleteName: t.athleteName === null ? 0 : utf8Bytes(t.athleteName),
    externalId: t.externalId === null ? 0 : utf8Bytes(t.externalId),
    valdProfileId: t.valdProfileId === null ? 0 : utf8Bytes(t.valdProfileId),
    testType: utf8Bytes(t.testType),
    device: t.device === null ? 0 : utf8Bytes(t.device),
    testId: t.testId === null ? 17 : utf8Bytes(t.testId),
  };
  const { sortKeyBytes, partitionKeyBytes, itemBytes } = DYNAMODB_LIMITS;
  if (KEY_LAYOUT.athleteSort + b.athleteId > sortKeyBytes) return { field: 'athleteId', reason: tooLong('the athlete id', b.athleteId, sortKeyBytes - KEY_LAYOUT.athleteSort, "an athlete's key") };
  if (KEY_LAYOUT.testPartition + b.athleteId > partitionKeyBytes) return { field: 'athleteId', reason: tooLong('the athlete id', b.athleteId, partitionKeyBytes - KEY_LAYOUT.testPartition, 'the tests partition key') };
  if (KEY_LAYOUT.testSort + b.testId > sortKeyBytes) return { field: 'testId', reason: tooLong('the test id', b.testId, sortKeyBytes - KEY_LAYOUT.testSort, "a test's sort key") };
  if (KEY_LAYOUT.testTypeSort + b.testType + b.testId > sortKeyBytes) {
    return { field: 'testType', reason: tooLong('the test type', b.testType, sortKeyBytes - KEY_LAYOUT.testTypeSort - b.testId, "a test's by-type sort key (with its test id)") };
  }
  const alias = aliasProblem({ name: t.athleteName, externalId: t.externalId, valdProfileId: t.valdProfileId });
  if (alias !== null) return alias;
  const testItem = TEST_ITEM_OVERHEAD_BYTES + 2 * b.athleteId + b.athleteName + b.externalId + 2 * b.testType + b.device + 3 * b.testId + utf8Bytes(t.file);
  const athleteItem = ATHLETE_ITEM_OVERHEAD_BYTES + 2 * b.athleteId + b.athleteName + b.externalId + b.valdProfileId;
  if (testItem > itemBytes || athleteItem > itemBytes) {
    const largest = (['athleteName', 'externalId', 'valdProfileId', 'device', 'testType', 'testId', 'athleteId'] as const).reduce((a, f) => (b[f] > b[a] ? f : a));
    return {
      field: largest,
      reason: `the ${LABEL[largest]} is ${b[largest].toLocaleString('en')} bytes: a stored test or athlete is limited to ${kb(itemBytes)} (DynamoDB's item size), so the row cannot be stored`,
    };
  }
  return null;
}

/** Why a roster athlete cannot be stored (profile item and alias items), or null. */
export function storedProfileProblem(p: AthleteProfile): { field: keyof AthleteProfile; reason: string } | null {
  const idBytes = utf8Bytes(p.athleteId);
  if (KEY_LAYOUT.athleteSort + idBytes > DYNAMODB_LIMITS.sortKeyBytes) {
    return { field: 'athleteId', reason: tooLong('the athlete id', idBytes, DYNAMODB_LIMITS.sortKeyBytes - KEY_LAYOUT.athleteSort, "an athlete's key") };
  }
  const alias = aliasProblem(p);
  if (alias !== null) return { field: alias.field === 'athleteName' ? 'name' : (alias.field as keyof AthleteProfile), reason: alias.reason };
  const bytes = ATHLETE_ITEM_OVERHEAD_BYTES + idBytes + itemBytes(p);
  if (bytes > DYNAMODB_LIMITS.itemBytes) {
    return { field: 'name', reason: `the profile is ${bytes.toLocaleString('en')} bytes: a stored athlete is limited to ${kb(DYNAMODB_LIMITS.itemBytes)} (DynamoDB's item size)` };
  }
  if (p.bodyMassKg !== null && !isStorableNumber(p.bodyMassKg)) return { field: 'bodyMassKg', reason: numberProblem(p.bodyMassKg)! };
  return null;
}

/**
 * A whole TestRecord against the limits (a raw trace's test, one per file, whose layout varies): its ids
 * against the id grammar, its texts as for a row, every number in it, and its size with the test item's keys.
 */
export function storedRecordProblem(t: TestRecord): { code: string; reason: string } | null {
  // Ids become key parts (and, for traces, S3 key parts): only the one grammar gets that far.
  const badId = idProblem('test', t.testId) ?? idProblem('athlete', t.athleteId);
  if (badId !== null) return { code: 'bad-id', reason: badId };
  const texts = storedTestTextProblem({
    athleteId: t.athleteId,
    athleteName: t.athleteName,
    externalId: t.externalId,
    valdProfileId: t.testIdSource === 'vald' ? t.athleteId : null,
    testType: t.testType,
    device: t.device,
    testId: t.testId,
    file: t.source.file,
  });
  if (texts !== null) return { code: 'too-long-to-store', reason: texts.reason };
  const number = firstUnstorableNumber(t, '');
  if (number !== null) return { code: 'number-out-of-range', reason: `${number.path}: ${numberProblem(number.value)}` };
  const bytes = itemBytes(t) + KEY_LAYOUT.testPartition + KEY_LAYOUT.testTypeSort + 2 * utf8Bytes(t.testId) + 1024;
  if (bytes > DYNAMODB_LIMITS.itemBytes) return { code: 'too-long-to-store', reason: `the test is ${kb(bytes)}: a stored test is limited to ${kb(DYNAMODB_LIMITS.itemBytes)} (DynamoDB's item size)` };
  return null;
}

function firstUnstorableNumber(value: unknown, path: string): { path: string; value: number } | null {
  if (typeof value === 'number') return isStorableNumber(value) && Number.isFinite(value) ? null : { path, value };
  if (value === null || typeof value !== 'object') return null;
  for (const [key, v] of Object.entries(value)) {
    const found = firstUnstorableNumber(v, path === '' ? key : `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

const LABEL: Record<StoredTextField, string> = {
  athleteId: 'athlete id',
  athleteName: 'athlete name',
  externalId: 'external id',
  valdProfileId: 'VALD profile id',
  testType: 'test type',
  device: 'device',
  testId: 'test id',
};

const ALIAS_FIELD: Record<string, StoredTextField> = { name: 'athleteName', ext: 'externalId', vald: 'valdProfileId' };

function aliasProblem(keys: AthleteKeys): StoreProblem | null {
  for (const alias of aliasKeys(keys)) {
    const bytes = KEY_LAYOUT.aliasSort + utf8Bytes(alias);
    if (bytes > DYNAMODB_LIMITS.sortKeyBytes) {
      const field = ALIAS_FIELD[alias.slice(0, alias.indexOf(':'))] ?? 'athleteName';
      return { field, reason: `the ${LABEL[field]} makes a link key of ${bytes.toLocaleString('en')} bytes ("${alias.slice(0, 24)}…"): a sort key is limited to ${DYNAMODB_LIMITS.sortKeyBytes.toLocaleString('en')} bytes (DynamoDB), so the row cannot be stored` };
    }
  }
  return null;
}

/**
 * DynamoDB's size of an item as its documentation counts it: attribute names and string values in UTF-8
 * bytes, a number ~1 byte per 2 significant digits + 1, null and booleans 1 byte, a list or map 3 bytes plus
 * 1 per element (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).
 * For records whose layout varies (a raw trace's test), and for the tests of the overheads above.
 */
export function itemBytes(item: object): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) if (value !== undefined) total += utf8Bytes(name) + valueBytes(value);
  return total;
}

function valueBytes(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number') return Math.ceil(significantDigits(value) / 2) + 1;
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, v) => sum + 1 + valueBytes(v), 0);
  if (typeof value === 'object') return 3 + itemBytes(value as Record<string, unknown>) + Object.keys(value as object).length;
  return 0;
}

/** Significant digits of a number's shortest text (what the SDK writes). */
export function significantDigits(v: number): number {
  const mantissa = Math.abs(v).toExponential().split('e')[0]!;
  return mantissa.replace('.', '').length;
}
