/**
 * Uploads held for their day/month order, one marker item each (`TEAM#<team>` / `HELD#<uploadId>`), so that
 * setting the order finds them with one Query instead of reading every upload report of the team.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config, documents } from './clients.ts';
import { keys } from './keys.ts';
import { queryAllWithPrefix } from './queries.ts';

export const HELD_PREFIX = 'HELD#';

export interface HeldUpload {
  uploadId: string;
  key: string;
  versionId?: string | undefined;
  fileName: string;
  heldAt: string;
}

const heldKey = (teamId: string, uploadId: string) => ({ pk: keys.team(teamId), sk: `${HELD_PREFIX}${uploadId}` });

export async function markHeld(teamId: string, held: HeldUpload): Promise<void> {
  await documents.send(new PutCommand({ TableName: config.tableName, Item: { ...heldKey(teamId, held.uploadId), type: 'held-upload', ...held } }));
}

/** After an upload was read to its end (held no more); a no-op when it never was held. */
export async function unmarkHeld(teamId: string, uploadId: string): Promise<void> {
  await documents.send(new DeleteCommand({ TableName: config.tableName, Key: heldKey(teamId, uploadId) }));
}

export async function listHeld(teamId: string): Promise<HeldUpload[]> {
  const items = await queryAllWithPrefix(keys.team(teamId), HELD_PREFIX);
  return items.map(({ uploadId, key, versionId, fileName, heldAt }) => ({
    uploadId: String(uploadId),
    key: String(key),
    versionId: typeof versionId === 'string' ? versionId : undefined,
    fileName: String(fileName),
    heldAt: String(heldAt),
  }));
}
