/**
 * An upload's per-athlete writes, batched (issue 19): an upload of 20,000 athletes used to send about five
 * requests per athlete, one after another (ensure the athlete, link up to three aliases, move each latest
 * test). Now:
 *
 * 1. the athletes' items are read 100 to a BatchGetItem (only the attributes decided here);
 * 2. an athlete that does not exist is created with its latest tests in ONE conditional PutItem
 *    (`attribute_not_exists`); an existing one gets ONE UpdateItem, and only when something changes — a
 *    replayed upload writes nothing. Those writes stay single conditional requests, sent 16 side by side,
 *    because BatchWriteItem has no conditions: its put replaces the whole item, and a roster stored at
 *    the same moment (its profile fields) or a recompute (its summaries) would be lost. The conditions are
 *    the old ones (created only if absent; latest only moves forward), so two uploads of the same team at
 *    once still end with the newest test: a write whose condition fails falls back to the per-test path
 *    (ensureAthlete, then updateLatest per type), which is the old code and decides in DynamoDB itself;
 * 3. import aliases that are missing (read 100 to a BatchGetItem) are written 25 to a BatchWriteItem.
 *    An import only adds a missing alias, and every import derives the same athlete for a name or id, so
 *    the one race left is a roster relinking that very alias between our read and our write (milliseconds):
 *    the import's alias would win, and the roster's next upload (or a relink) puts it back. Roster aliases
 *    overwrite by design, so for them a batch is exactly the old behaviour.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { aliasKeys, type AthleteKeys } from '#core/identity/athlete-id.ts';
import type { AthleteProfile } from '#core/model/athlete-profile.ts';
import type { TestRecord } from '#core/model/test-record.ts';
import { ensureAthlete, isConditionFailure, latestOf, updateLatest, upsertProfile, type LatestTest } from './athlete-repository.ts';
import { batchGet, forEachLimited } from './batch-get.ts';
import { batchPut } from './batch-write.ts';
import { config, documents } from './clients.ts';
import { keys } from './keys.ts';

/** Conditional writes in flight at once (each one request; DynamoDB on demand takes them in parallel). */
export const WRITES_IN_FLIGHT = 16;

export interface AthleteLatest {
  athleteId: string;
  /** Name / external id / VALD id of the athlete's first test in the upload (what ensureAthlete was given). */
  ids: AthleteKeys;
  /** The upload's latest tests of the athlete (already without detail); `replaces`: the trace-only test it absorbed. */
  tests: { test: TestRecord; replaces?: string | undefined }[];
}

/** Would `test` take the place of `current` as the latest? The same rule as updateLatest's condition. */
export function movesLatest(current: LatestTest | undefined, test: TestRecord, replaces?: string): boolean {
  if (!current) return true;
  if (replaces !== undefined && current.testId === replaces) return true;
  return current.testedAt < test.testedAt || (current.testedAt === test.testedAt && current.testId <= test.testId);
}

/** Creates missing athletes and moves their latest tests forward; returns the athletes created now. */
export async function storeAthletesLatest(teamId: string, athletes: AthleteLatest[], now: string): Promise<string[]> {
  if (athletes.length === 0) return [];
  const types = [...new Set(athletes.flatMap((a) => a.tests.map((t) => t.test.testType)))];
  const names: Record<string, string> = { '#name': 'name' };
  types.forEach((type, i) => (names[`#l${i}`] = keys.latestAttr(type)));
  const stored = await batchGet(
    documents,
    config.tableName,
    athletes.map((a) => ({ pk: keys.team(teamId), sk: keys.athleteSk(a.athleteId) })),
    { projection: { expression: ['sk', 'createdAt', '#name', 'externalId', 'valdProfileId', ...types.map((_, i) => `#l${i}`)].join(', '), names } },
  );
  const bySk = new Map(stored.map((item) => [String(item.sk), item]));
  const created = new Set<string>();
  await forEachLimited(athletes, WRITES_IN_FLIGHT, async (athlete) => {
    const item = bySk.get(keys.athleteSk(athlete.athleteId));
    if (!item) {
      if (await createAthlete(teamId, athlete, now)) created.add(athlete.athleteId);
      return;
    }
    await updateAthlete(teamId, athlete, item, now);
  });
  // In the upload's order, whatever order the writes finished in.
  return athletes.map((a) => a.athleteId).filter((id) => created.has(id));
}

/** The newest of the upload's tests per type, in the order the old per-test updates applied them. */
function newestPerType(athlete: AthleteLatest, current: (type: string) => LatestTest | undefined) {
  const out = new Map<string, { test: TestRecord; replaces?: string | undefined; latest: LatestTest }>();
  for (const entry of athlete.tests) {
    const held = out.get(entry.test.testType);
    if (movesLatest(held?.latest ?? current(entry.test.testType), entry.test, entry.replaces)) out.set(entry.test.testType, { ...entry, latest: latestOf(entry.test) });
  }
  return out;
}

async function createAthlete(teamId: string, athlete: AthleteLatest, now: string): Promise<boolean> {
  const latest = newestPerType(athlete, () => undefined);
  try {
    await documents.send(
      new PutCommand({
        TableName: config.tableName,
        Item: {
          pk: keys.team(teamId),
          sk: keys.athleteSk(athlete.athleteId),
          type: 'athlete',
          athleteId: athlete.athleteId,
          name: athlete.ids.name,
          externalId: athlete.ids.externalId,
          valdProfileId: athlete.ids.valdProfileId,
          createdAt: now,
          updatedAt: now,
          ...Object.fromEntries([...latest].map(([type, l]) => [keys.latestAttr(type), l.latest])),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    // Created meanwhile (another upload, a roster): the old path, which decides in DynamoDB.
    const isNew = await ensureAthlete(teamId, athlete.athleteId, athlete.ids, now);
    for (const { test, replaces } of athlete.tests) await updateLatest(teamId, test, replaces);
    return isNew;
  }
}

async function updateAthlete(teamId: string, athlete: AthleteLatest, item: Record<string, unknown>, now: string): Promise<void> {
  const current = (type: string) => item[keys.latestAttr(type)] as LatestTest | undefined;
  const changed = [...newestPerType(athlete, current)].filter(([type, l]) => canonical(current(type)) !== canonical(l.latest));
  const sets: string[] = [];
  const conditions: string[] = ['attribute_exists(pk)'];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const [field, value] of [['name', athlete.ids.name], ['externalId', athlete.ids.externalId], ['valdProfileId', athlete.ids.valdProfileId]] as const) {
    // ensureAthlete's if_not_exists: only an attribute the item lacks altogether.
    if (item[field] !== undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = if_not_exists(#${field}, :${field})`);
  }
  changed.forEach(([type, l], i) => {
    names[`#l${i}`] = keys.latestAttr(type);
    values[`:l${i}`] = l.latest;
    values[`:t${i}`] = l.test.testedAt;
    values[`:id${i}`] = l.test.testId;
    const replaces = l.replaces ? ` OR #l${i}.testId = :r${i}` : '';
    if (l.replaces) values[`:r${i}`] = l.replaces;
    sets.push(`#l${i} = :l${i}`);
    conditions.push(`(attribute_not_exists(#l${i}) OR #l${i}.testedAt < :t${i} OR (#l${i}.testedAt = :t${i} AND #l${i}.testId <= :id${i})${replaces})`);
  });
  if (sets.length === 0) return; // nothing this upload changes (a replay)
  values[':now'] = now;
  sets.push('updatedAt = :now');
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: { pk: keys.team(teamId), sk: keys.athleteSk(athlete.athleteId) },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    // A newer test arrived meanwhile for some type (or the athlete was merged away): decide per test.
    await ensureAthlete(teamId, athlete.athleteId, athlete.ids, now);
    for (const { test, replaces } of athlete.tests) await updateLatest(teamId, test, replaces);
  }
}

/** JSON with keys sorted: a map read back from DynamoDB need not keep its keys' order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** Import aliases: each athlete's name / external id / VALD id linked where no link exists yet (the first athlete wins a shared alias). */
export async function linkMissingAliases(teamId: string, athletes: { athleteId: string; ids: AthleteKeys }[]): Promise<void> {
  const wanted = new Map<string, string>();
  for (const a of athletes) for (const alias of aliasKeys(a.ids)) if (!wanted.has(alias)) wanted.set(alias, a.athleteId);
  if (wanted.size === 0) return;
  const existing = await batchGet(
    documents,
    config.tableName,
    [...wanted.keys()].map((alias) => ({ pk: keys.team(teamId), sk: keys.aliasSk(alias) })),
    { projection: { expression: 'sk', names: {} } },
  );
  for (const item of existing) wanted.delete(String(item.sk).slice(keys.aliasPrefix.length));
  await batchPut(documents, config.tableName, [...wanted].map(([alias, athleteId]) => aliasItem(teamId, alias, athleteId)));
}

const aliasItem = (teamId: string, alias: string, athleteId: string) => ({ pk: keys.team(teamId), sk: keys.aliasSk(alias), type: 'alias', athleteId });

/** Roster rows: each profile upserted (one UpdateItem each, 16 at once), then their aliases overwritten in batches; returns the new athletes. */
export async function upsertProfiles(teamId: string, profiles: AthleteProfile[], now: string): Promise<string[]> {
  const created = new Set<string>();
  await forEachLimited(profiles, WRITES_IN_FLIGHT, async (profile) => {
    if (await upsertProfile(teamId, profile, now, false)) created.add(profile.athleteId);
  });
  // A later row's link wins, as when the rows were written one after another.
  const links = new Map<string, string>();
  for (const p of profiles) for (const alias of aliasKeys({ name: p.name, externalId: p.externalId, valdProfileId: p.valdProfileId })) links.set(alias, p.athleteId);
  await batchPut(documents, config.tableName, [...links].map(([alias, athleteId]) => aliasItem(teamId, alias, athleteId)));
  return profiles.map((p) => p.athleteId).filter((id) => created.has(id));
}
