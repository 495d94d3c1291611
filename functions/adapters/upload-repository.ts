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
  const { pk: _pk, sk: _sk, lsi1sk: _lsi, type: _type, ...rest } = item;
  return rest as unknown as UploadRecord;
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
      ProjectionExpression: 'pk, sk, lsi1sk, uploadId, teamId, #key, fileName, #status, createdAt, updatedAt, kind, storedTests, rejectedCount, noRepRows, newAthletes',
      ExpressionAttributeNames: { '#key': 'key', '#status': 'status' },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodePageToken(next, { pk, skPrefix: keys.uploadPrefix, index: { attribute: 'lsi1sk', prefix: keys.uploadPrefix } }),
    }),
  );
  return { items: (out.Items ?? []).map(fromItem), next: encodePageToken(out.LastEvaluatedKey) };
}
