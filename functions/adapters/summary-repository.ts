import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AthleteSummary, AthleteTrend, TeamRisk } from '#core/model/risk.ts';
import { isConditionFailure } from './athlete-repository.ts';
import { batchPut } from './batch-write.ts';
import { config, documents } from './clients.ts';
import { keys } from './keys.ts';

/**
 * What the recompute handler precomputes so that every GET is one Get or one Query: the athlete item's
 * `summary#<type>` attributes (read by the squad Query), the athlete's chart series (`SERIES#<type>`)
 * and the team aggregate (`RISK#<type>`).
 */

/** One UpdateItem for all of an athlete's summaries; false when the athlete is gone (merged away meanwhile). */
export async function saveSummaries(teamId: string, athleteId: string, summaries: AthleteSummary[]): Promise<boolean> {
  if (summaries.length === 0) return true;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = summaries.map((s, i) => {
    names[`#s${i}`] = keys.summaryAttr(s.testType);
    values[`:s${i}`] = s;
    return `#s${i} = :s${i}`;
  });
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: { pk: keys.team(teamId), sk: keys.athleteSk(athleteId) },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/** The chart series, one item per test type, in one BatchWriteItem. */
export async function saveTrends(teamId: string, athleteId: string, trends: AthleteTrend[]): Promise<void> {
  await batchPut(
    documents,
    config.tableName,
    trends.map((t) => ({ pk: keys.athleteTests(teamId, athleteId), sk: keys.seriesSk(t.testType), type: 'series', ...t })),
  );
}

export async function getTrend(teamId: string, athleteId: string, testType: string): Promise<AthleteTrend | null> {
  const out = await documents.send(new GetCommand({ TableName: config.tableName, Key: { pk: keys.athleteTests(teamId, athleteId), sk: keys.seriesSk(testType) } }));
  if (!out.Item) return null;
  const { pk: _pk, sk: _sk, type: _type, ...trend } = out.Item;
  return trend as unknown as AthleteTrend;
}

/** The team aggregate item: the risk the API serves, and the team context the next recomputes use. */
export interface TeamRiskItem<Context = unknown> {
  risk: TeamRisk;
  context: Context;
  /** Set while a delayed whole-team recompute is queued (the context moved), cleared when it runs. */
  teamRecomputeQueuedAt?: string | null;
}

export async function getTeamRisk<Context>(teamId: string, testType: string): Promise<TeamRiskItem<Context> | null> {
  const out = await documents.send(new GetCommand({ TableName: config.tableName, Key: { pk: keys.team(teamId), sk: keys.riskSk(testType) } }));
  return (out.Item as TeamRiskItem<Context> | undefined) ?? null;
}

/** Writes the aggregate, leaving a queued team recompute's marker as it is. */
export async function saveTeamRisk<Context>(teamId: string, testType: string, risk: TeamRisk, context: Context): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: { pk: keys.team(teamId), sk: keys.riskSk(testType) },
      UpdateExpression: 'SET #type = :type, risk = :risk, #context = :context',
      ExpressionAttributeNames: { '#type': 'type', '#context': 'context' },
      ExpressionAttributeValues: { ':type': 'team-risk', ':risk': risk, ':context': context },
    }),
  );
}

/** The queued team recompute is running: the next move of the context may queue another. */
export async function clearTeamRecompute(teamId: string, testType: string): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: { pk: keys.team(teamId), sk: keys.riskSk(testType) },
      UpdateExpression: 'SET teamRecomputeQueuedAt = :none',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':none': null },
    }),
  ).catch((e) => {
    if (!isConditionFailure(e)) throw e;
  });
}

/** Claims the one pending whole-team recompute; false when one is already queued (a bulk upload's batches share it). */
export async function claimTeamRecompute(teamId: string, testType: string, at: string): Promise<boolean> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: { pk: keys.team(teamId), sk: keys.riskSk(testType) },
        UpdateExpression: 'SET teamRecomputeQueuedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(teamRecomputeQueuedAt) OR teamRecomputeQueuedAt = :none)',
        ExpressionAttributeValues: { ':at': at, ':none': null },
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}
