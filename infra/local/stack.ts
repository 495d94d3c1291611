/**
 * The local stack: s3rver + dynalite + the in-process queue + the HTTP gateway, running the very
 * handlers Lambda runs (functions/ingest.ts, functions/api.ts). Used by `npm start` and by the
 * integration tests.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { localBucketName, localTableName } from '../table-schema.ts';
import { loadOrCreateSecret, signDevToken, verifyDevToken } from './dev-token.ts';
import { startLocalDashboard, type LocalDashboardOptions } from './dashboard-server.ts';
import { startGateway, type ApiHandler } from './http-gateway.ts';
import { lambdaContext } from './lambda-context.ts';
import { LocalQueue } from './local-queue.ts';
import { notificationBody } from './s3-bridge.ts';
import { ensureBucketAndTable, startServers } from './servers.ts';

export interface LocalStackOptions {
  dataDir: string;
  /** Keep DynamoDB on disk under dataDir (npm start); tests use memory. */
  persistDynamo?: boolean;
  apiPort?: number;
  s3Port?: number;
  dynamoPort?: number;
  teamId?: string;
  retryDelayMs?: number;
  log?: (line: string) => void;
  /** Serve the dashboard (npm start, browser tests); absent: no dashboard. */
  dashboard?: LocalDashboardOptions;
}

export interface LocalStack {
  apiUrl: string;
  s3Endpoint: string;
  dynamoEndpoint: string;
  bucket: string;
  table: string;
  region: string;
  teamId: string;
  token: string;
  /** The dashboard's address, signed in as the dev user of `teamId`; null without a dashboard. */
  dashboardUrl: string | null;
  signToken(teamId: string): Promise<string>;
  queue: LocalQueue;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const s3Dir = join(options.dataDir, 's3');
  const dynamoDir = join(options.dataDir, 'dynamodb');
  mkdirSync(s3Dir, { recursive: true });
  if (options.persistDynamo) mkdirSync(dynamoDir, { recursive: true });
  const servers = await startServers({
    s3Dir,
    dynamoDir: options.persistDynamo ? dynamoDir : undefined,
    s3Port: options.s3Port,
    dynamoPort: options.dynamoPort,
  });
  const bucket = localBucketName;
  const table = localTableName;
  const region = 'us-east-1';
  await ensureBucketAndTable(servers, bucket, table);

  // The handlers read their configuration from the environment, as on Lambda; set it before loading them.
  Object.assign(process.env, {
    AWS_REGION: region,
    AWS_ENDPOINT_URL_S3: servers.s3Endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: servers.dynamoEndpoint,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    TABLE_NAME: table,
    BUCKET_NAME: bucket,
    POWERTOOLS_DEV: process.env.POWERTOOLS_DEV ?? 'true',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  });
  const ingest = (await import('../../functions/ingest.ts')).handler as unknown as (e: SQSEvent, c: unknown) => Promise<SQSBatchResponse>;
  const api = (await import('../../functions/api.ts')).handler as unknown as ApiHandler;

  const queue = new LocalQueue({
    batchSize: 5,
    maxReceiveCount: 5,
    retryDelayMs: options.retryDelayMs ?? 2000,
    consumer: (event) => ingest(event, lambdaContext('eccentric-ingest', 300_000)),
    onDeadLetter: (record, reason) => log(`dead-letter: message ${record.messageId} after 5 deliveries: ${reason}`),
    onError: (error) => log(`ingest failed: ${(error as Error).message}`),
  });
  servers.s3rver.on('event', (event: Parameters<typeof notificationBody>[0]) => {
    const body = notificationBody(event);
    if (body) queue.send(body);
  });

  const secret = loadOrCreateSecret(join(options.dataDir, 'jwt-secret'));
  const gateway = await startGateway({
    port: options.apiPort ?? 0,
    handler: api,
    verify: (token) => verifyDevToken(secret, token),
    context: () => lambdaContext('eccentric-api', 29_000),
  });
  const teamId = options.teamId ?? 'demo';
  const token = await signDevToken(secret, teamId);
  const dashboard = options.dashboard ? await startLocalDashboard(options.dashboard, { apiUrl: gateway.url, s3Endpoint: servers.s3Endpoint, bucket, region, token }) : null;
  return {
    apiUrl: gateway.url,
    s3Endpoint: servers.s3Endpoint,
    dynamoEndpoint: servers.dynamoEndpoint,
    bucket,
    table,
    region,
    teamId,
    token,
    dashboardUrl: dashboard?.url ?? null,
    signToken: (team) => signDevToken(secret, team),
    queue,
    stop: async () => {
      await dashboard?.close();
      await new Promise<void>((resolve) => (gateway.server as Server).close(() => resolve()));
      gateway.server.closeAllConnections?.();
      await queue.whenIdle();
      queue.stop();
      await servers.close();
    },
  };
}
