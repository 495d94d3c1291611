/**
 * A raw trace and a results-export (or API) row for the same test — same athlete, same minute (or the
 * same day when the trace only knows its date), same test type — are ONE test, whichever arrives first.
 * The per-rep detail lives in its own item (adapters/test-detail-repository.ts), so the summary row keeps
 * its id and device values and re-importing the export never erases the trace's detail.
 *
 * - summary first: the trace finds the one summary test of its slot (one Query) and its detail is stored
 *   under that test's id;
 * - trace first: it is stored as a trace-only test with a slot item (`TEAM#t / TRACESLOT#athlete#slot#type`);
 *   a summary row arriving later finds the slot (all slots are loaded once per upload), takes over the
 *   detail, and the trace-only test, its detail and its slot are deleted.
 */
import { idKey } from '#core/identity/id-grammar.ts';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TestRecord } from '#core/model/test-record.ts';
import { config, documents } from '../adapters/clients.ts';
import { keys } from '../adapters/keys.ts';
import { detailOf, detailSk, getDetail, putDetail } from '../adapters/test-detail-repository.ts';
import { queryAllWithPrefix } from '../adapters/queries.ts';
import { fromTestItem } from '../adapters/test-repository.ts';

export const SLOT_PREFIX = 'TRACESLOT#';

/** The trace's time slot: its minute, or its day when the trace carried only a date. */
export function traceSlot(test: TestRecord): string {
  return test.warnings.some((w) => w.code === 'date-only') ? test.testedAt.slice(0, 10) : test.testedAt.slice(0, 16);
}

const slotKey = (athleteId: string, slot: string, testType: string) => `${idKey(athleteId)}#${slot}#${testType}`;

interface Slot {
  traceTestId: string;
  traceTestedAt: string;
  sk: string;
}

export interface PendingTraces {
  /** The trace-only test a summary test should absorb, if any. */
  match(test: TestRecord): Slot | undefined;
}

/** Loads the team's unmatched traces once per upload (bounded by the traces still waiting for a row). */
export async function loadPendingTraces(teamId: string): Promise<PendingTraces> {
  const slots = new Map<string, Slot>();
  for (const item of await queryAllWithPrefix(keys.team(teamId), SLOT_PREFIX)) {
    slots.set(String(item.sk).slice(SLOT_PREFIX.length), { traceTestId: String(item.testId), traceTestedAt: String(item.testedAt), sk: String(item.sk) });
  }
  return {
    match: (test) =>
      slots.size === 0
        ? undefined
        : (slots.get(slotKey(test.athleteId, test.testedAt.slice(0, 16), test.testType)) ?? slots.get(slotKey(test.athleteId, test.testedAt.slice(0, 10), test.testType))),
  };
}

/**
 * After summary tests are stored: each that has a waiting trace takes over its detail; the trace-only
 * test, its detail and its slot are removed. Returns summary test id → replaced trace test id.
 */
export async function absorbPendingTraces(teamId: string, tests: TestRecord[], pending: PendingTraces): Promise<Map<string, string>> {
  const replaced = new Map<string, string>();
  for (const test of tests) {
    const slot = pending.match(test);
    if (!slot || slot.traceTestId === test.testId) continue;
    const detail = await getDetail(teamId, test.athleteId, slot.traceTestId);
    if (detail) await putDetail(teamId, test.athleteId, test.testId, detail);
    const pk = keys.athleteTests(teamId, test.athleteId);
    for (const key of [
      { pk, sk: keys.testSk(slot.traceTestedAt, slot.traceTestId) },
      { pk, sk: detailSk(slot.traceTestId) },
      { pk: keys.team(teamId), sk: slot.sk },
    ]) {
      await documents.send(new DeleteCommand({ TableName: config.tableName, Key: key }));
    }
    replaced.set(test.testId, slot.traceTestId);
  }
  return replaced;
}

/**
 * A trace test: its detail goes to the one summary test of its slot when there is one; otherwise it is
 * stored as its own (trace-only) test with a slot item, for a later summary row to absorb.
 * Returns the test the trace belongs to, and whether that test still has to be written.
 */
export async function placeTrace(teamId: string, trace: TestRecord): Promise<{ testId: string; storeTraceTest: boolean }> {
  const slot = traceSlot(trace);
  const out = await documents.send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.athleteTests(teamId, trace.athleteId), ':from': `${keys.testPrefix}${slot}`, ':to': `${keys.testPrefix}${slot}\uffff` },
    }),
  );
  const items = out.Items ?? [];
  const summaries = items.filter((i) => i.origin !== 'trace').map(fromTestItem).filter((t) => t.testType === trace.testType);
  if (summaries.length === 1) {
    await putDetail(teamId, trace.athleteId, summaries[0]!.testId, detailOf(trace));
    return { testId: summaries[0]!.testId, storeTraceTest: false };
  }
  if (summaries.length > 1) {
    trace.warnings.push({ code: 'trace-not-merged', message: `${summaries.length} ${trace.testType} tests of this athlete in ${slot}: the trace is stored as its own test` });
  }
  await putDetail(teamId, trace.athleteId, trace.testId, detailOf(trace));
  await documents.send(
    new PutCommand({
      TableName: config.tableName,
      Item: { pk: keys.team(teamId), sk: `${SLOT_PREFIX}${slotKey(trace.athleteId, slot, trace.testType)}`, type: 'trace-slot', testId: trace.testId, testedAt: trace.testedAt },
    }),
  );
  return { testId: trace.testId, storeTraceTest: true };
}
