import { describe, expect, it } from 'vitest';
import { testIdForAthlete } from '#core/identity/relinked-test-id.ts';
import { derivedTraceId } from '#core/traces/trace-test.ts';
import { analyzeFile } from '../support/analyze-file.ts';
import { realFiles } from '../support/paths.ts';

describe('testIdForAthlete', () => {
  it("derives a Hub row's id again exactly as an import resolving the row to that athlete derives it", async () => {
    const asImported = await analyzeFile(realFiles.hub);
    const asLinked = await analyzeFile(realFiles.hub, { resolveAthlete: (k) => (k.name === 'Athlete 003' ? 'hs-003' : undefined) });
    const linkedByLine = new Map(asLinked.tests.map((x) => [x.source.line, x]));
    const moved = asImported.tests.filter((x) => x.athleteName === 'Athlete 003');
    expect(moved.length).toBeGreaterThan(1);
    for (const test of moved) {
      const linked = linkedByLine.get(test.source.line)!;
      expect(linked.athleteId).toBe('hs-003');
      expect(linked.testId).not.toBe(test.testId); // derived ids hash the athlete
      expect(testIdForAthlete(test, 'hs-003')).toBe(linked.testId);
      expect(testIdForAthlete(test, test.athleteId)).toBe(test.testId);
    }
  });

  it('keeps VALD test ids and derives trace-only ids again with derived-trace-id@1', async () => {
    const api = (await analyzeFile(realFiles.apiV2Json)).tests[0]!;
    expect(testIdForAthlete(api, 'someone-else')).toBe(api.testId);
    const trace = { ...api, testIdSource: 'derived' as const, testId: derivedTraceId(api.athleteId, api.testedAt, api.testType, api.device) };
    expect(testIdForAthlete(trace, 'someone-else')).toBe(derivedTraceId('someone-else', api.testedAt, api.testType, api.device));
  });
});
