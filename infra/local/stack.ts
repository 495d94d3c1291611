/**
 * The local stack: s3rver + dynalite + durable SQS queues with an SQS endpoint + the HTTP gateway,
 * running the very handlers Lambda runs. Queue consumers run as Lambda does (function-pool.ts: sandboxes
 * in child processes, timeouts that stop the work); the API handler runs in this process behind the
 * gateway. Used by `npm start` and by the integration tests.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { localBucketName, localTableName } from '../table-schema.ts';
import { loadOrCreateSecret, signDevToken, verifyDevToken } from './dev-token.ts';
import { startLocalDashboard, type LocalDashboardOptions } from './dashboard-server.ts';
import { EventSourceMapping } from './event-source.ts';
import { FunctionPool } from './function-pool.ts';
import { startGateway, type ApiHandler } from './http-gateway.ts';
import { lambdaContext } from './lambda-context.ts';
import { LocalQueues, MAX_RECEIVE_COUNT, QUEUES, type QueueKey } from './local-queues.ts';
import { notificationBody } from './s3-bridge.ts';
import { ensureBucketAndTable, startServers } from './servers.ts';
import { startSqsEndpoint } from './sqs-endpoint.ts';
import { expireStaleLocks } from './stale-locks.ts';
import { IdleCollector } from './idle-gc.ts';

/** A queue consumer's settings, as the deployed function and its event source mapping have them. */
export interface ConsumerSettings {
  batchSize: number;
  /** Batches at once (the mapping's maximum concurrency). */
  maxConcurrency: number;
  timeoutMs: number;
  memoryMb: number;
  /** A sandbox without work for this long is retired (its memory given back). */
  idleMs: number;
}

const CONSUMERS: Record<QueueKey, { module: string; defaults: ConsumerSettings }> = {
  ingest: { module: '../../functions/ingest.ts', defaults: { batchSize: 5, maxConcurrency: 4, timeoutMs: 300_000, memoryMb: 1024, idleMs: 10_000 } },
  // A large upload's chunks, one a batch, beside (never in front of) the uploads that arrive meanwhile.
  ingestParts: { module: '../../functions/ingest.ts', defaults: { batchSize: 1, maxConcurrency: 2, timeoutMs: 300_000, memoryMb: 1024, idleMs: 10_000 } },
  // Consumed once functions/recompute.ts exists; until then its messages wait in the queue.
  recompute: { module: '../../functions/recompute.ts', defaults: { batchSize: 10, maxConcurrency: 2, timeoutMs: 300_000, memoryMb: 1024, idleMs: 10_000 } },
};

export interface LocalStackOptions {
  dataDir: string;
  /** Keep DynamoDB on disk under dataDir (npm start); tests use memory. The queues are always on disk. */
  persistDynamo?: boolean;
  apiPort?: number;
  s3Port?: number;
  dynamoPort?: number;
  sqsPort?: number;
  teamId?: string;
  /** Delay before a failed message is visible again (the queue's visibility timeout, shortened). */
  retryDelayMs?: number;
  ingest?: Partial<ConsumerSettings>;
  ingestParts?: Partial<ConsumerSettings>;
  recompute?: Partial<ConsumerSettings>;
  /** A full GC of this process this long after the last work (0: never); see idle-gc.ts. */
  idleGcMs?: number;
  /** Extra environment for the queue consumers only (fault-injection tests point them at a faulty S3). */
  functionEnv?: Record<string, string>;
  /** Seconds a whole-team recompute waits when the team means move (RECOMPUTE_TEAM_DELAY_SECONDS; the AWS stack sets 30, a laptop's bulk upload lands sooner: 3). */
  recomputeTeamDelaySeconds?: string;
  log?: (line: string) => void;
  /** Serve the dashboard (npm start, browser tests); absent: no dashboard. */
  dashboard?: LocalDashboardOptions;
}

export interface LocalStack {
  apiUrl: string;
  s3Endpoint: string;
  dynamoEndpoint: string;
  sqsEndpoint: string;
  queueUrls: Record<QueueKey, string>;
  bucket: string;
  table: string;
  region: string;
  teamId: string;
  token: string;
  /** The dashboard's address, signed in as the dev user of `teamId`; null without a dashboard. */
  dashboardUrl: string | null;
  signToken(teamId: string): Promise<string>;
  /** The ingest queue's consumer (send, deadLetters, whenIdle). */
  queue: EventSourceMapping;
  queues: LocalQueues;
  /** The consumers running (recompute only once its handler exists). */
  consumers: Partial<Record<QueueKey, EventSourceMapping>>;
  /** Resolves when every consumer's queue is empty and nothing is in flight. */
  whenIdle(): Promise<void>;
  /** Stops at once: work in flight stays queued (uncounted) and resumes on the next start. */
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
  const queues = new LocalQueues(options.dataDir);
  const sqs = await startSqsEndpoint(queues, options.sqsPort ?? 0);
  const queueUrls = { ingest: sqs.queueUrl(QUEUES.ingest), ingestParts: sqs.queueUrl(QUEUES.ingestParts), recompute: sqs.queueUrl(QUEUES.recompute) };

  // The handlers read their configuration from the environment, as on Lambda; the API handler runs in this
  // process, the consumers' sandboxes start from this environment plus their own.
  Object.assign(process.env, {
    AWS_REGION: region,
    AWS_ENDPOINT_URL_S3: servers.s3Endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: servers.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: sqs.url,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    TABLE_NAME: table,
    BUCKET_NAME: bucket,
    INGEST_QUEUE_URL: queueUrls.ingest,
    INGEST_PARTS_QUEUE_URL: queueUrls.ingestParts,
    RECOMPUTE_QUEUE_URL: queueUrls.recompute,
    RECOMPUTE_TEAM_DELAY_SECONDS: options.recomputeTeamDelaySeconds ?? process.env.RECOMPUTE_TEAM_DELAY_SECONDS ?? '3',
    POWERTOOLS_DEV: process.env.POWERTOOLS_DEV ?? 'true',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    POWERTOOLS_TRACE_ENABLED: process.env.POWERTOOLS_TRACE_ENABLED ?? 'false',
  });
  const staleLocks = await expireStaleLocks(servers.dynamoEndpoint, table);
  if (staleLocks > 0) log(`resuming ${staleLocks} upload${staleLocks === 1 ? '' : 's'} cut short by the last stop`);

  const consumers: Partial<Record<QueueKey, EventSourceMapping>> = {};
  const collector = new IdleCollector(options.idleGcMs ?? 5000, () => Object.values(consumers).some((c) => c.busy > 0));
  for (const key of Object.keys(CONSUMERS) as QueueKey[]) {
    const module = fileURLToPath(new URL(CONSUMERS[key].module, import.meta.url));
    if (!existsSync(module)) continue;
    const settings = { ...CONSUMERS[key].defaults, ...options[key] };
    const pool = new FunctionPool({ name: QUEUES[key], module, timeoutMs: settings.timeoutMs, memoryMb: settings.memoryMb, idleMs: settings.idleMs, env: options.functionEnv ?? {} });
    consumers[key] = new EventSourceMapping(queues.get(QUEUES[key])!, queues.deadLetterQueueOf(QUEUES[key])!, pool, {
      batchSize: settings.batchSize,
      maxConcurrency: settings.maxConcurrency,
      maxReceiveCount: MAX_RECEIVE_COUNT,
      retryDelayMs: options.retryDelayMs ?? 2000,
      log,
      onDelivered: () => collector.poke(),
    });
  }
  const ingest = consumers.ingest!;

  // s3rver's notifications, filtered and encoded as S3 does, into the durable ingest queue.
  servers.s3rver.on('event', (event: Parameters<typeof notificationBody>[0]) => {
    const body = notificationBody(event);
    if (body) ingest.send(body).catch((error: Error) => log(`could not queue an S3 notification: ${error.message}`));
  });

  const api = (await import('../../functions/api.ts')).handler as unknown as ApiHandler;
  const secret = loadOrCreateSecret(join(options.dataDir, 'jwt-secret'));
  const gateway = await startGateway({
    port: options.apiPort ?? 0,
    handler: async (event, context) => {
      try {
        return await api(event, context);
      } finally {
        collector.poke();
      }
    },
    verify: (token) => verifyDevToken(secret, token),
    context: () => lambdaContext('eccentric-api', 29_000),
  });
  const teamId = options.teamId ?? 'demo';
  const token = await signDevToken(secret, teamId);
  const dashboard = options.dashboard ? await startLocalDashboard(options.dashboard, { apiUrl: gateway.url, s3Endpoint: servers.s3Endpoint, bucket, region, token }) : null;
  const running = Object.values(consumers);
  return {
    apiUrl: gateway.url,
    s3Endpoint: servers.s3Endpoint,
    dynamoEndpoint: servers.dynamoEndpoint,
    sqsEndpoint: sqs.url,
    queueUrls,
    bucket,
    table,
    region,
    teamId,
    token,
    dashboardUrl: dashboard?.url ?? null,
    signToken: (team) => signDevToken(secret, team),
    queue: ingest,
    queues,
    consumers,
    whenIdle: async () => {
      // A consumer's work can queue work for another (ingest → recompute): settled when all are idle at once.
      do await Promise.all(running.map((c) => c.whenIdle()));
      while (running.some((c) => c.busy > 0 || c.queue.counts().visible + c.queue.counts().delayed > 0));
    },
    stop: async () => {
      await dashboard?.close();
      collector.stop();
      const closing = new Promise<void>((resolve) => (gateway.server as Server).close(() => resolve()));
      gateway.server.closeAllConnections?.();
      await Promise.all(running.map((c) => c.stop()));
      await sqs.close();
      queues.close();
      await closing;
      await servers.close();
    },
  };
}
