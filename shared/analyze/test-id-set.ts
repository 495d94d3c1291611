/**
 * The test ids met in a file, for de-duplication: an export's own (VALD) ids in one set, derived ids in one
 * set per UTC day of the test.
 *
 * One set for a million tests is a 10-20 MB table probed at a random slot per test: a cache and TLB miss
 * each, ~12 % of a one-thread summary (iso-1M: the summary without the probe took 0.84x as long). Exports
 * list tests in time order, so consecutive tests share a day, and a day's set (a club's session: hundreds
 * to thousands of tests) stays in cache.
 *
 * Exact: a derived id (derived-test-id@1) is a hash of the test's minute among the rest, so a repeat of a
 * test has the same day as the test. Derived and VALD ids never meet in one set (before, a derived id's 64
 * bits equal to a VALD id's hash would have been taken for a repeat).
 */
import { HashSet64 } from '../identity/hash64.ts';

const DAY_MS = 86_400_000;
/** The least a new day's set is sized for. */
const DAY_SET_KEYS = 1024;
/**
 * A new day's set is sized for this many times the day before's tests: a larger session then rarely grows
 * it (to twice the slots). Without slack about half the days grew (iso-1M: peak RSS 115 MB against 110).
 */
const DAY_SLACK = 1.2;

export class TestIdSet {
  /** Made at the first VALD id, sized for the tests expected then: a Hub export has none. */
  private vald: HashSet64 | null = null;
  private expected = 1 << 16;
  private readonly days = new Map<number, HashSet64>();
  private lastDay = Number.NaN;
  private lastSet: HashSet64 | null = null;

  /** Sizes the set of VALD ids for about `tests` tests, before the first is added (derived ids need no sizing). */
  expectTests(tests: number): void {
    if (this.vald === null) this.expected = Math.max(this.expected, tests);
  }

  /** Adds a finalised test's id; false when it was already there. */
  add(f: { readonly idHi: number; readonly idLo: number; readonly ms: number; readonly valdTestId: string | null }): boolean {
    if (f.valdTestId !== null) return (this.vald ??= new HashSet64(this.expected)).add(f.idHi, f.idLo);
    const day = Math.floor(f.ms / DAY_MS);
    let set = this.lastSet;
    if (day !== this.lastDay || set === null) {
      set = this.days.get(day) ?? null;
      // Sized after the day before (sessions are alike): one table of about the right size, where growing
      // from a small one left up to 2x the slots (iso-1M: peak RSS 119 MB against 107 with one set).
      if (set === null) this.days.set(day, (set = new HashSet64(Math.max(DAY_SET_KEYS, Math.ceil((this.lastSet?.size ?? 0) * DAY_SLACK)))));
      this.lastDay = day;
      this.lastSet = set;
    }
    return set.add(f.idHi, f.idLo);
  }
}
