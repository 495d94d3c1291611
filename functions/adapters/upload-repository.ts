import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { hash64Hex } from '#core/identity/hash64.ts';
import type { AnalyzeSummary } from '#core/analyze/summary.ts';
import type { Rejection } from '#core/model/test-record.ts';
import { config, documents } from './clients.ts';
import { keys } from './keys.ts';
import { decodePageToken, encodePageToken, type Page } from './page-token.ts';
import { setExpression } from './queries.ts';

export type UploadStatus = 'queued' | 'processing' | 'done' | 'rejected' | 'failed' | 'held';

/** A roster's merge of an athlete earlier imports had made into the roster's athlete (ingest/relink-athletes.ts). */
export interface Relinked {
  /** The athlete imports had made, now merged and gone. */
  from: string;
  /** The roster's athlete that holds its tests now. */
  to: string;
  tests: number;
}

/** Rejections kept on the item; the full list is in the S3 report (DynamoDB items stop at 400 KB). */
export const REJECTIONS_ON_ITEM = 100;

export interface UploadRecord {
  uploadId: string;
  teamId: string;
  key: string;
  fileName: string;
  status: UploadStatus;
  createdAt: string;
  updatedAt: string;
  kind?: string;
  summary?: AnalyzeSummary;
  storedTests?: number;
  storedWorkouts?: number;
  /** Athletes whose summary this upload queued for recompute. */
  recomputes?: number;
  storedAthletes?: number;
  newAthletes?: string[];
  relinked?: Relinked[];
  rejected?: Rejection[];
  /** Every entry of the report's `rejected`, the no-rep rows (code `no-reps`) included. */
  rejectedCount?: number;
  /** Rows with no repetitions on either side: listed in `rejected`, not tests (summary.rejectedRows leaves them out). */
  noRepRows?: number;
  reportKey?: string;
  error?: string | null;
  /** Status `held`: why, and what to do (the dates did not settle the day/month order). */
  held?: { message: string; rows: number; example: string | null } | null;
  /** The day/month order answered for this upload (POST …/date-order); ingest reads it. */
  dateOrderAnswer?: 'MDY' | 'DMY';
  /** This file's dates settled the order and the team had none: it became the team's setting. */
  /** Lists cut to keep the item within DynamoDB's 400 KB (ingest/bounded-upload.ts). */
  listsCut?: string;
  dateOrderLearned?: { dateOrder: 'MDY' | 'DMY'; evidence: string; teamSetting: boolean } | null;
  /** A large upload stored in chunks (ingest/chunks/): how many, and how many are stored so far. */
  parts?: { total: number; done: number };
}

/** An upload is an object key: the same key always maps to the same upload id (replays overwrite). */
export const uploadIdFor = (objectKey: string) => `u${hash64Hex(objectKey)}`;

export const reportKeyFor = (teamId: string, uploadId: string) => `reports/${teamId}/${uploadId}.json`;

/** Creates or updates an upload's item; createdAt and its list position are set once. */
export async function saveUpload(
  record: Pick<UploadRecord, 'uploadId' | 'teamId' | 'key' | 'fileName' | 'status'> & Partial<UploadRecord>,
  now: string,
): Promise<void> {
  const { uploadId, teamId, createdAt: _created, updatedAt: _updated, ...fields } = record;
  await documents.send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: { pk: keys.team(teamId), sk: keys.uploadSk(uploadId) },
      ...setExpression(
        {
          sets: ['#type = :type', 'uploadId = :id', 'teamId = :team', 'createdAt = if_not_exists(createdAt, :now)', 'lsi1sk = if_not_exists(lsi1sk, :lsi)', 'updatedAt = :now'],
          names: { '#type': 'type' },
          values: { ':type': 'upload', ':id': uploadId, ':team': teamId, ':now': now, ':lsi': keys.uploadLsi(now, uploadId) },
        },
        fields,
      ),
    }),
  );
}

function fromItem(item: Record<string, unknown>): UploadRecord {
  const { pk: _pk, sk: _sk, lsi1sk: _lsi, type: _type, planId: _plan, finishedPlan: _finished, finisher: _finisher, partsTotal, partsPending, ...rest } = item;
  const record = rest as unknown as UploadRecord;
  if (typeof partsTotal === 'number') record.parts = { total: partsTotal, done: partsTotal - (partsPending instanceof Set ? partsPending.size : 0) };
  return record;
}

/**
 * A chunked upload's parts, all pending, for plan `planId` (a plan made again for the same object starts over:
 * parts already stored say so again at once, from their results).
 */
export async function startParts(teamId: string, uploadId: string, planId: string, total: number): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: { pk: keys.team(teamId), sk: keys.uploadSk(uploadId) },
      UpdateExpression: 'SET planId = :plan, partsTotal = :total, partsPending = :all REMOVE finishedPlan, finisher',
      ExpressionAttributeValues: { ':plan': planId, ':total': total, ':all': new Set(Array.from({ length: total }, (_, i) => i)) },
    }),
  );
}

/**
 * One part stored: taken off the pending set, atomically. 'last' when none is pending any more and the upload is
 * not finished yet (also for the retry of a last part that failed while finishing), 'finished' when it is, 'stale'
 * when the upload has been planned anew since.
 */
export async function finishPart(teamId: string, uploadId: string, planId: string, index: number, messageId: string): Promise<'last' | 'more' | 'stale' | 'finished'> {
  const Key = { pk: keys.team(teamId), sk: keys.uploadSk(uploadId) };
  let pending: ReadonlySet<number>;
  let finishedPlan: string | undefined;
  try {
    // Only while the part is pending (a DELETE of what a set no longer holds is not relied upon).
    const out = await documents.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key,
        UpdateExpression: 'DELETE partsPending :part',
        ConditionExpression: 'planId = :plan AND contains(partsPending, :index)',
        ExpressionAttributeValues: { ':part': new Set([index]), ':index': index, ':plan': planId },
        ReturnValues: 'ALL_NEW',
      }),
    );
    pending = out.Attributes?.partsPending instanceof Set ? (out.Attributes.partsPending as Set<number>) : new Set();
    finishedPlan = out.Attributes?.finishedPlan as string | undefined;
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    // Off the set already (a redelivery), or planned anew.
    const state = await planState(teamId, uploadId);
    if (state.planId !== planId) return 'stale';
    ({ pending, finishedPlan } = state);
  }
  if (pending.size > 0) return 'more';
  if (finishedPlan === planId) return 'finished';
  // None pending: one message finishes the upload (a copy of another part's message, delivered late, must not
  // finish it a second time meanwhile); the redelivery of that same message may (it failed while finishing).
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key,
        UpdateExpression: 'SET finisher = :me',
        ConditionExpression: 'planId = :plan AND (attribute_not_exists(finisher) OR finisher = :me)',
        ExpressionAttributeValues: { ':me': messageId, ':plan': planId },
      }),
    );
    return 'last';
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    return (await planState(teamId, uploadId)).planId === planId ? 'more' : 'stale';
  }
}

export interface PlanState {
  /** The plan the upload's parts belong to (undefined: not chunked). */
  planId?: string;
  /** The plan it was last finished for. */
  finishedPlan?: string;
  /** Parts not stored yet. */
  pending: ReadonlySet<number>;
}

export async function planState(teamId: string, uploadId: string): Promise<PlanState> {
  const out = await documents.send(
    new GetCommand({ TableName: config.tableName, Key: { pk: keys.team(teamId), sk: keys.uploadSk(uploadId) }, ProjectionExpression: 'planId, finishedPlan, partsPending', ConsistentRead: true }),
  );
  const item = out.Item ?? {};
  return {
    ...(typeof item.planId === 'string' ? { planId: item.planId } : {}),
    ...(typeof item.finishedPlan === 'string' ? { finishedPlan: item.finishedPlan } : {}),
    pending: item.partsPending instanceof Set ? (item.partsPending as Set<number>) : new Set(),
  };
}

/**
 * A chunked upload finished (its report and status written): a chunk delivered again later changes nothing.
 * Finishing again would: athletes created the first time are no longer new.
 */
export async function markFinished(teamId: string, uploadId: string, planId: string): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: { pk: keys.team(teamId), sk: keys.uploadSk(uploadId) },
      UpdateExpression: 'SET finishedPlan = :plan',
      ConditionExpression: 'planId = :plan',
      ExpressionAttributeValues: { ':plan': planId },
    }),
  ).catch((error: Error) => {
    if (error.name !== 'ConditionalCheckFailedException') throw error; // planned anew meanwhile: that plan finishes it
  });
}

export async function getUpload(teamId: string, uploadId: string): Promise<UploadRecord | null> {
  const out = await documents.send(
    new GetCommand({ TableName: config.tableName, Key: { pk: keys.team(teamId), sk: keys.uploadSk(uploadId) } }),
  );
  return out.Item ? fromItem(out.Item) : null;
}

/** Recent uploads, newest first (LSI ordered by creation time). */
export async function listUploads(teamId: string, limit: number, next?: string): Promise<Page<UploadRecord>> {
  const pk = keys.team(teamId);
  const out = await documents.send(
    new QueryCommand({
      TableName: config.tableName,
      IndexName: 'lsi1',
      KeyConditionExpression: 'pk = :pk AND begins_with(lsi1sk, :p)',
      ExpressionAttributeValues: { ':pk': pk, ':p': keys.uploadPrefix },
      ProjectionExpression: 'pk, sk, lsi1sk, uploadId, teamId, #key, fileName, #status, createdAt, updatedAt, kind, storedTests, rejectedCount, noRepRows, newAthletes, partsTotal, partsPending',
      ExpressionAttributeNames: { '#key': 'key', '#status': 'status' },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodePageToken(next, { pk, skPrefix: keys.uploadPrefix, index: { attribute: 'lsi1sk', prefix: keys.uploadPrefix } }),
    }),
  );
  return { items: (out.Items ?? []).map(fromItem), next: encodePageToken(out.LastEvaluatedKey) };
}
