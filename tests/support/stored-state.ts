import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { localTableName } from '#infra/table-schema.ts';

/** Fields that differ between two runs of the same file under two teams (the team in the key, ids of the upload, clocks). */
const RUN_FIELDS = new Set(['pk', 'teamId', 'uploadId', 'createdAt', 'updatedAt']);

function withoutRunFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRunFields);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !RUN_FIELDS.has(k)).map(([k, v]) => [k, withoutRunFields(v)]));
}

async function scanAll(endpoint: string): Promise<Record<string, unknown>[]> {
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
  const items: Record<string, unknown>[] = [];
  try {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await ddb.send(new ScanCommand({ TableName: localTableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
  } finally {
    ddb.destroy();
  }
  return items;
}

export interface StoredState {
  /** Test items, keyed by their partition (team left out) and sort key. */
  tests: [string, unknown][];
  /** Athlete and alias items (the latest tests included). */
  athletes: [string, unknown][];
  uploads: { key: string; status: string; storedTests?: number; error?: string }[];
}

/**
 * What a team holds in the local table, comparable between two teams that ingested the same files: the
 * team id taken out of the keys, the upload ids and clocks left out. Reads the table directly (a Scan is
 * fine on the local store; the product never scans).
 */
export async function storedState(dynamoEndpoint: string, teamId: string): Promise<StoredState> {
  const prefix = `TEAM#${teamId}`;
  const mine = (await scanAll(dynamoEndpoint)).filter((i) => i.pk === prefix || String(i.pk).startsWith(`${prefix}#`));
  const key = (i: Record<string, unknown>) => `${String(i.pk).slice(prefix.length)} ${String(i.sk)}`;
  const sorted = (xs: Record<string, unknown>[]) => xs.map((i) => [key(i), withoutRunFields(i)] as [string, unknown]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return {
    tests: sorted(mine.filter((i) => i.type === 'test')),
    // Without the recompute's summaries: they settle after the upload is done (a delayed team round when
    // the team's means move) and carry their own clock; tests/integration/risk.test.ts checks them.
    athletes: sorted(mine.filter((i) => /^(ATHLETE|ALIAS)#/.test(String(i.sk))).map((i) => Object.fromEntries(Object.entries(i).filter(([k]) => !k.startsWith('summary#'))))),
    uploads: mine.filter((i) => String(i.sk).startsWith('UPLOAD#')).map((i) => ({ key: String(i.key), status: String(i.status), storedTests: i.storedTests as number | undefined, error: i.error as string | undefined })),
  };
}
