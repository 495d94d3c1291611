import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { aliasKeys, type AthleteKeys } from '#core/identity/athlete-id.ts';
import type { AthleteProfile } from '#core/model/athlete-profile.ts';
import type { TestRecord } from '#core/model/test-record.ts';
import type { AthleteSummary } from '#core/model/risk.ts';
import { config, documents } from './clients.ts';
import { keys } from './keys.ts';
import { decodePageToken, encodePageToken, type Page } from './page-token.ts';
import { queryAllWithPrefix, setExpression } from './queries.ts';

/** The latest test of one type, as the athlete item keeps it for the squad view. */
export interface LatestTest {
  testId: string;
  testedAt: string;
  testType: string;
  bodyMassKg: number | null;
  left: { peakN: number | null; repCount: number; peakNPerKg: number | null };
  right: { peakN: number | null; repCount: number; peakNPerKg: number | null };
  asymmetry: TestRecord['asymmetry'];
  warnings: string[];
}

export interface AthleteItem {
  athleteId: string;
  name: string | null;
  externalId: string | null;
  valdProfileId: string | null;
  squad?: string | null;
  position?: string | null;
  sport?: string | null;
  bodyMassKg?: number | null;
  dateOfBirth?: string | null;
  injuries?: AthleteProfile['injuries'];
  createdAt: string;
  updatedAt: string;
  latest: Record<string, LatestTest>;
  /** Status, change and trends per test type, as the recompute handler last wrote them. */
  summaries: Record<string, AthleteSummary>;
}

export const isConditionFailure = (e: unknown) => e instanceof ConditionalCheckFailedException || (e as Error).name === 'ConditionalCheckFailedException';

/** Every alias → athleteId link of a team (roster and earlier imports), for resolving a new upload. */
export async function loadAliases(teamId: string): Promise<Map<string, string>> {
  const items = await queryAllWithPrefix(keys.team(teamId), keys.aliasPrefix);
  return new Map(items.map((item) => [String(item.sk).slice(keys.aliasPrefix.length), String(item.athleteId)]));
}

/** Links an athlete's name / external id / VALD id; a roster overwrites links, an import only adds missing ones. */
export async function linkAliases(teamId: string, athleteId: string, athlete: AthleteKeys, overwrite: boolean): Promise<void> {
  for (const alias of aliasKeys(athlete)) {
    try {
      await documents.send(
        new PutCommand({
          TableName: config.tableName,
          Item: { pk: keys.team(teamId), sk: keys.aliasSk(alias), type: 'alias', athleteId },
          ...(overwrite ? {} : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  }
}

/** Creates the athlete if missing (keeping any roster data); returns true when it was created now. */
export async function ensureAthlete(teamId: string, athleteId: string, athlete: AthleteKeys, now: string): Promise<boolean> {
  const out = await documents.send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: { pk: keys.team(teamId), sk: keys.athleteSk(athleteId) },
      UpdateExpression:
        'SET #type = :type, athleteId = :id, #name = if_not_exists(#name, :name), externalId = if_not_exists(externalId, :ext), ' +
        'valdProfileId = if_not_exists(valdProfileId, :vald), createdAt = if_not_exists(createdAt, :now), updatedAt = :now',
      ExpressionAttributeNames: { '#type': 'type', '#name': 'name' },
      ExpressionAttributeValues: {
        ':type': 'athlete',
        ':id': athleteId,
        ':name': athlete.name,
        ':ext': athlete.externalId,
        ':vald': athlete.valdProfileId,
        ':now': now,
      },
      ReturnValues: 'UPDATED_OLD',
    }),
  );
  return out.Attributes?.createdAt === undefined;
}

export function latestOf(test: TestRecord): LatestTest {
  const side = (s: TestRecord['left']) => ({ peakN: s.peakN, repCount: s.repCount, peakNPerKg: s.peakNPerKg });
  return {
    testId: test.testId,
    testedAt: test.testedAt,
    testType: test.testType,
    bodyMassKg: test.bodyMassKg,
    left: side(test.left),
    right: side(test.right),
    asymmetry: test.asymmetry,
    warnings: test.warnings.map((w) => w.code),
  };
}

/**
 * Keeps the athlete's latest test of a type: a conditional write that only moves forward in time, so
 * uploads arriving in any order, or twice, leave the newest test in place.
 */
export async function updateLatest(teamId: string, test: TestRecord, replacesTestId?: string): Promise<boolean> {
  // A summary row that absorbed a trace-only test may replace it even when the trace's clock was later.
  const replaces = replacesTestId ? ' OR #latest.testId = :replaced' : '';
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: { pk: keys.team(teamId), sk: keys.athleteSk(test.athleteId) },
        UpdateExpression: 'SET #latest = :latest',
        ConditionExpression: `attribute_exists(pk) AND (attribute_not_exists(#latest) OR #latest.testedAt < :t OR (#latest.testedAt = :t AND #latest.testId <= :id)${replaces})`,
        ExpressionAttributeNames: { '#latest': keys.latestAttr(test.testType) },
        ExpressionAttributeValues: { ':latest': latestOf(test), ':t': test.testedAt, ':id': test.testId, ...(replacesTestId ? { ':replaced': replacesTestId } : {}) },
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/** A roster row: creates or updates the profile (and, unless told not to, overwrites its aliases); returns true when the athlete is new. */
export async function upsertProfile(teamId: string, profile: AthleteProfile, now: string, withAliases = true): Promise<boolean> {
  const { athleteId, ...fields } = profile;
  const out = await documents.send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: { pk: keys.team(teamId), sk: keys.athleteSk(athleteId) },
      ...setExpression(
        {
          sets: ['#type = :type', 'athleteId = :id', 'createdAt = if_not_exists(createdAt, :now)', 'updatedAt = :now'],
          names: { '#type': 'type' },
          values: { ':type': 'athlete', ':id': athleteId, ':now': now },
        },
        fields,
      ),
      ReturnValues: 'UPDATED_OLD',
    }),
  );
  if (withAliases) await linkAliases(teamId, athleteId, { name: profile.name, externalId: profile.externalId, valdProfileId: profile.valdProfileId }, true);
  return out.Attributes?.createdAt === undefined;
}

export function fromAthleteItem(item: Record<string, unknown>): AthleteItem {
  const latest: Record<string, LatestTest> = {};
  const summaries: Record<string, AthleteSummary> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (k.startsWith('latest#')) latest[k.slice('latest#'.length)] = v as LatestTest;
    else if (k.startsWith('summary#')) summaries[k.slice('summary#'.length)] = v as AthleteSummary;
    else if (!['pk', 'sk', 'type'].includes(k)) rest[k] = v;
  }
  return { ...(rest as Omit<AthleteItem, 'latest' | 'summaries'>), latest, summaries };
}

export async function getAthlete(teamId: string, athleteId: string): Promise<AthleteItem | null> {
  const out = await documents.send(
    new GetCommand({ TableName: config.tableName, Key: { pk: keys.team(teamId), sk: keys.athleteSk(athleteId) } }),
  );
  return out.Item ? fromAthleteItem(out.Item) : null;
}

/** The squad: the team's athlete items, one Query page at a time. */
export async function querySquad(teamId: string, limit: number, next?: string): Promise<Page<AthleteItem>> {
  const pk = keys.team(teamId);
  const out = await documents.send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': pk, ':p': keys.athletePrefix },
      Limit: limit,
      ExclusiveStartKey: decodePageToken(next, { pk, skPrefix: keys.athletePrefix }),
    }),
  );
  return { items: (out.Items ?? []).map(fromAthleteItem), next: encodePageToken(out.LastEvaluatedKey) };
}
