import { derivedIdHash } from '../formats/test-row.ts';
import type { TestRecord } from '../model/test-record.ts';
import { derivedTraceId } from '../traces/trace-test.ts';
import { Hash64, hash64, toHex64 } from './hash64.ts';
import { idKey } from './id-grammar.ts';

/**
 * A stored test's id under another athlete (a roster linked its imported athlete to the roster's). Derived
 * ids hash the athlete, so they are derived again, exactly as a re-import of the same row under that
 * athlete derives them: the re-import then overwrites the moved test instead of storing it twice. VALD
 * test ids stay as they are.
 */
export function testIdForAthlete(test: Pick<TestRecord, 'testId' | 'testIdSource' | 'testedAt' | 'testType' | 'device' | 'left' | 'right'>, athleteId: string): string {
  if (test.testIdSource === 'vald') return test.testId;
  // derived-trace-id@1 (a raw trace's own test) starts with t, derived-test-id@1 (a summary row) with h.
  if (test.testId.startsWith('t')) return derivedTraceId(athleteId, test.testedAt, test.testType, test.device);
  const minute = Math.floor(Date.parse(test.testedAt) / 60_000);
  const [hi, lo] = derivedIdHash(new Hash64(), test, minute, hash64(idKey(athleteId))[0], hash64(test.device ?? '')[0], hash64(test.testType)[0]);
  return `h${toHex64(hi, lo)}`;
}
