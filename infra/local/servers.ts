import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createServer, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { localIndexes, tableSchema } from '../table-schema.ts';
import { closeDynaliteIterators } from './dynalite-iterators.ts';

export interface LocalServers {
  s3Endpoint: string;
  dynamoEndpoint: string;
  s3rver: S3rver;
  close(): Promise<void>;
}

/** s3rver and dynalite on loopback; with directories they persist, without they live in memory. */
export async function startServers(options: { s3Dir: string; dynamoDir?: string | undefined; s3Port?: number; dynamoPort?: number }): Promise<LocalServers> {
  // s3rver emits a failed listen as an 'error' event nobody can subscribe to before it listens: a port in
  // use crashed `npm start` with a stack trace. Trying the port first turns that into EADDRINUSE here.
  if (options.s3Port) await assertPortFree(options.s3Port);
  const s3rver = new S3rver({ address: '127.0.0.1', port: options.s3Port ?? 0, silent: true, directory: options.s3Dir });
  const s3Address = (await s3rver.run()) as AddressInfo;
  closeDynaliteIterators();
  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.dynamoDir ? { path: options.dynamoDir } : {}) }) as Server;
  await new Promise<void>((resolve, reject) => {
    dynamo.once('error', reject);
    dynamo.listen(options.dynamoPort ?? 0, '127.0.0.1', () => resolve());
  });
  const dynamoAddress = dynamo.address() as AddressInfo;
  const inFlight = countRequestsInFlight(dynamo);
  return {
    s3Endpoint: `http://127.0.0.1:${s3Address.port}`,
    dynamoEndpoint: `http://127.0.0.1:${dynamoAddress.port}`,
    s3rver,
    close: async () => {
      // Requests of sandboxes just stopped may still be inside dynalite: let them answer before its
      // database closes under them (bounded), then drop the keep-alive connections.
      for (const deadline = Date.now() + 3000; inFlight() > 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
      ignoreWritesAfterClose();
      dynamo.closeAllConnections?.();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
      await s3rver.close();
    },
  };
}

/** How many requests the server has received and not yet answered (res.end not called). */
function countRequestsInFlight(server: Server): () => number {
  let active = 0;
  server.on('request', (_req, res) => {
    active++;
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    let ended = false;
    res.end = ((...args: unknown[]) => {
      if (!ended) (ended = true), active--;
      return end(...args);
    }) as typeof res.end;
  });
  return () => active;
}

/**
 * A request already inside dynalite when it closes (a write of a sandbox being stopped) throws "Database is
 * closed" from dynalite's own callback, uncaught: that crashed `npm start`'s clean stop (exit 1). Its message
 * stays in the durable queue and is redone on the next start, so only that error is ignored from now on.
 */
let ignoring = false;
function ignoreWritesAfterClose(): void {
  if (ignoring) return;
  ignoring = true;
  process.on('uncaughtException', (error) => {
    if (error?.message === 'Database is closed') return;
    // Another listener (a test runner) reports the rest; alone, behave as Node does without one.
    if (process.listenerCount('uncaughtException') > 1) return;
    console.error(error);
    process.exit(1);
  });
}

/** Rejects with the listen error (EADDRINUSE) when `port` on loopback cannot be listened on. */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/** Creates the bucket and the table (same key schema as the CDK stack) unless they exist. */
export async function ensureBucketAndTable(servers: LocalServers, bucket: string, table: string): Promise<void> {
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: servers.s3Endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  s3.destroy();
  const ddb = new DynamoDBClient({ region: 'us-east-1', endpoint: servers.dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await ddb.send(new DescribeTableCommand({ TableName: table }));
  } catch {
    const { partitionKey, sortKey } = tableSchema;
    await ddb.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: partitionKey, AttributeType: 'S' },
          { AttributeName: sortKey, AttributeType: 'S' },
          ...localIndexes.map((index) => ({ AttributeName: index.sortKey, AttributeType: 'S' as const })),
        ],
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        LocalSecondaryIndexes: localIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: partitionKey, KeyType: 'HASH' as const },
            { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
          ],
          Projection: { ProjectionType: 'ALL' as const },
        })),
      }),
    );
  }
  ddb.destroy();
}
