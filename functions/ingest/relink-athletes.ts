/**
 * A roster can link a name, external id or VALD id to another athlete than the one earlier imports made
 * for it: `Athlete 002` was imported as `athlete-002`, then the roster says `Athlete 002` is `A2`. Later
 * uploads resolve to A2 through the roster's aliases; this moves what came before, so that the squad
 * shows one athlete with one history:
 *
 * 1. the earlier athlete's tests, their trace detail and waiting trace slots are written under the
 *    roster's athlete, derived test ids derived again for it (shared/identity/relinked-test-id.ts: a
 *    re-import of the same export then overwrites them, never doubles them);
 * 2. the roster athlete's latest test per type moves forward if a moved test is newer;
 * 3. the old items, and the aliases still naming the earlier athlete, are deleted or repointed;
 * 4. the earlier athlete's item is deleted, last.
 *
 * Which athletes to merge is read from the table, not from what this upload changed: an athlete whose own
 * name / external id / VALD id now resolves to another athlete. A retried message therefore finishes a
 * merge that stopped half-way, and every step is an idempotent put, delete or conditional update.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { resolverFromAliases } from '#core/identity/athlete-id.ts';
import { idKey } from '#core/identity/id-grammar.ts';
import { testIdForAthlete } from '#core/identity/relinked-test-id.ts';
import { isConditionFailure, loadAliases, updateLatest } from '../adapters/athlete-repository.ts';
import { batchDelete, batchPut } from '../adapters/batch-write.ts';
import { config, documents } from '../adapters/clients.ts';
import { keys } from '../adapters/keys.ts';
import { queryAllWithPrefix } from '../adapters/queries.ts';
import { detailSk, withoutDetail } from '../adapters/test-detail-repository.ts';
import { fromTestItem, testItem, type StoredTest, type TestOrigin } from '../adapters/test-repository.ts';
import type { Relinked } from '../adapters/upload-repository.ts';
import { SLOT_PREFIX } from './trace-merge.ts';

/** Merges every athlete that the team's aliases now resolve to another one (see above); `keep`: never merged (this roster's own). */
export async function relinkAthletes(teamId: string, keep: ReadonlySet<string>): Promise<Relinked[]> {
  const aliases = await loadAliases(teamId);
  const resolve = resolverFromAliases(aliases);
  const kept = new Set([...keep].map(idKey));
  const relinked: Relinked[] = [];
  for (const item of await queryAllWithPrefix(keys.team(teamId), keys.athletePrefix)) {
    const from = String(item.athleteId);
    if (kept.has(idKey(from))) continue;
    const to = resolve({ name: (item.name as string | null) ?? null, externalId: (item.externalId as string | null) ?? null, valdProfileId: (item.valdProfileId as string | null) ?? null });
    if (to === undefined || idKey(to) === idKey(from)) continue;
    relinked.push({ from, to, tests: await mergeAthlete(teamId, from, to, aliases) });
  }
  return relinked;
}

async function mergeAthlete(teamId: string, from: string, to: string, aliases: ReadonlyMap<string, string>): Promise<number> {
  const oldPk = keys.athleteTests(teamId, from);
  const newPk = keys.athleteTests(teamId, to);
  const [testItems, detailItems, slotItems] = await Promise.all([
    queryAllWithPrefix(oldPk, keys.testPrefix),
    queryAllWithPrefix(oldPk, detailSk('')),
    queryAllWithPrefix(keys.team(teamId), `${SLOT_PREFIX}${idKey(from)}#`),
  ]);

  const newIds = new Map<string, string>();
  const moved: StoredTest[] = [];
  const puts: Record<string, unknown>[] = [];
  for (const item of testItems) {
    const test = fromTestItem(item);
    const testId = testIdForAthlete(test, to);
    newIds.set(test.testId, testId);
    const movedTest = { ...test, athleteId: to, testId };
    moved.push(movedTest);
    puts.push(testItem(teamId, test.uploadId, movedTest, (item.origin as TestOrigin | undefined) ?? 'summary'));
  }
  for (const item of detailItems) {
    const testId = newIds.get(String(item.detailOf)) ?? String(item.detailOf);
    puts.push({ ...item, pk: newPk, sk: detailSk(testId), detailOf: testId });
  }
  await batchPut(documents, config.tableName, puts);
  await batchPut(
    documents,
    config.tableName,
    slotItems.map((slot) => {
      const rest = String(slot.sk).slice(`${SLOT_PREFIX}${idKey(from)}#`.length);
      return { ...slot, sk: `${SLOT_PREFIX}${idKey(to)}#${rest}`, testId: newIds.get(String(slot.testId)) ?? slot.testId };
    }),
  );

  // The newest moved test of each type may be the roster athlete's latest now (a forward-only update).
  const newest = new Map<string, StoredTest>();
  for (const test of moved) {
    const held = newest.get(test.testType);
    if (!held || test.testedAt > held.testedAt || (test.testedAt === held.testedAt && test.testId > held.testId)) newest.set(test.testType, test);
  }
  for (const test of newest.values()) await updateLatest(teamId, withoutDetail(test));

  await batchDelete(documents, config.tableName, [
    ...testItems.map((i) => ({ pk: i.pk, sk: i.sk })),
    ...detailItems.map((i) => ({ pk: i.pk, sk: i.sk })),
    ...slotItems.map((i) => ({ pk: i.pk, sk: i.sk })),
  ]);
  for (const [alias, athleteId] of aliases) {
    if (idKey(athleteId) !== idKey(from)) continue;
    try {
      await documents.send(
        new PutCommand({
          TableName: config.tableName,
          Item: { pk: keys.team(teamId), sk: keys.aliasSk(alias), type: 'alias', athleteId: to },
          ConditionExpression: 'athleteId = :from',
          ExpressionAttributeValues: { ':from': from },
        }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  }
  await documents.send(new DeleteCommand({ TableName: config.tableName, Key: { pk: keys.team(teamId), sk: keys.athleteSk(from) } }));
  return moved.length;
}
